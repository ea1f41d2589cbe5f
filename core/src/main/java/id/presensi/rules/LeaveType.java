package id.presensi.rules;

import java.util.List;
import java.util.Locale;

/** Leave and absence with a reason, as the recaps code them. */
public enum LeaveType {
    CT("cuti tahunan"), CS("cuti sakit"), CB("cuti besar"), CM("cuti melahirkan"), CAP("cuti karena alasan penting"),
    CLTN("cuti di luar tanggungan negara"), S("sakit"), I("izin"), DL("dinas luar"), TB("tugas belajar");

    private final String description;

    LeaveType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** As files and operators write it (ct, CT). */
    public static LeaveType parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be one of " + List.of(values()) + ", got '" + text.strip() + "'");
        }
    }
}
