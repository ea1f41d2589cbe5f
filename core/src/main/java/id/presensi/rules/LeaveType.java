package id.presensi.rules;

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
}
