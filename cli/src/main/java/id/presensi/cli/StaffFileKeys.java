package id.presensi.cli;

import id.presensi.imports.SourceTable;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
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
        try (SourceTable table = SourceTable.open(StaffFields.LAYOUT, options.source())) {
            TableReader reader = table.reader();
            HeaderMapping columns = table.columns();
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
