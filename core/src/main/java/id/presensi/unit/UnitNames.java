package id.presensi.unit;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds a unit as files name it: by its code (RSUD-IGD), or by its exact name whatever the case and spacing
 * ("Instalasi  Gawat Darurat"), as personnel exports write "Unit Kerja: INSTALASI GAWAT DARURAT". A name two
 * units share is refused naming both, never guessed.
 */
public final class UnitNames {
    private final Map<String, String> codes = new HashMap<>();
    private final Map<String, List<String>> codesByName = new HashMap<>();
    private final Map<String, String> nameByCode;

    /** @param nameByCode every unit's name by its code */
    public UnitNames(Map<String, String> nameByCode) {
        this.nameByCode = new TreeMap<>(nameByCode);
        nameByCode.forEach((code, name) -> {
            codes.put(code.toUpperCase(Locale.ROOT), code);
            codesByName.merge(key(name), List.of(code), (a, b) -> concat(a, b));
        });
    }

    /** The code of the unit the text names. */
    public String resolve(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        String code = codes.get(t.toUpperCase(Locale.ROOT));
        if (code != null) {
            return code;
        }
        List<String> byName = codesByName.getOrDefault(key(t), List.of());
        if (byName.size() == 1) {
            return byName.get(0);
        }
        if (byName.size() > 1) {
            throw new IllegalArgumentException("'" + t + "' is the name of " + byName.size() + " units ("
                    + String.join(", ", byName.stream().sorted().map(c -> c + " " + nameByCode.get(c)).toList())
                    + "); write the KODE_UNIT instead");
        }
        throw new IllegalArgumentException("unit " + t + " does not exist (neither a KODE_UNIT nor a unit's name); "
                + "import it first with 'presensi unit import'");
    }

    private static String key(String name) {
        return name.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
