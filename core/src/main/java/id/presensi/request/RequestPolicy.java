package id.presensi.request;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * When a request may still be made: within a number of working days (Monday to Friday, not a holiday) after the
 * last day it concerns, and, for corrections, within a monthly quota. Answers the refusal in Indonesian, for the
 * phone, or nothing.
 */
public record RequestPolicy(int deadlineWorkdays, int monthlyCorrections) {
    public static final RequestPolicy DEFAULT = new RequestPolicy(3, 3);

    public Optional<String> refusal(RequestKind kind, LocalDate from, LocalDate to, LocalDate today, Set<LocalDate> holidays,
                                    long correctionsThatMonth) {
        if (to.isBefore(from)) {
            return Optional.of("Tanggal akhir sebelum tanggal awal.");
        }
        if (from.isAfter(today.plusYears(1))) {
            return Optional.of("Tanggal terlalu jauh ke depan: paling lama setahun dari hari ini.");
        }
        if (kind.isCorrection() && from.isAfter(today)) {
            return Optional.of("Koreksi presensi hanya untuk hari yang sudah lewat atau hari ini.");
        }
        LocalDate deadline = deadline(to, holidays);
        if (today.isAfter(deadline)) {
            return Optional.of("Batas pengajuan sudah lewat: paling lambat " + deadlineWorkdays + " hari kerja setelah " + to
                    + " (" + deadline + ").");
        }
        if (kind.isCorrection() && correctionsThatMonth >= monthlyCorrections) {
            return Optional.of("Jatah koreksi bulan ini sudah habis (" + monthlyCorrections + " kali).");
        }
        return Optional.empty();
    }

    /** The last day a request about days up to {@code lastDay} may still be made. */
    public LocalDate deadline(LocalDate lastDay, Set<LocalDate> holidays) {
        return addWorkdays(lastDay, deadlineWorkdays, holidays);
    }

    /** The day {@code n} working days after {@code day}. */
    static LocalDate addWorkdays(LocalDate day, int n, Set<LocalDate> holidays) {
        LocalDate d = day;
        for (int added = 0; added < n; ) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(d)) {
                added++;
            }
        }
        return d;
    }
}
