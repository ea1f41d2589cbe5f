package id.presensi.staff;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.Optional;

/** PNS (civil servant), PPPK (contract civil servant), PTT (non-permanent staff, honorer: no NIP). */
public enum EmployeeType {
    PNS, PPPK, PTT;

    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Reads JENIS as payroll exports write it; honorer and non-ASN staff are PTT. */
    public static Optional<EmployeeType> fromJenis(String text) {
        String t = SPACES.matcher(text.strip().toUpperCase(Locale.ROOT).replace('-', ' ')).replaceAll(" ");
        return switch (t) {
            case "PNS", "CPNS", "PNS DAERAH", "PNS PUSAT", "PNS PUSAT DPK" -> Optional.of(PNS);
            case "PPPK", "P3K" -> Optional.of(PPPK);
            case "PTT", "HONORER", "NON ASN", "THL" -> Optional.of(PTT);
            default -> Optional.empty();
        };
    }

    public boolean keyedByNip() {
        return this != PTT;
    }
}
