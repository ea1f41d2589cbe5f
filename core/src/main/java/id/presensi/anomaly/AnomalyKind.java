package id.presensi.anomaly;

/** The signals of titip absen, with the Indonesian name reports use. */
public enum AnomalyKind {
    SAME_HAND("Satu tangan, banyak ponsel"),
    REPEATED_POSITION("Posisi berulang persis sama"),
    CONSTANT_ACCURACY("Akurasi GPS tidak pernah berubah"),
    ON_CENTRE("Tepat di titik pusat lokasi"),
    IMPOSSIBLE_TRAVEL("Perjalanan mustahil"),
    MACHINE_APP("Mesin sidik jari dan aplikasi berjauhan"),
    DEVICE_CHURN("Ganti ponsel berulang"),
    REUSED_PHOTO("Swafoto dipakai ulang"),
    SHARED_MODEL("Serentak pindah ke ponsel sama");

    private final String title;

    AnomalyKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
