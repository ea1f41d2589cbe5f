package id.presensi.apel;

import id.presensi.rules.Holiday;
import id.presensi.rules.Leave;
import id.presensi.rules.PersonRules;
import id.presensi.rules.LeaveType;
import id.presensi.staff.EmployeeType;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which apel applies to an employee on a date, and why. Pure: the caller gives the day's facts.
 *
 * @param apel   the apel
 * @param duty   what it asks of the employee
 * @param reason in Indonesian, for the phone page and {@code policy explain}
 */
public record ApelDay(Apel apel, ApelDuty duty, String reason) {

    /**
     * The facts of one employee's date that decide an apel.
     *
     * @param unitChain      the employee's unit code, then its parent's, up to the top (scope is inherited by sub-units)
     * @param holiday        the date's holiday or cuti bersama, if any
     * @param cancelled      apel id to reason, for the cancellations ("apel ditiadakan") of the date
     * @param leave          the employee's leave (or DL) on the date, if any
     * @param rosterDayOff   a shift worker whose roster gives the date off
     */
    public record Facts(LocalDate date, List<String> unitChain, EmployeeType type, Optional<Holiday> holiday,
                        Map<Long, String> cancelled, Optional<LeaveType> leave, boolean rosterDayOff) {
    }

    /** The facts of a date from the rules gathered for the employee (PersonRules), with the date's cancellations. */
    public static Facts facts(PersonRules rules, EmployeeType type, LocalDate date, Map<Long, String> cancelled) {
        PersonRules r = rules.on(date);
        Optional<Holiday> holiday = r.holidays().stream().filter(h -> h.day().equals(date)).findFirst();
        Optional<LeaveType> leave = r.leave().stream().filter(l -> !date.isBefore(l.from()) && !date.isAfter(l.to())).map(Leave::type).findFirst();
        boolean dayOff = r.roster().stream().anyMatch(d -> d.date().equals(date) && d.shift().isEmpty());
        return new Facts(date, r.unitChain(), type, holiday, cancelled, leave, dayOff);
    }

    /** Every apel held that day for this employee, with its duty; those not held for them are left out. */
    public static List<ApelDay> of(List<Apel> apels, Facts facts) {
        return apels.stream().map(a -> decide(a, facts)).filter(d -> d.duty() != ApelDuty.NONE).toList();
    }

    /**
     * TA (tidak apel): a required apel with no accepted apel check-in and, where the apel lets fingerprint punches count,
     * no punch within its window.
     */
    public boolean missed(boolean checkedIn, List<LocalTime> fingerprintPunches) {
        if (duty != ApelDuty.REQUIRED || checkedIn) {
            return false;
        }
        return !apel.fingerprintCounts() || fingerprintPunches.stream().noneMatch(apel::within);
    }

    public static ApelDay decide(Apel apel, Facts f) {
        if (!apel.when().fallsOn(f.date()) || !apel.calls(f.unitChain(), f.type())) {
            return new ApelDay(apel, ApelDuty.NONE, "tidak ada apel");
        }
        // a holiday cancels the apel itself, not just the employee's duty: nobody is called on a day off by decree
        if (f.holiday().isPresent()) {
            Holiday h = f.holiday().get();
            return new ApelDay(apel, ApelDuty.CANCELLED, "ditiadakan: " + (h.kind() == Holiday.Kind.CUTI_BERSAMA ? "cuti bersama" : "hari libur")
                    + " (" + h.description() + ")");
        }
        String cancelled = f.cancelled().get(apel.id());
        if (cancelled != null) {
            return new ApelDay(apel, ApelDuty.CANCELLED, "ditiadakan: " + cancelled);
        }
        if (f.leave().isPresent()) {
            LeaveType l = f.leave().get();
            return new ApelDay(apel, ApelDuty.EXCUSED, "dispensasi: " + l.name() + " (" + l.description() + ")");
        }
        if (f.rosterDayOff()) {
            return new ApelDay(apel, ApelDuty.EXCUSED, "dispensasi: libur menurut jadwal dinas");
        }
        return new ApelDay(apel, ApelDuty.REQUIRED, "wajib hadir " + apel.opens() + "-" + apel.closes());
    }
}
