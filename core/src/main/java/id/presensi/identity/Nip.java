package id.presensi.identity;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Nomor Induk Pegawai: 18 digits. A PNS NIP is birth date (YYYYMMDD), TMT CPNS (YYYYMM), gender, sequence.
 * An NI PPPK is birth date, appointment year (YYYY), the PPPK code 2, one more digit, gender, sequence;
 * digit 13 tells the two apart (0 or 1 is the first digit of a month, 2 is PPPK).
 *
 * @param appointment the TMT CPNS month for a PNS; January of the appointment year for PPPK
 */
public record Nip(String value, Kind kind, LocalDate birthDate, YearMonth appointment, Gender gender, int sequence) {

    /** Entering the civil service below this age is not possible; a NIP that says so is mistyped. */
    static final int MINIMUM_AGE_AT_APPOINTMENT = 18;

    public enum Kind { PNS, PPPK }

    public static Nip parse(String raw) {
        String v = Digits.clean(raw, "NIP", 18);
        LocalDate birth = Digits.date(Digits.number(v, 0, 4), Digits.number(v, 4, 6), Digits.number(v, 6, 8))
                .filter(d -> d.getYear() >= 1900)
                .orElseThrow(() -> new InvalidIdentityException(
                        "NIP birth date " + v.substring(0, 8) + " (digits 1-8) is not a real date"));
        Kind kind = switch (v.charAt(12)) {
            case '0', '1' -> Kind.PNS;
            case '2' -> Kind.PPPK;
            default -> throw new InvalidIdentityException("NIP digit 13 must be 0 or 1 (month of TMT CPNS) or 2 "
                    + "(PPPK), got " + v.charAt(12));
        };
        YearMonth appointment = kind == Kind.PNS ? pnsAppointment(v) : YearMonth.of(Digits.number(v, 8, 12), 1);
        checkAge(v, kind, birth, appointment);
        Gender gender = switch (v.charAt(14)) {
            case '1' -> Gender.MALE;
            case '2' -> Gender.FEMALE;
            default -> throw new InvalidIdentityException(
                    "NIP gender digit (digit 15) must be 1 or 2, got " + v.charAt(14));
        };
        int sequence = Digits.number(v, 15, 18);
        if (sequence == 0) {
            throw new InvalidIdentityException("NIP sequence (digits 16-18) must be 001-999, got 000; "
                    + "a NIP stored as a number in a spreadsheet loses its last digits: format the column as Text");
        }
        return new Nip(v, kind, birth, appointment, gender, sequence);
    }

    private static YearMonth pnsAppointment(String v) {
        int year = Digits.number(v, 8, 12);
        int month = Digits.number(v, 12, 14);
        if (month < 1 || month > 12) {
            throw new InvalidIdentityException("NIP TMT CPNS " + v.substring(8, 14)
                    + " (digits 9-14) is not a real year and month");
        }
        return YearMonth.of(year, month);
    }

    private static void checkAge(String v, Kind kind, LocalDate birth, YearMonth appointment) {
        boolean tooYoung = kind == Kind.PNS
                ? appointment.isBefore(YearMonth.from(birth).plusYears(MINIMUM_AGE_AT_APPOINTMENT))
                : appointment.getYear() - birth.getYear() < MINIMUM_AGE_AT_APPOINTMENT;
        if (tooYoung) {
            String what = kind == Kind.PNS ? "TMT CPNS " + appointment : "PPPK appointment year " + appointment.getYear();
            throw new InvalidIdentityException("NIP " + what + " is less than " + MINIMUM_AGE_AT_APPOINTMENT
                    + " years after the birth date " + birth);
        }
    }
}
