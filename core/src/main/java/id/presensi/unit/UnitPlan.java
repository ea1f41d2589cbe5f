package id.presensi.unit;

import id.presensi.imports.FieldError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a unit file against the units already stored: codes well formed and not repeated, parents that
 * exist (in the database or among the file's valid rows), no unit that would become its own ancestor.
 */
public final class UnitPlan {
    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9._-]{0,31}");

    /** A source row after the checks of one field at a time. */
    public record Row(int rowNumber, String code, String name, String parentCode, String zone, String opd) {
    }

    private final Map<String, Unit> accepted = new LinkedHashMap<>();
    private final Map<Integer, List<FieldError>> rejected = new LinkedHashMap<>();

    public static UnitPlan of(List<Row> rows, Map<String, String> storedParentByCode) {
        UnitPlan plan = new UnitPlan();
        Map<String, Integer> rowByCode = new HashMap<>();
        Map<Integer, Unit> candidates = new LinkedHashMap<>();
        // a parent may be named as people write it, by the name of a unit in the same file ("Dinas Kesehatan")
        Map<String, String> codeByName = new HashMap<>();
        Set<String> codesInFile = new HashSet<>();
        for (Row row : rows) {
            String code = row.code().strip().toUpperCase(Locale.ROOT);
            codesInFile.add(code);
            codeByName.merge(nameKey(row.name()), code, (a, b) -> a.equals(b) ? a : ""); // a name two rows share names neither
        }
        for (Row row : rows) {
            List<FieldError> errors = new ArrayList<>();
            String code = row.code().strip().toUpperCase(Locale.ROOT);
            if (!CODE.matcher(code).matches()) {
                errors.add(new FieldError(UnitFields.KODE_UNIT, "must be 1-32 letters, digits, '.', '_' or '-', got '" + row.code().strip() + "'"));
            } else if (rowByCode.containsKey(code)) {
                errors.add(new FieldError(UnitFields.KODE_UNIT, "unit " + code + " already appears at row " + rowByCode.get(code)));
            }
            String name = row.name().strip().replaceAll("\\s+", " ");
            if (name.isEmpty()) {
                errors.add(new FieldError(UnitFields.NAMA_UNIT, "is empty"));
            }
            String parent = row.parentCode().strip().toUpperCase(Locale.ROOT);
            if (!parent.isEmpty() && !codesInFile.contains(parent) && !storedParentByCode.containsKey(parent)
                    && !codeByName.getOrDefault(nameKey(row.parentCode()), "").isEmpty()) {
                parent = codeByName.get(nameKey(row.parentCode()));
            }
            if (parent.equals(code) && !code.isEmpty()) {
                errors.add(new FieldError(UnitFields.KODE_INDUK, "a unit cannot be its own parent"));
            }
            var zone = TimeZones.parse(row.zone());
            if (zone.isEmpty()) {
                errors.add(new FieldError(UnitFields.ZONA_WAKTU, "must be WIB, WITA, WIT (or Asia/Jakarta, Asia/Makassar, Asia/Jayapura), got '" + row.zone().strip() + "'"));
            }
            Optional<Optional<Boolean>> opd = opd(row.opd());
            if (opd.isEmpty()) {
                errors.add(new FieldError(UnitFields.OPD, "must be YA or TIDAK (Y/T, YES/NO), or empty, got '" + row.opd().strip() + "'"));
            }
            if (errors.isEmpty()) {
                rowByCode.put(code, row.rowNumber());
                candidates.put(row.rowNumber(), new Unit(code, name, parent.isEmpty() ? null : parent, zone.get(), opd.get()));
            } else {
                rowByCode.putIfAbsent(code, row.rowNumber());
                plan.rejected.put(row.rowNumber(), errors);
            }
        }
        plan.resolveParents(candidates, storedParentByCode);
        return plan;
    }

    /** The OPD cell: yes, no, or not said (empty); nothing when it is none of those. */
    static Optional<Optional<Boolean>> opd(String text) {
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "" -> Optional.of(Optional.empty());
            case "YA", "Y", "YES", "TRUE", "1" -> Optional.of(Optional.of(true));
            case "TIDAK", "T", "N", "NO", "FALSE", "0" -> Optional.of(Optional.of(false));
            default -> Optional.empty();
        };
    }

    private static String nameKey(String name) {
        return name.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** Drops rows whose parent is unknown or would make a cycle, repeatedly, since one drop can orphan another. */
    private void resolveParents(Map<Integer, Unit> candidates, Map<String, String> storedParentByCode) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, String> parentByCode = new HashMap<>(storedParentByCode);
            candidates.values().forEach(u -> parentByCode.put(u.code(), u.parentCode()));
            for (var it = candidates.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Unit unit = entry.getValue();
                String problem = null;
                if (unit.parentCode() != null && !parentByCode.containsKey(unit.parentCode())) {
                    problem = "parent unit " + unit.parentCode() + " does not exist (neither stored nor a valid row of this file)";
                } else if (isInCycle(unit.code(), parentByCode)) {
                    problem = "parent " + unit.parentCode() + " makes " + unit.code() + " its own ancestor";
                }
                if (problem != null) {
                    rejected.put(entry.getKey(), List.of(new FieldError(UnitFields.KODE_INDUK, problem)));
                    it.remove();
                    changed = true;
                }
            }
        }
        candidates.values().forEach(u -> accepted.put(u.code(), u));
    }

    private static boolean isInCycle(String code, Map<String, String> parentByCode) {
        Set<String> seen = new HashSet<>();
        String current = parentByCode.get(code);
        while (current != null) {
            if (current.equals(code) || !seen.add(current)) {
                return true;
            }
            current = parentByCode.get(current);
        }
        return false;
    }

    /** Valid units, parents before children. */
    public List<Unit> accepted() {
        List<Unit> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < accepted.size()) {
            for (Unit unit : accepted.values()) {
                boolean parentReady = unit.parentCode() == null || !accepted.containsKey(unit.parentCode())
                        || placed.contains(unit.parentCode());
                if (!placed.contains(unit.code()) && parentReady) {
                    ordered.add(unit);
                    placed.add(unit.code());
                }
            }
        }
        return ordered;
    }

    public Map<Integer, List<FieldError>> rejected() {
        return rejected;
    }
}
