package id.presensi.store;

import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import id.presensi.overtime.Golongan;
import id.presensi.overtime.OvertimeRule;
import id.presensi.overtime.OvertimeTariff;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Overtime (lembur): the regency's tariffs per golongan, and the orders (surat perintah lembur) per employee and date. */
public final class OvertimeStore {
    private final Jdbi jdbi;

    public OvertimeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Who an order names, checked against the unit the order is for (the unit and its sub-units). */
    public record Person(long id, String key, String name, String unitCode) {
    }

    /** The employee with this NIP/NIK in the unit's scope; refused with the field's name ({@code unitField} for the unit) otherwise. */
    public Person personInUnit(Handle h, String field, String employeeKey, String unitField, String unitCode) {
        long unitId = Lookups.unitId(h, unitField, unitCode);
        long id = Lookups.employeeId(h, field, employeeKey);
        Lookups.Person p = Lookups.person(h, id);
        boolean inUnit = h.createQuery("SELECT :unit IN (SELECT unit_scope(u.code)) FROM unit u WHERE u.id = :top")
                .bind("unit", p.unitId()).bind("top", unitId).mapTo(Boolean.class).one();
        if (!inUnit) {
            throw new id.presensi.imports.RowRejected(field, p.key() + " (" + p.name() + ") works in " + p.unitCode() + ", not in "
                    + unitCode.strip().toUpperCase(Locale.ROOT) + " or under it");
        }
        return new Person(p.id(), p.key(), p.name(), p.unitCode());
    }

    /** Orders overtime (replacing an order of the same date), through overtime_order_put, which checks scope and audits. */
    public boolean order(Handle h, Audit audit, long employeeId, LocalDate date, int minutes, String reference, Golongan golongan) {
        return h.createQuery("SELECT overtime_order_put(:employee, :date, :minutes, :reference, :golongan, :by, :command)")
                .bind("employee", employeeId).bind("date", date).bind("minutes", minutes).bind("reference", reference)
                .bind("golongan", golongan.name()).bind("by", audit.operator()).bind("command", audit.command())
                .mapTo(Boolean.class).one();
    }

    /**
     * The ordered time per employee and date in {@code from}..{@code to}, for one employee or, when empty, everyone in
     * the unit's scope (everyone the connection sees without one): the rules keep those days' check-out open past it.
     */
    static Map<Long, Map<LocalDate, Duration>> ordered(Handle h, Optional<Long> employeeId, Optional<String> underUnit,
                                                      LocalDate from, LocalDate to) {
        Map<Long, Map<LocalDate, Duration>> ordered = new HashMap<>();
        h.createQuery("SELECT employee_id, work_date, minutes FROM overtime_order WHERE work_date BETWEEN :from AND :to"
                        + " AND (CAST(:employee AS bigint) IS NULL OR employee_id = :employee) AND " + RulesLoader.UNDER_UNIT)
                .bind("from", from).bind("to", to).bind("employee", employeeId.orElse(null)).bind("unit", underUnit.orElse(null))
                .map((rs, ctx) -> Map.entry(rs.getLong(1), Map.entry(rs.getObject(2, LocalDate.class), Duration.ofMinutes(rs.getInt(3)))))
                .forEach(e -> ordered.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(e.getValue().getKey(), e.getValue().getValue()));
        return ordered;
    }

    /** Replaces the tariffs valid from each tariff's date with these, audited. */
    public void saveTariffs(Handle h, Audit audit, List<OvertimeTariff> tariffs) {
        for (OvertimeTariff t : tariffs) {
            Optional<OvertimeTariff> before = h.createQuery("""
                            SELECT valid_from, golongan, hourly_rupiah, meal_rupiah, meal_after_min, source FROM overtime_tariff
                             WHERE valid_from = :from AND golongan = :golongan""")
                    .bind("from", t.validFrom()).bind("golongan", t.golongan().name()).map(ConstructorMapper.of(OvertimeTariff.class)).findOne();
            h.createUpdate("""
                            INSERT INTO overtime_tariff (valid_from, golongan, hourly_rupiah, meal_rupiah, meal_after_min, source)
                            VALUES (:from, :golongan, :hourly, :meal, :after, :source)
                            ON CONFLICT (valid_from, golongan) DO UPDATE SET hourly_rupiah = excluded.hourly_rupiah,
                                meal_rupiah = excluded.meal_rupiah, meal_after_min = excluded.meal_after_min, source = excluded.source""")
                    .bind("from", t.validFrom()).bind("golongan", t.golongan().name()).bind("hourly", t.hourlyRupiah())
                    .bind("meal", t.mealRupiah()).bind("after", t.mealAfterMin()).bind("source", t.source()).execute();
            audit.record(h, "overtime_tariff", t.validFrom() + "/" + t.golongan(), before.orElse(null), t);
        }
    }

