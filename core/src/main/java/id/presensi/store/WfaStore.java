package id.presensi.store;

import id.presensi.rules.WfaGrant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Work-from-anywhere days (PermenPANRB 4/2025). The weekly limit and the refusal for staff under disciplinary
 * proceedings are the database's (trigger {@code wfa_day_allowed}, V16): one refused day refuses the whole grant.
 */
public final class WfaStore {
    public static final int DEFAULT_DAYS_PER_WEEK = 2;
    /** The setting the database's trigger reads too (V16), so grants and the check agree. */
    private static final String DAYS_PER_WEEK = "wfa_days_per_week";

    private final Jdbi jdbi;

    public WfaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static Set<LocalDate> of(Handle h, long employeeId, LocalDate from, LocalDate to) {
        return new HashSet<>(h.createQuery("SELECT work_date FROM wfa_day WHERE employee_id = :id AND work_date BETWEEN :from AND :to")
                .bind("id", employeeId).bind("from", from).bind("to", to).mapTo(LocalDate.class).list());
    }

    /**
     * Grants the days to the named employees, or to everyone employed in a unit and the units under it; days
     * already granted stay. Returns how many days were added.
     */
    public int grant(Handle h, Audit audit, List<String> employeeKeys, Optional<String> unitCode, List<LocalDate> dates) {
        return change(h, audit, "wfa_grant", employees(h, employeeKeys, unitCode), dates);
    }

    /** Withdraws the days from the named employees or a unit's staff; returns how many were withdrawn. */
    public int revoke(Handle h, Audit audit, List<String> employeeKeys, Optional<String> unitCode, List<LocalDate> dates) {
        return change(h, audit, "wfa_revoke", employees(h, employeeKeys, unitCode), dates);
    }

    /** Through the function, which checks the scope and audits per employee (V20: OPD admins have no direct write). */
    private static int change(Handle h, Audit audit, String function, List<Long> ids, List<LocalDate> dates) {
        return h.createQuery("SELECT " + function + "(:ids, :dates::date[], :operator, :command)")
                .bind("ids", PgArrays.binary(ids.stream().mapToLong(Long::longValue).toArray()))
                .bind("dates", PgArrays.binary(dates.stream().map(LocalDate::toString).toArray(String[]::new)))
                .bind("operator", audit.operator()).bind("command", audit.command()).mapTo(Integer.class).one();
    }

    public List<WfaGrant> list(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, u.code AS unit_code, w.work_date AS date, w.granted_by
                          FROM wfa_day w JOIN employee e ON e.id = w.employee_id JOIN unit u ON u.id = e.unit_id
                         WHERE w.work_date BETWEEN :from AND :to AND e.unit_id IN (SELECT unit_scope(:unit))
                         ORDER BY w.work_date, u.code, e.name""")
                .bind("from", from).bind("to", to).bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .map(ConstructorMapper.of(WfaGrant.class))
                .list());
    }

    public int daysPerWeek() {
        return jdbi.withHandle(h -> PolicyStore.setting(h, DAYS_PER_WEEK).map(Integer::parseInt).orElse(DEFAULT_DAYS_PER_WEEK));
    }

    /** Sets the weekly limit (1-5; PermenPANRB 4/2025 sets 2), audited; days granted earlier stay. */
    public void setDaysPerWeek(Handle h, Audit audit, int days) {
        if (days < 1 || days > 5) {
            throw new IllegalArgumentException("WFA days per week must be 1 to 5, got " + days);
        }
        Integer before = PolicyStore.setting(h, DAYS_PER_WEEK).map(Integer::parseInt).orElse(null);
        PolicyStore.putSetting(h, DAYS_PER_WEEK, Integer.toString(days));
        audit.record(h, "setting", DAYS_PER_WEEK, before, days);
    }

    private static List<Long> employees(Handle h, List<String> keys, Optional<String> unitCode) {
        if (keys.isEmpty() == unitCode.isEmpty()) {
            throw new IllegalArgumentException("name the employees (--employee NIP, repeatable) or a unit (--unit CODE), not both");
        }
        if (unitCode.isPresent()) {
            List<Long> ids = h.createQuery("""
                            SELECT e.id FROM employee e WHERE e.active AND (e.ended_from IS NULL OR e.ended_from > current_date)
                               AND e.unit_id IN (SELECT unit_scope(:unit)) AND :unit IN (SELECT code FROM unit)""")
                    .bind("unit", unitCode.get().toUpperCase()).mapTo(Long.class).list();
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("unit " + unitCode.get() + " does not exist or has no staff you can see");
            }
            return ids;
        }
        List<Long> ids = new ArrayList<>();
        for (String key : keys) {
            ids.add(h.createQuery("SELECT id FROM employee WHERE nip = :k OR nik = :k").bind("k", key.strip()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> new IllegalArgumentException("no employee with NIP/NIK " + key + " (or not in your units)")));
        }
        return ids;
    }
}
