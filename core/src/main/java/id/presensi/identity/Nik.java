package id.presensi.identity;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Nomor Induk Kependudukan (KTP): province (2), regency (2), district (2), birth date DDMMYY with 40 added
 * to the day for women, sequence (4). The two-digit year is read as 19YY or 20YY, whichever is a real date.
 */
public record Nik(String value, String regionCode, int birthDay, int birthMonth, int birthYearOfCentury,
                  Gender gender, int sequence) {

    public static Nik parse(String raw) {
        String v = Digits.clean(raw, "NIK", 16);
        int province = Digits.number(v, 0, 2);
        if (province < 11) {
            throw new InvalidIdentityException("NIK province code " + v.substring(0, 2) + " (digits 1-2) does not exist");
        }
        if (Digits.number(v, 2, 4) == 0 || Digits.number(v, 4, 6) == 0) {
            throw new InvalidIdentityException("NIK regency and district codes (digits 3-6) cannot be 00, got "
                    + v.substring(2, 6));
        }
        int day = Digits.number(v, 6, 8);
        Gender gender = day > 40 ? Gender.FEMALE : Gender.MALE;
        int realDay = gender == Gender.FEMALE ? day - 40 : day;
        int month = Digits.number(v, 8, 10);
        int yy = Digits.number(v, 10, 12);
        if (birthDate(realDay, month, 1900 + yy).or(() -> birthDate(realDay, month, 2000 + yy)).isEmpty()) {
            throw new InvalidIdentityException("NIK birth date " + v.substring(6, 12)
                    + " (digits 7-12, DDMMYY with 40 added to the day for women) is not a real date");
        }
        int sequence = Digits.number(v, 12, 16);
        if (sequence == 0) {
            throw new InvalidIdentityException("NIK sequence (digits 13-16) cannot be 0000; "
                    + "a NIK stored as a number in a spreadsheet loses its last digits: format the column as Text");
        }
        return new Nik(v, v.substring(0, 6), realDay, month, yy, gender, sequence);
    }

    private static Optional<LocalDate> birthDate(int day, int month, int year) {
        return day < 1 ? Optional.empty() : Digits.date(year, month, day);
    }
}
