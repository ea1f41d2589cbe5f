package id.presensi.imports;

import java.util.List;
import java.util.Set;

/** A file kind's columns: every field it reads (the order a rejects file and --map know), and those it requires. */
public record FileLayout(ImportKind kind, List<String> fields, Set<String> required) {
    public FileLayout {
        fields = List.copyOf(fields);
        required = Set.copyOf(required);
    }
}
