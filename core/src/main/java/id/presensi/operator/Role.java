package id.presensi.operator;

import java.util.Locale;

/** What an operator may do: BKPSDM the whole regency, an OPD admin one unit's subtree; each is a PostgreSQL group. */
public enum Role {
    BKPSDM("presensi_bkpsdm"), OPD_ADMIN("presensi_opd_admin");

    private final String group;

    Role(String group) {
        this.group = group;
    }

    /** The PostgreSQL group whose rights the operator's login role inherits. */
    public String group() {
        return group;
    }

    public static Role parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "bkpsdm" -> BKPSDM;
            case "opd-admin", "opd_admin" -> OPD_ADMIN;
            default -> throw new IllegalArgumentException("--role must be bkpsdm or opd-admin, got '" + text + "'");
        };
    }
}
