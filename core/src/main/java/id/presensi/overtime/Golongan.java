package id.presensi.overtime;

import java.util.Locale;
import java.util.Optional;

/** A civil servant's grade (golongan) as the Standar Biaya prices overtime: I to IV, the ruang letter ignored. */
public enum Golongan {
    I, II, III, IV;

    /** Reads "III", "III/a", "III/A", "3" or "3a" as an SPL or a payroll export writes it. */
    public static Optional<Golongan> parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        int slash = t.indexOf('/');
        if (slash >= 0) {
            t = t.substring(0, slash).strip();
        }
        t = t.replaceAll("(?<=[0-9])[A-E]$", "");
        return switch (t) {
            case "I", "1" -> Optional.of(I);
            case "II", "2" -> Optional.of(II);
            case "III", "3" -> Optional.of(III);
            case "IV", "4" -> Optional.of(IV);
            default -> Optional.empty();
        };
    }
}
