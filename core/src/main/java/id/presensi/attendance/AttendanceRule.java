package id.presensi.attendance;

import id.presensi.checkin.PunchType;
import id.presensi.rules.DayPlan;
import id.presensi.rules.Expected;
import id.presensi.rules.Leave;
import id.presensi.text.StaffText;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The daily attendance rule: one pure function from a day's plan (schedule or rostered shift, holiday, leave)
 * and the day's accepted punches to the record recaps are made of.
 *
 * <ul>
 * <li>Leave wins over TK on a working day; on a day off it is LIBUR (leave does not use up days off).</li>
 * <li>A day off (weekend, holiday, roster L) is LIBUR, flagged when the person punched anyway.</li>
 * <li>The first check-in inside the check-in window and the last check-out inside the check-out window count;
 *     punches outside the windows are ignored. Late is measured from start plus grace, early from end minus grace.</li>
 * <li>No check-in and no check-out on a working day is TK; one missing is TL4 or PSW4.</li>
 * <li>A working day whose check-out window has not closed yet is in progress: BELUM, never TK or PSW4, until a
 *     run after the window closes makes it final.</li>
 * </ul>
 */
public final class AttendanceRule {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH.mm");

    private AttendanceRule() {
    }

    /** The record of a day that is over. */
    public static DailyAttendance decide(DayPlan plan, List<Punch> punches, StatusBands bands) {
        return decide(plan, punches, bands, Optional.empty());
    }

    /**
     * The record of a day as it stands at {@code now} (local time in the person's zone): a working day whose
     * check-out window is still open, or whose check-in window has not opened, is provisional.
     */
    public static DailyAttendance decide(DayPlan plan, List<Punch> punches, StatusBands bands, Optional<LocalDateTime> now) {
        DailyAttendance settled = decideFinal(plan, punches, bands);
        Optional<Expected> expected = plan.expected();
        if (now.isEmpty() || expected.isEmpty() || plan.leave().isPresent() || now.get().isAfter(expected.get().checkOut().closes())) {
            return settled;
        }
        Expected e = expected.get();
        String why = now.get().isBefore(e.checkIn().opens())
                ? "Belum mulai: presensi masuk dibuka pukul " + HOUR.format(e.checkIn().opens()) + "."
                : settled.firstIn().isEmpty()
                ? "Belum presensi: presensi pulang ditutup pukul " + HOUR.format(e.checkOut().closes()) + "."
                : "Belum selesai: masuk " + HOUR.format(settled.firstIn().get()) + (settled.lateMin() > 0 ? " (terlambat " + settled.lateMin() + " menit)" : "")
                        + settled.lastOut().map(out -> ", pulang " + HOUR.format(out) + ";").orElse(",")
                        + " presensi pulang ditutup pukul " + HOUR.format(e.checkOut().closes()) + ".";
        return new DailyAttendance(settled.workDate(), settled.expectedStart(), settled.expectedEnd(), settled.shiftCode(), settled.dayOff(),
                settled.firstIn(), settled.lastOut(), settled.lateMin(), 0, List.of(StatusCode.BELUM.name()), settled.flags(), why);
    }

