package id.presensi.store;

import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import id.presensi.staff.EmployeeType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the cuti tahunan ledger is computed from: opening balances (leave_opening_balance, written through
 * leave_opening_put), the working days of CT leave (recorded, or granted by an approved request) and the weekday cuti
 * bersama days of each year. Working days here are Monday to Friday, not a holiday: leave days on weekends and
 * holidays do not count (PP 11/2017 counts cuti tahunan in working days).
 */
public final class LeaveBalanceStore {
    private final Jdbi jdbi;

    public LeaveBalanceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An employee whose balance is asked for; {@code since} is the year Presensi first knew them. */
    public record Person(long id, String key, String name, String unitCode, EmployeeType type, int since) {
    }

    /** What one employee's years bring: opening balances and CT working days taken, by year. */
    public record History(Map<Integer, Integer> openings, Map<Integer, Integer> takenDays) {
    }

    /** One employee by NIP/NIK (in the reader's scope: row security hides the others). */
    public Person person(String employeeKey) {
        return jdbi.withHandle(h -> people(h, "(e.nip = :key OR e.nik = :key)", Map.of("key", employeeKey.strip().replace(" ", "")))
                .stream().findFirst().orElseThrow(() -> new IllegalArgumentException("no employee with NIP or NIK " + employeeKey.strip())));
    }

    public Person person(long employeeId) {
        return jdbi.withHandle(h -> people(h, "e.id = :id", Map.of("id", employeeId)).get(0));
    }

    /** The active staff of a unit and its sub-units, by unit and name. */
    public List<Person> unit(String unitCode) {
        String code = unitCode.strip().toUpperCase(Locale.ROOT);
        return jdbi.withHandle(h -> {
            Lookups.unitId(h, "--unit", code);
            return people(h, "e.active AND e.unit_id IN (SELECT unit_scope(:unit))", Map.of("unit", code));
        });
    }

    private static List<Person> people(Handle h, String where, Map<String, Object> binds) {
        return h.createQuery("""
                        SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, u.code AS unit_code, e.type, extract(year FROM e.created_at)::int AS since
                          FROM employee e JOIN unit u ON u.id = e.unit_id WHERE <where> ORDER BY u.code, e.name, e.id""")
                .define("where", where).bindMap(binds)
                .map(ConstructorMapper.of(Person.class))
                .list();
    }

    /** Opening balances and CT days taken of these employees from {@code fromYear} to {@code toYear}. */
    public Map<Long, History> histories(List<Long> employeeIds, int fromYear, int toYear) {
        Map<Long, History> histories = new HashMap<>();
        employeeIds.forEach(id -> histories.put(id, new History(new HashMap<>(), new HashMap<>())));
        Long[] ids = employeeIds.toArray(Long[]::new);
        record Days(long employeeId, int year, int days) {
        }
        jdbi.useHandle(h -> {
            h.createQuery("SELECT employee_id, year, days FROM leave_opening_balance WHERE employee_id = ANY(:ids) AND year BETWEEN :from AND :to")
                    .bind("ids", ids).bind("from", fromYear).bind("to", toYear)
                    .map((rs, ctx) -> new Days(rs.getLong("employee_id"), rs.getInt("year"), rs.getInt("days")))
                    .forEach(d -> histories.get(d.employeeId()).openings().put(d.year(), d.days()));
            h.createQuery("""
                            SELECT l.employee_id, extract(year FROM d.day)::int AS year, count(*)::int AS days
                              FROM leave l CROSS JOIN LATERAL generate_series(l.date_from, l.date_to, interval '1 day') AS d(day)
                             WHERE l.type = 'CT' AND l.employee_id = ANY(:ids)
                               AND d.day >= make_date(:from, 1, 1) AND d.day < make_date(:to + 1, 1, 1)
                               AND extract(isodow FROM d.day) < 6 AND NOT EXISTS (SELECT 1 FROM holiday x WHERE x.day = d.day::date)
                             GROUP BY 1, 2""")
                    .bind("ids", ids).bind("from", fromYear).bind("to", toYear)
                    .map((rs, ctx) -> new Days(rs.getLong("employee_id"), rs.getInt("year"), rs.getInt("days")))
                    .forEach(d -> histories.get(d.employeeId()).takenDays().put(d.year(), d.days()));
        });
        return histories;
    }

    /** Weekday cuti bersama days per year, from {@code fromYear} to {@code toYear}. */
    public Map<Integer, Integer> cutiBersamaDays(int fromYear, int toYear) {
        Map<Integer, Integer> days = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT extract(year FROM day)::int AS year, count(*)::int AS days FROM holiday
                         WHERE kind = 'CUTI_BERSAMA' AND extract(isodow FROM day) < 6 AND day BETWEEN make_date(:from, 1, 1) AND make_date(:to, 12, 31)
                         GROUP BY 1""")
                .bind("from", fromYear).bind("to", toYear).map((rs, ctx) -> Map.entry(rs.getInt("year"), rs.getInt("days")))
                .forEach(e -> days.put(e.getKey(), e.getValue())));
        return days;
    }

    /** Records an opening balance through leave_opening_put (scope, one's own refused, audited); true when new. */
    public boolean putOpening(Handle h, Audit audit, long employeeId, int year, int days, Optional<String> reference) {
        return h.createQuery("SELECT leave_opening_put(:employee, :year, :days, :reference, :by, :command)")
                .bind("employee", employeeId).bind("year", year).bind("days", days).bind("reference", reference.orElse(null))
                .bind("by", audit.operator()).bind("command", audit.command()).mapTo(Boolean.class).one();
    }

    /** The employee with this NIP/NIK, refused with the field's name when there is none (file rows). */
    public long employeeId(Handle h, String field, String employeeKey) {
        return Lookups.employeeId(h, field, employeeKey);
    }
}
