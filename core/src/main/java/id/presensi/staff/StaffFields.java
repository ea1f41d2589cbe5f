package id.presensi.staff;

import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The canonical columns of a staff file. */
public final class StaffFields {
    public static final String NIP = "NIP";
    public static final String NIK = "NIK";
    public static final String NAMA = "NAMA";
    public static final String JENIS = "JENIS";
    public static final String KODE_UNIT = "KODE_UNIT";
    public static final String JABATAN = "JABATAN";
    public static final String POLA_KERJA = "POLA_KERJA";
    /** Titles before and after the name, as SIASN exports keep them (gelarDepan, gelarBelakang). */
    public static final String GELAR_DEPAN = "GELAR_DEPAN";
    public static final String GELAR_BELAKANG = "GELAR_BELAKANG";

    public static final List<String> ALL = List.of(NIP, NIK, NAMA, JENIS, KODE_UNIT, JABATAN, POLA_KERJA, GELAR_DEPAN, GELAR_BELAKANG);
    public static final Set<String> REQUIRED = Set.of(NAMA, JENIS, KODE_UNIT);

    /** How personnel and payroll exports spell our columns (case, spaces and underscores aside). */
    public static final Map<String, List<String>> ALIASES = Map.of(
            NIP, List.of("NIP Baru", "NIP 18"),
            NAMA, List.of("Nama Pegawai", "Nama Lengkap", "Nama ASN"),
            JENIS, List.of("Status Pegawai", "Jenis Pegawai", "Jenis ASN"),
            KODE_UNIT, List.of("Unit Kerja", "Unor", "Satuan Kerja", "OPD", "SKPD"),
            JABATAN, List.of("Nama Jabatan"),
            GELAR_DEPAN, List.of("Glr Depan"),
            GELAR_BELAKANG, List.of("Glr Belakang"));

    /** The staff file's layout: each row is keyed by its NIP or its NIK, so the header must hold one of them. */
    public static final FileLayout LAYOUT = new FileLayout(ImportKind.STAFF, ALL, REQUIRED, ALIASES, List.of(NIP, NIK));

    private StaffFields() {
    }
}