    private static DailyAttendance decideFinal(DayPlan plan, List<Punch> punches, StatusBands bands) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (plan.expected().isEmpty()) {
            if (!punches.isEmpty()) {
                flags.add(Flag.WORKED_ON_DAY_OFF);
            }
            String why = plan.holiday().map(h -> "Libur: " + h.description())
                    .orElse(plan.dayOff().map(d -> StaffText.DAY_OFF_BECAUSE.format(d.source())).orElse(StaffText.DAY_OFF.format()));
            return new DailyAttendance(plan.date(), Optional.empty(), Optional.empty(), Optional.empty(),
                    plan.dayOff().map(DayPlan.DayOff::reason), Optional.empty(), Optional.empty(), 0, 0, List.of(StatusCode.LIBUR.name()), flags,
                    why + (flags.isEmpty() ? "." : "; ada presensi pada hari libur."));
        }
        Expected e = plan.expected().get();
        Optional<Punch> in = punches.stream()
                .filter(p -> p.type().map(t -> t == PunchType.IN).orElse(true) && e.checkIn().contains(p.at()))
                .min(Comparator.comparing(Punch::at));
        Optional<Punch> out = punches.stream()
                .filter(p -> p.type().map(t -> t == PunchType.OUT).orElse(true) && e.checkOut().contains(p.at()))
                .filter(p -> in.isEmpty() || p.at().isAfter(in.get().at()))
                .max(Comparator.comparing(Punch::at));
        in.ifPresent(p -> flagsOf(p, flags));
        out.ifPresent(p -> flagsOf(p, flags));
        if (plan.leave().isPresent()) {
            Leave leave = plan.leave().get();
            return record(plan, e, in, out, 0, 0, List.of(StatusCode.of(leave.type()).name()), flags, leave.type().description().substring(0, 1).toUpperCase()
                    + leave.type().description().substring(1) + leave.reference().map(r -> " (" + r + ")").orElse("") + ".");
        }
        if (in.isEmpty() && out.isEmpty()) {
            return record(plan, e, in, out, 0, 0, List.of(StatusCode.TK.name()), flags, "Tanpa keterangan: tidak ada presensi masuk maupun pulang.");
        }
        long late = in.map(p -> minutesAfter(e.lateAfter(), p.at())).orElse(0L);
        long early = out.map(p -> minutesAfter(p.at(), e.earlyBefore())).orElse(0L);
        List<String> codes = new ArrayList<>();
        if (in.isEmpty()) {
            codes.add(StatusCode.TL4.name());
        } else if (late > 0) {
            codes.add(StatusCode.late(bands.band(late)).name());
        }
        if (out.isEmpty()) {
            codes.add(StatusCode.PSW4.name());
        } else if (early > 0) {
            codes.add(StatusCode.early(bands.band(early)).name());
        }
        if (codes.isEmpty()) {
            codes.add(StatusCode.H.name());
        }
        String inText = in.map(p -> "masuk " + HOUR.format(p.at()) + (late > 0 ? " (terlambat " + late + " menit)" : ""))
                .orElse("tidak presensi masuk");
        String outText = out.map(p -> "pulang " + HOUR.format(p.at()) + (early > 0 ? " (" + early + " menit sebelum waktunya)" : ""))
                .orElse("tidak presensi pulang");
        String text = Character.toUpperCase(inText.charAt(0)) + inText.substring(1) + ", " + outText + ".";
        return record(plan, e, in, out, late, early, codes, flags, text);
    }

    /** Whole minutes from {@code from} to {@code to}, any started minute counting; zero when not after. */
    private static long minutesAfter(LocalDateTime from, LocalDateTime to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        long seconds = Duration.between(from, to).toSeconds();
        return (seconds + 59) / 60;
    }

    private static void flagsOf(Punch p, Set<Flag> flags) {
        if (p.offlineSynced()) {
            flags.add(Flag.OFFLINE_SYNCED);
        }
        if (p.workFromHome()) {
            flags.add(Flag.WORK_FROM_HOME);
        }
        if (p.workFromAnywhere()) {
            flags.add(Flag.WORK_FROM_ANYWHERE);
        }
        switch (p.source()) {
            case FINGERPRINT -> flags.add(Flag.FINGERPRINT);
            case KOREKSI -> flags.add(Flag.CORRECTED);
            case APP -> { }
        }
    }

    private static DailyAttendance record(DayPlan plan, Expected e, Optional<Punch> in, Optional<Punch> out, long late, long early,
                                          List<String> codes, Set<Flag> flags, String explanation) {
        return new DailyAttendance(plan.date(), Optional.of(e.workStart()), Optional.of(e.workEnd()), e.shiftCode(), Optional.empty(),
                in.map(Punch::at), out.map(Punch::at), late, early, List.copyOf(codes), flags, explanation);
    }
}
