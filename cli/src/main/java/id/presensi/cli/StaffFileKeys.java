package id.presensi.cli;

import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffFields;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** The NIPs and NIKs a staff file names, as written (spaces removed): who is in it, for --end-missing. */
final class StaffFileKeys {
    private StaffFileKeys() {
    }

    static Set<String> read(ImportOptions options) throws IOException {
        Set<String> keys = new HashSet<>();
        try (TableReader reader = TableReaders.open(options.file, options.sheet(), options.encoding())) {
            HeaderMapping columns = HeaderMapping.resolve(reader.source(), reader.header(), StaffFields.ALL, StaffFields.REQUIRED, options.renames(),
                    StaffFields.ALIASES);
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
