package id.presensi.recap;

/**
 * What PP 94/2021 sets for cumulative TK (absent without reason) days in a year, from a verbal warning at 3
 * days to dismissal at 28.
 */
public enum DisciplineLevel {
    NONE(0, "-"),
    VERBAL_WARNING(3, "teguran lisan"),
    WRITTEN_WARNING(4, "teguran tertulis"),
    STATEMENT_OF_DISSATISFACTION(7, "pernyataan tidak puas secara tertulis"),
    ALLOWANCE_CUT_6_MONTHS(11, "pemotongan tunjangan kinerja 25% selama 6 bulan"),
    ALLOWANCE_CUT_9_MONTHS(14, "pemotongan tunjangan kinerja 25% selama 9 bulan"),
    ALLOWANCE_CUT_12_MONTHS(17, "pemotongan tunjangan kinerja 25% selama 12 bulan"),
    DEMOTION(21, "penurunan jabatan setingkat lebih rendah selama 12 bulan"),
    NON_MANAGERIAL_POST(25, "pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan"),
    DISMISSAL(28, "pemberhentian dengan hormat tidak atas permintaan sendiri");

    private final int fromDays;
    private final String sanction;

    DisciplineLevel(int fromDays, String sanction) {
        this.fromDays = fromDays;
        this.sanction = sanction;
    }

    public String sanction() {
        return sanction;
    }

    public int fromDays() {
        return fromDays;
    }

    /** How many months the allowance is cut at this level (25 %, PP 94/2021): 6, 9 or 12; otherwise none. */
    public int allowanceCutMonths() {
        return switch (this) {
            case ALLOWANCE_CUT_6_MONTHS -> 6;
            case ALLOWANCE_CUT_9_MONTHS -> 9;
            case ALLOWANCE_CUT_12_MONTHS -> 12;
            default -> 0;
        };
    }

    public static DisciplineLevel forTkDays(int days) {
        DisciplineLevel level = NONE;
        for (DisciplineLevel l : values()) {
            if (days >= l.fromDays && l != NONE) {
                level = l;
            }
        }
        return level;
    }
}
