package id.presensi.sheet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the canonical columns (NIP, KODE_UNIT, ...) in a file's header, ignoring case, spaces and
 * underscores ("Kode Unit" is KODE_UNIT), after applying the operator's renames ({@code --map "NIP BARU=NIP"}).
 */
public final class HeaderMapping {

    private final Map<String, Integer> indexByField;

    private HeaderMapping(Map<String, Integer> indexByField) {
        this.indexByField = indexByField;
    }

    public static HeaderMapping resolve(String source, List<String> header, List<String> fields, Set<String> required,
                                        Map<String, String> renames) {
        return resolve(source, header, fields, required, renames, Map.of());
    }

    /**
     * As above, and a field missing under its own name is found under one of its {@code aliases}, the spellings
     * other systems use ("NIP Baru" for NIP, "Unit Kerja" for KODE_UNIT); an operator's --map comes first.
     */
    public static HeaderMapping resolve(String source, List<String> header, List<String> fields, Set<String> required,
                                        Map<String, String> renames, Map<String, List<String>> aliases) {
        Map<String, String> renamesByKey = new HashMap<>();
        renames.forEach((from, to) -> {
            String target = key(to);
            if (fields.stream().noneMatch(f -> key(f).equals(target))) {
                throw new TableFormatException("--map " + from + "=" + to + ": " + to + " is not a field; fields are " + fields);
            }
            renamesByKey.put(key(from), target);
        });
        Map<String, Integer> found = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String k = key(header.get(i));
            String target = renamesByKey.getOrDefault(k, k);
            for (String field : fields) {
                if (key(field).equals(target)) {
                    if (found.containsKey(field)) {
                        throw new TableFormatException(source + ": column " + field + " appears twice in the header");
                    }
                    found.put(field, i);
                }
            }
        }
        aliases.forEach((field, spellings) -> {
            if (found.containsKey(field)) {
                return;
            }
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String k = key(header.get(i));
                if (!found.containsValue(i) && spellings.stream().anyMatch(a -> key(a).equals(k))) {
                    candidates.add(i);
                }
            }
            // two of them (an export's SKPD and its Unit Kerja): taking the first would read the wrong one without a word
            if (candidates.size() > 1) {
                throw new TableFormatException(source + ": columns " + String.join(" and ", candidates.stream().map(header::get).toList())
                        + " could each be " + field + "; name the one to read with --map COLUMN=" + field);
            }
            candidates.forEach(i -> found.put(field, i));
        });
        List<String> missing = new ArrayList<>();
        for (String field : required) {
            if (!found.containsKey(field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new TableFormatException(source + ": missing column(s) " + missing + "; the header has " + header
                    + " (rename other layouts' columns with --map SOURCE=FIELD)");
        }
        return new HeaderMapping(found);
    }

    private static String key(String name) {
        return name.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-.]+", "");
    }

    public boolean has(String field) {
        return indexByField.containsKey(field);
    }

    public Cell cell(TableRow row, String field) {
        Integer index = indexByField.get(field);
        return index == null ? Cell.EMPTY : row.cell(index);
    }
}
