package id.presensi.unit;

import id.presensi.imports.FileLayout;
import id.presensi.imports.ImportKind;

import java.util.List;
import java.util.Set;

/** The canonical columns of a unit file. */
public final class UnitFields {
    public static final String KODE_UNIT = "KODE_UNIT";
    public static final String NAMA_UNIT = "NAMA_UNIT";
    public static final String KODE_INDUK = "KODE_INDUK";
    public static final String ZONA_WAKTU = "ZONA_WAKTU";
    /** Whether the unit is an OPD (YA/TIDAK); left out, a new unit takes its place in the tree's answer, a stored one keeps its own. */
    public static final String OPD = "OPD";

    public static final List<String> ALL = List.of(KODE_UNIT, NAMA_UNIT, KODE_INDUK, ZONA_WAKTU, OPD);
    public static final Set<String> REQUIRED = Set.of(KODE_UNIT, NAMA_UNIT);

    public static final FileLayout LAYOUT = new FileLayout(ImportKind.UNIT, ALL, REQUIRED);

    private UnitFields() {
    }
}
