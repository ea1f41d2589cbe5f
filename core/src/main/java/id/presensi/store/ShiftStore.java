package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.rules.ShiftType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** Shift types, for a unit or regency-wide. */
public final class ShiftStore {

    private static final String SELECT = """
            SELECT s.id, u.code AS unit_code, s.code, s.name, s.start_time, s.end_time, s.checkin_opens_before_min,
                   s.late_grace_min, s.early_grace_min, s.checkout_window_min
              FROM shift_type s LEFT JOIN unit u ON u.id = s.unit_id""";

    private final Jdbi jdbi;

    public ShiftStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change upsert(Handle h, Audit audit, ShiftType shift) {
        Long unitId = shift.unitCode().map(u -> Lookups.unitId(h, "KODE_UNIT", u)).orElse(null);
        Optional<ShiftType> before = find(h, shift.unitCode(), shift.code());
        if (before.equals(Optional.of(shift))) {
            return Change.UNCHANGED;
        }
        h.createUpdate("""
                        INSERT INTO shift_type (unit_id, code, name, start_time, end_time, checkin_opens_before_min,
                                                late_grace_min, early_grace_min, checkout_window_min)
                        VALUES (:unitId, :code, :name, :start, :end, :checkinOpensBeforeMin, :lateGraceMin, :earlyGraceMin, :checkoutWindowMin)
                        ON CONFLICT (scope, code) DO UPDATE
                           SET name = excluded.name, start_time = excluded.start_time, end_time = excluded.end_time,
                               checkin_opens_before_min = excluded.checkin_opens_before_min,
                               late_grace_min = excluded.late_grace_min, early_grace_min = excluded.early_grace_min, checkout_window_min = excluded.checkout_window_min""")
                .bind("unitId", unitId).bindMethods(shift).execute();
        audit.record(h, "shift_type", scopeKey(shift.unitCode(), shift.code()), before.orElse(null), shift);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /**
     * Why a shift type cannot be removed, if it cannot: roster days use it (the roster keeps which shift each
     * day was, so those days would lose their hours). Asked before asking the operator, so no --yes is wasted.
     */
    public Optional<String> removalBlocker(Optional<String> unitCode, String code) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM roster r JOIN shift_type s ON s.id = r.shift_type_id
                         WHERE s.code = :code AND s.scope = coalesce((SELECT id FROM unit WHERE code = :unit), 0)""")
                .bind("code", code).bind("unit", unitCode.orElse(null)).mapTo(Long.class).findOne()
                .filter(n -> n > 0)
                .map(n -> "shift " + code + " of " + unitCode.orElse("the regency") + " is on " + n + " roster day(s) and cannot be "
                        + "removed; give those days another shift (roster import) first"));
    }

    /** What removing a shift type would affect; empty when there is none. */
    public Optional<String> removalImpact(Optional<String> unitCode, String code) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.name, count(r.employee_id) AS rostered, count(r.employee_id) FILTER (WHERE r.work_date >= current_date) AS ahead
                          FROM shift_type s LEFT JOIN roster r ON r.shift_type_id = s.id
                         WHERE s.code = :code AND s.scope = coalesce((SELECT id FROM unit WHERE code = :unit), 0) GROUP BY s.id""")
                .bind("code", code).bind("unit", unitCode.orElse(null))
                .map((rs, ctx) -> "Shift " + code + " (" + rs.getString("name") + ") of " + unitCode.orElse("the regency") + " is on "
                        + rs.getLong("rostered") + " roster day(s), " + rs.getLong("ahead") + " from today"
                        + (rs.getLong("rostered") > 0 ? ": it cannot be removed while rosters use it." : "."))
                .findOne());
    }

    public boolean remove(Handle h, Audit audit, Optional<String> unitCode, String code) {
        Optional<ShiftType> before = find(h, unitCode, code);
        before.ifPresent(b -> {
            h.createUpdate("DELETE FROM shift_type WHERE scope = coalesce((SELECT id FROM unit WHERE code = :unit), 0) AND code = :code")
                    .bind("unit", unitCode.orElse(null)).bind("code", b.code()).execute();
            audit.record(h, "shift_type", scopeKey(unitCode, code), b, null);
        });
        return before.isPresent();
    }

    public List<ShiftType> list(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE :unit IS NULL OR u.code = :unit OR s.unit_id IS NULL"
                        + " ORDER BY u.code NULLS FIRST, s.start_time")
                .bind("unit", unitCode.orElse(null)).map(ShiftStore::map).list());
    }

    /** The shift a code means for a unit: the unit's own, else one of an ancestor unit, else the regency-wide one. */
    static Optional<ShiftType> forUnit(Handle h, String unitCode, String code) {
        return h.createQuery("""
                        WITH RECURSIVE chain AS (
                            SELECT id, parent_id, 0 AS depth FROM unit WHERE code = :unit
                            UNION ALL
                            SELECT p.id, p.parent_id, c.depth + 1 FROM unit p JOIN chain c ON p.id = c.parent_id)
                        """ + SELECT + "\n" + """
                         LEFT JOIN chain c ON c.id = s.unit_id
                         WHERE s.code = :code AND (s.unit_id IS NULL OR c.id IS NOT NULL)
                         ORDER BY c.depth NULLS LAST LIMIT 1""")
                .bind("unit", unitCode).bind("code", code).map(ShiftStore::map).findOne();
    }

    static ShiftType map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ShiftType(rs.getString("code"), rs.getString("name"), Optional.ofNullable(rs.getString("unit_code")),
                rs.getObject("start_time", LocalTime.class), rs.getObject("end_time", LocalTime.class),
                rs.getInt("checkin_opens_before_min"), rs.getInt("late_grace_min"), rs.getInt("early_grace_min"),
                rs.getInt("checkout_window_min"));
    }

    private static Optional<ShiftType> find(Handle h, Optional<String> unitCode, String code) {
        return h.createQuery(SELECT + " WHERE s.code = :code AND s.scope = coalesce((SELECT id FROM unit WHERE code = :unit), 0)")
                .bind("unit", unitCode.orElse(null)).bind("code", code).map(ShiftStore::map).findOne();
    }

    private static String scopeKey(Optional<String> unitCode, String code) {
        return unitCode.orElse("*") + "/" + code;
    }
}
