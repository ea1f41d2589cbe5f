package id.presensi.staff;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layouts personnel data comes in, as column renames to our fields: {@code staff import --preset siasn}
 * instead of a --map per column. Value formats need nothing more: a NIP with spaces, gelar in their own
 * columns and a unit given by its name are read as they are.
 */
public enum StaffLayout {
    /**
     * BKN's SIASN "data utama" fields (camelCase), as its web service and the exports built on it name them;
     * source: shared/formats-research.md 2.1 (the ws-siasn-php SDK and integrations using it). The unit is
     * {@code unorNama} (the work unit, matched to a unit's code or exact name); a regency whose units are the
     * OPDs maps {@code unorIndukNama} instead: {@code --map unorIndukNama=KODE_UNIT}.
     */
    SIASN(Map.of("nipBaru", StaffFields.NIP, "nik", StaffFields.NIK, "nama", StaffFields.NAMA,
            "gelarDepan", StaffFields.GELAR_DEPAN, "gelarBelakang", StaffFields.GELAR_BELAKANG,
            "jenisPegawaiNama", StaffFields.JENIS, "jabatanNama", StaffFields.JABATAN, "unorNama", StaffFields.KODE_UNIT));

    private final Map<String, String> renames;

    StaffLayout(Map<String, String> renames) {
        this.renames = renames;
    }

    /** The layout's renames, with the operator's own --map taking the place of any for the same field. */
    public Map<String, String> renames(Map<String, String> operators) {
        Map<String, String> all = new LinkedHashMap<>(operators);
        renames.forEach((from, to) -> {
            if (!all.containsKey(from) && !all.containsValue(to)) {
                all.put(from, to);
            }
        });
        return all;
    }
}
