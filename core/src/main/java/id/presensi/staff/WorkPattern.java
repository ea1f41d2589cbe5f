package id.presensi.staff;

import java.util.Locale;
import java.util.Optional;

/** Office hours by schedule, or shifts by roster (RSUD, Damkar, Satpol PP, BPBD, puskesmas). */
public enum WorkPattern {
    REGULAR("REGULER"), SHIFT("SHIFT");

    private final String label;

    WorkPattern(String label) {
        this.label = label;
    }

    /** The word used in files and reports (POLA_KERJA). */
    public String label() {
        return label;
    }

    /** REGULER or SHIFT as files write them; empty for anything else (a blank cell is the caller's to decide). */
    public static Optional<WorkPattern> fromPolaKerja(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "REGULER", "REGULAR" -> Optional.of(REGULAR);
            case "SHIFT", "SIF" -> Optional.of(SHIFT);
            default -> Optional.empty();
        };
    }
}
