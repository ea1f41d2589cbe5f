package id.presensi.store;

import id.presensi.imports.RowRejected;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** Finds the rows a rule refers to, refusing with the field's name when there is none. */
final class Lookups {
    private Lookups() {
    }

    static long unitId(Handle h, String field, String code) {
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (c.isEmpty()) {
            throw new RowRejected(field, "is empty");
        }
        return h.createQuery("SELECT id FROM unit WHERE code = :code").bind("code", c).mapTo(Long.class).findOne()
                .orElseThrow(() -> new RowRejected(field, "unit " + c + " does not exist"));
    }

    static long employeeId(Handle h, String field, String nipOrNik) {
        String key = nipOrNik.strip().replace(" ", "");
        if (key.startsWith("'")) {
            key = key.substring(1);
        }
        if (key.isEmpty()) {
            throw new RowRejected(field, "is empty");
        }
        String k = key;
        return h.createQuery("SELECT id FROM employee WHERE nip = :key OR nik = :key").bind("key", k)
                .mapTo(Long.class).findFirst()
                .orElseThrow(() -> new RowRejected(field, "no employee with NIP or NIK " + k));
    }

    /** An employee as stores name them in messages and the audit trail. */
    record Person(long id, String key, String name, long unitId, String unitCode, String workPattern, Optional<LocalDate> endedFrom,
                  Optional<String> endReason) {
    }

    static Person person(Handle h, long employeeId) {
        return h.createQuery("""
                        SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, e.unit_id, u.code, e.work_pattern, e.ended_from, e.end_reason
                          FROM employee e JOIN unit u ON u.id = e.unit_id WHERE e.id = :id""")
                .bind("id", employeeId)
                .map((rs, ctx) -> new Person(rs.getLong("id"), rs.getString("key"), rs.getString("name"), rs.getLong("unit_id"),
                        rs.getString("code"), rs.getString("work_pattern"), Optional.ofNullable(rs.getObject("ended_from", LocalDate.class)),
                        Optional.ofNullable(rs.getString("end_reason"))))
                .one();
    }

    /** The employee a command names: as {@link #employeeId}, refused as a plain argument error rather than a file row. */
    static long employee(Handle h, String nipOrNik) {
        try {
            return employeeId(h, "NIP/NIK", nipOrNik);
        } catch (RowRejected e) {
            throw new IllegalArgumentException(e.errors().get(0).reason());
        }
    }
}
