package id.presensi.cli;

import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffFields;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The NIPs and NIKs a staff file names, as written (spaces removed): who is in it, for --end-missing. */
final class StaffFileKeys {
    private StaffFileKeys() {
    }

    static Set<String> read(Path file, Optional<String> sheet, Map<String, String> renames) throws IOException {
        Set<String> keys = new HashSet<>();
        try (TableReader reader = TableReaders.open(file, sheet)) {
            HeaderMapping columns = HeaderMapping.resolve(reader.source(), reader.header(), StaffFields.ALL, StaffFields.REQUIRED, renames);
            for (TableRow row; (row = reader.next()) != null; ) {
                for (String field : new String[] {StaffFields.NIP, StaffFields.NIK}) {
                    if (columns.has(field)) {
                        String key = columns.cell(row, field).text().replace(" ", "");
                        if (!key.isEmpty()) {
                            keys.add(key);
                        }
                    }
                }
            }
        }
        return keys;
    }
}
