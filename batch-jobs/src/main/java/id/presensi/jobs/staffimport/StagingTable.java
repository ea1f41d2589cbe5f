package id.presensi.jobs.staffimport;

import id.presensi.staff.StaffRecord;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.SQLException;
import java.util.List;

/**
 * An unlogged table per import run that holds the valid rows until they are merged into employee in one
 * set-based statement. Loading it with COPY is what makes a million rows take seconds, not minutes.
 */
final class StagingTable {

    private final String name;

    StagingTable(long runId) {
        this.name = "import_stage.staff_" + runId; // runId is our own number, never operator input
    }

    String name() {
        return name;
    }

    void create(Handle h) {
        h.execute("DROP TABLE IF EXISTS " + name);
        h.execute("""
                CREATE UNLOGGED TABLE %s (
                    row_number   integer NOT NULL,
                    type         text    NOT NULL,
                    nip          text,
                    nik          text,
                    employee_key text    GENERATED ALWAYS AS (CASE WHEN type = 'PTT' THEN nik ELSE nip END) STORED,
                    name         text    NOT NULL,
                    unit_code    text    NOT NULL,
                    position     text,
                    work_pattern text    NOT NULL
                )""".formatted(name));
    }

    void drop(Handle h) {
        h.execute("DROP TABLE IF EXISTS " + name);
    }

    void copy(Handle h, List<StaffRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(records.size() * 128);
        for (StaffRecord r : records) {
            text.append(r.rowNumber()).append('\t').append(r.type().name()).append('\t');
            field(text, r.nip()).append('\t');
            field(text, r.nik()).append('\t');
            field(text, r.name()).append('\t');
            field(text, r.unitCode()).append('\t');
            field(text, r.position()).append('\t');
            text.append(r.workPattern().name()).append('\n');
        }
        try {
            h.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + name + " (row_number, type, nip, nik, name, unit_code, position, work_pattern) FROM STDIN",
                    new StringReader(text.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + name + " failed", e);
        }
    }

    /** COPY text format: \N is null; backslash, tab and line breaks are escaped. */
    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        if (!needsEscape(value)) {
            return out.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
