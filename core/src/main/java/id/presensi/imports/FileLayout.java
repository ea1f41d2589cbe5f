package id.presensi.imports;

import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableFormatException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A file kind's columns: every field it reads (the order a rejects file and --map know), those it requires, the
 * spellings other systems give its fields ({@code aliases}), and fields of which the header must hold at least one
 * ({@code oneOf}: a staff file keys each row by its NIP or its NIK, so it may lack either column but not both).
 */
public record FileLayout(ImportKind kind, List<String> fields, Set<String> required, Map<String, List<String>> aliases,
                         List<String> oneOf) {
    public FileLayout {
        fields = List.copyOf(fields);
        required = Set.copyOf(required);
        aliases = Map.copyOf(aliases);
        oneOf = List.copyOf(oneOf);
    }

    /** A layout whose fields go by their own names only. */
    public FileLayout(ImportKind kind, List<String> fields, Set<String> required) {
        this(kind, fields, required, Map.of(), List.of());
    }

    /** Finds the layout's fields in a file's header, after the operator's renames; refuses a header that lacks any. */
    public HeaderMapping columns(String source, List<String> header, Map<String, String> renames) {
        HeaderMapping columns = HeaderMapping.resolve(source, header, fields, required, renames, aliases);
        if (!oneOf.isEmpty() && oneOf.stream().noneMatch(columns::has)) {
            throw new TableFormatException(source + ": needs a " + String.join(" or a ", oneOf) + " column; the header has "
                    + header);
        }
        return columns;
    }
}