    /** The tariff of each golongan in force on a date (the latest valid from it or before). */
    public Map<Golongan, OvertimeTariff> tariffs(LocalDate date) {
        Map<Golongan, OvertimeTariff> byGolongan = new EnumMap<>(Golongan.class);
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT DISTINCT ON (golongan) valid_from, golongan, hourly_rupiah, meal_rupiah, meal_after_min, source
                          FROM overtime_tariff WHERE valid_from <= :date ORDER BY golongan, valid_from DESC""")
                .bind("date", date).map(ConstructorMapper.of(OvertimeTariff.class)).forEach(t -> byGolongan.put(t.golongan(), t)));
        return byGolongan;
    }

    /** An employee's ordered overtime in a month: who, their golongan, and each ordered day with its end and punches. */
    public record OrderedMonth(String key, String name, String unitCode, Golongan golongan, List<OvertimeRule.OrderedDay> days) {
    }

    /**
     * The orders of a month for the unit's scope (all units when empty), with each day's end and punches as the night's
     * reconciliation recorded them (the end of the office day or the shift, the first and last accepted punch). A
     * day not reconciled yet counts nothing until it is. The golongan is the latest order's.
     */
    public List<OrderedMonth> orderedMonth(YearMonth month, Optional<String> unitCode) {
        record Row(long employeeId, String key, String name, String unitCode, Golongan golongan, OvertimeRule.OrderedDay day) {
        }
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("""
                        SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, u.code, o.golongan, o.work_date, o.minutes,
                               a.expected_end, coalesce(p.first_at, a.first_in) AS first_in, coalesce(p.last_at, a.last_out) AS last_out
                          FROM overtime_order o
                          JOIN employee e ON e.id = o.employee_id
                          JOIN unit u ON u.id = e.unit_id
                          LEFT JOIN attendance a ON a.employee_id = o.employee_id AND a.work_date = o.work_date
                          -- a day off records no first and last punch (nothing was expected), so its overtime, first
                          -- punch to last, is read from the punches themselves
                          LEFT JOIN LATERAL (SELECT min(c.at) AS first_at, nullif(max(c.at), min(c.at)) AS last_at FROM checkin c
                                              WHERE c.accepted AND c.employee_id = o.employee_id AND c.work_date = o.work_date) p
                                 ON a.day_off IS NOT NULL
                         WHERE o.work_date BETWEEN :from AND :to
                           AND (CAST(:unit AS text) IS NULL OR e.unit_id IN (SELECT unit_scope(CAST(:unit AS text))))
                         ORDER BY u.code, e.name, e.id, o.work_date""")
                .bind("from", month.atDay(1)).bind("to", month.atEndOfMonth())
                .bind("unit", unitCode.map(c -> c.strip().toUpperCase(Locale.ROOT)).orElse(null))
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("key"), rs.getString("name"), rs.getString("code"),
                        Golongan.valueOf(rs.getString("golongan")),
                        new OvertimeRule.OrderedDay(rs.getObject("work_date", LocalDate.class), rs.getInt("minutes"),
                                instant(rs.getObject("expected_end", OffsetDateTime.class)),
                                Stream.of(rs.getObject("first_in", OffsetDateTime.class), rs.getObject("last_out", OffsetDateTime.class))
                                        .filter(java.util.Objects::nonNull).map(OffsetDateTime::toInstant).toList())))
                .list());
        Map<Long, OrderedMonth> months = new LinkedHashMap<>();
        for (Row r : rows) {
            OrderedMonth m = months.get(r.employeeId());
            // the rows come in date order, so the last order's golongan stands
            OrderedMonth now = new OrderedMonth(r.key(), r.name(), r.unitCode(), r.golongan(), m == null ? new ArrayList<>() : m.days());
            now.days().add(r.day());
            months.put(r.employeeId(), now);
        }
        return List.copyOf(months.values());
    }

    /**
     * Who is still at work on an overtime order now: ordered for today, checked in, the day's end passed, no check-out
     * after it; on a day off, checked in (the last punch an IN) within the ordered time from the first punch.
     */
    public long stillWorking(LocalDate today, Instant now, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM overtime_order o
                          JOIN employee e ON e.id = o.employee_id
                          JOIN attendance a ON a.employee_id = o.employee_id AND a.work_date = o.work_date
                          LEFT JOIN LATERAL (SELECT min(c.at) OVER () AS first_at, c.type AS last_type FROM checkin c
                                              WHERE c.accepted AND c.employee_id = o.employee_id AND c.work_date = o.work_date
                                              ORDER BY c.at DESC LIMIT 1) p ON a.day_off IS NOT NULL
                         WHERE o.work_date = :today
                           AND (a.day_off IS NULL AND a.first_in IS NOT NULL AND a.expected_end < :now
                                AND (a.last_out IS NULL OR a.last_out <= a.expected_end)
                                AND :now < a.expected_end + make_interval(mins => o.minutes)
                             OR a.day_off IS NOT NULL AND p.last_type = 'IN' AND :now < p.first_at + make_interval(mins => o.minutes))
                           AND (CAST(:unit AS text) IS NULL OR e.unit_id IN (SELECT unit_scope(CAST(:unit AS text))))""")
                .bind("today", today).bind("now", OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .bind("unit", unitCode.map(c -> c.strip().toUpperCase(Locale.ROOT)).orElse(null)).mapTo(Long.class).one());
    }

    private static Optional<Instant> instant(OffsetDateTime t) {
        return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
    }
}
