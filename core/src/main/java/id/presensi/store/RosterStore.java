package id.presensi.store;

import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import id.presensi.imports.Change;
import id.presensi.imports.FieldError;
import id.presensi.imports.RowRejected;
import id.presensi.rules.RosterDay;
import id.presensi.rules.ShiftType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Which shift (or day off) each shift worker has on each date. */
public final class RosterStore {
    /** Codes for a rostered day off. */

    private final Jdbi jdbi;

    public RosterStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Sets one day of one employee's roster; {@code code} is a shift code of their unit, or L/OFF. */
    public Change set(Handle h, Audit audit, String employeeKey, LocalDate date, String code, String codeField) {
        return set(h, audit, rosterable(h, employeeKey), date, code, codeField);
    }

    /** As above, for an employee already found by {@link #rosterable} (a matrix row's 31 days). */
    Change set(Handle h, Audit audit, Lookups.Person employee, LocalDate date, String code, String codeField) {
        long employeeId = employee.id();
        String c = code.strip().toUpperCase(Locale.ROOT);
        Optional<ShiftType> shift = RosterDay.DAY_OFF_CODES.contains(c) ? Optional.empty()
                : Optional.of(ShiftStore.forUnit(h, employee.unitCode(), c).orElseThrow(() -> new RowRejected(codeField,
                "shift " + c + " is not defined for unit " + employee.unitCode() + " (nor regency-wide); L or OFF is a day off")));
        Optional<String> before = h.createQuery("""
                        SELECT coalesce(s.code, 'L') FROM roster r LEFT JOIN shift_type s ON s.id = r.shift_type_id
                         WHERE r.employee_id = :employee AND r.work_date = :date""")
                .bind("employee", employeeId).bind("date", date).mapTo(String.class).findOne();
        String after = shift.map(ShiftType::code).orElse("L");
        if (before.equals(Optional.of(after))) {
            return Change.UNCHANGED;
        }
        h.createUpdate("""
                        INSERT INTO roster (employee_id, work_date, shift_type_id)
                        VALUES (:employee, :date, (SELECT id FROM shift_type WHERE code = :code AND scope = coalesce(
                                (SELECT id FROM unit WHERE code = :unit), 0)))
                        ON CONFLICT (employee_id, work_date) DO UPDATE SET shift_type_id = excluded.shift_type_id""")
                .bind("employee", employeeId).bind("date", date).bind("code", shift.map(ShiftType::code).orElse(null))
                .bind("unit", shift.flatMap(ShiftType::unitCode).orElse(null)).execute();
        audit.recordForEmployee(h, employeeId, "roster", employee.key() + "/" + date, before.map(b -> Map.of("shift", b)).orElse(null),
                Map.of("shift", after));
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /**
     * Sets a month of one employee's roster from the matrix hospitals keep (day of the month to shift code). An
     * unknown NIP or an office worker is one reject for the row, not one per day; each day's fault is reported under
     * its column, all at once.
     */
    public Change setMonth(Handle h, Audit audit, String employeeKey, YearMonth month, Map<Integer, String> codes) {
        Lookups.Person person = rosterable(h, employeeKey);
        Change change = null;
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<Integer, String> e : codes.entrySet()) {
            int day = e.getKey();
            if (day > month.lengthOfMonth()) {
                errors.add(new FieldError(Integer.toString(day), month + " has only " + month.lengthOfMonth() + " days"));
                continue;
            }
            try {
                Change c = set(h, audit, person, month.atDay(day), e.getValue(), Integer.toString(day));
                change = change == null ? c : change.and(c);
            } catch (RowRejected rejected) {
                errors.addAll(rejected.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new RowRejected(errors);
        }
        if (change == null) {
            throw new RowRejected("1", "no shift codes in columns 1.." + month.lengthOfMonth());
        }
        return change;
    }

    /** The employee a roster row names, refused unless they exist and work shifts. */
    static Lookups.Person rosterable(Handle h, String employeeKey) {
        Lookups.Person employee = Lookups.person(h, Lookups.employeeId(h, "NIP/NIK", employeeKey));
        if (!"SHIFT".equals(employee.workPattern())) {
            throw new RowRejected("NIP/NIK", employee.key() + " works REGULER hours; set POLA_KERJA to SHIFT before rostering");
        }
        return employee;
    }

    /** One line of a roster listing. */
    public record Entry(String employeeKey, String name, LocalDate date, String shiftCode) {
    }

    public List<Entry> list(Optional<String> unitCode, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS employee_key, e.name, r.work_date AS date,
                               coalesce(s.code, 'L') AS shift_code
                          FROM roster r JOIN employee e ON e.id = r.employee_id
                          LEFT JOIN shift_type s ON s.id = r.shift_type_id
                         WHERE e.unit_id IN (SELECT unit_scope(:unit)) AND r.work_date BETWEEN :from AND :to
                         ORDER BY e.name, employee_key, r.work_date""")
                .bind("unit", unitCode.orElse(null)).bind("from", from).bind("to", to)
                .map(ConstructorMapper.of(Entry.class))
                .list());
    }

    static List<RosterDay> of(Handle h, long employeeId, LocalDate from, LocalDate to) {
        return ofAll(h, Optional.of(employeeId), Optional.empty(), from, to).getOrDefault(employeeId, List.of());
    }

    /** Rosters of one employee, or of everyone (under a unit, if given), by employee id. */
    static Map<Long, List<RosterDay>> ofAll(Handle h, Optional<Long> employee, Optional<String> underUnit, LocalDate from, LocalDate to) {
        Map<Long, List<RosterDay>> byEmployee = new HashMap<>();
        h.createQuery("""
                        SELECT r.employee_id, r.work_date, s.id AS shift_id, u.code AS unit_code, s.code, s.name, s.start_time, s.end_time,
                               s.checkin_opens_before_min, s.late_grace_min, s.early_grace_min, s.checkout_window_min
                          FROM roster r LEFT JOIN shift_type s ON s.id = r.shift_type_id LEFT JOIN unit u ON u.id = s.unit_id
                         WHERE (:employee IS NULL OR r.employee_id = :employee) AND r.work_date BETWEEN :from AND :to
                           AND """ + RulesLoader.UNDER_UNIT.replace("employee_id", "r.employee_id") + """
                         ORDER BY r.employee_id, r.work_date""")
                .bind("employee", employee.orElse(null)).bind("unit", underUnit.orElse(null)).bind("from", from).bind("to", to)
                .map((rs, ctx) -> Map.entry(rs.getLong("employee_id"), new RosterDay(rs.getObject("work_date", LocalDate.class),
                        rs.getObject("shift_id") == null ? Optional.empty() : Optional.of(ShiftStore.map(rs, ctx)))))
                .forEach(e -> byEmployee.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byEmployee;
    }
}
