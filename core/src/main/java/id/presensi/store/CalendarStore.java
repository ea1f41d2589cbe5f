package id.presensi.store;

import id.presensi.imports.Change;
import id.presensi.rules.Holiday;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** National holidays, cuti bersama days and regional holidays. */
public final class CalendarStore {

    private final Jdbi jdbi;

    public CalendarStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Change upsert(Handle h, Audit audit, Holiday holiday) {
        Optional<Holiday> before = find(h, holiday.day());
        if (before.equals(Optional.of(holiday))) {
            return Change.UNCHANGED; // a year's file imported again passes over a closed month's unchanged days
        }
        closedMonthRefusal(h, holiday.day()).ifPresent(refusal -> {
            throw new IllegalStateException(refusal);
        });
        h.createUpdate("""
                        INSERT INTO holiday (day, description, kind) VALUES (:day, :description, :kind)
                        ON CONFLICT (day) DO UPDATE SET description = excluded.description, kind = excluded.kind""")
                .bind("day", holiday.day()).bind("description", holiday.description()).bind("kind", holiday.kind().name())
                .execute();
        audit.record(h, "holiday", holiday.day().toString(), before.orElse(null), holiday);
        return before.isPresent() ? Change.UPDATED : Change.INSERTED;
    }

    /** What removing a holiday would affect; empty when the day is no holiday. */
    public Optional<String> removalImpact(LocalDate day) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT description, kind, (SELECT count(*) FROM employee WHERE active AND ended_from IS NULL AND work_pattern = 'REGULAR') AS staff
                          FROM holiday WHERE day = :day""")
                .bind("day", day)
                .map((rs, ctx) -> day + " (" + rs.getString("description") + ", " + rs.getString("kind") + ") becomes a working day: "
                        + String.format("%,d", rs.getLong("staff")) + " office staff would be expected at work (TK without a check-in).")
                .findOne());
    }

    /**
     * Why a day's holiday may not be added, changed or removed: its month is closed (for the regency or any unit),
     * and its recap was made with the calendar as it stands. Migration V23 refuses it too.
     */
    public Optional<String> closedMonthRefusal(LocalDate day) {
        return jdbi.withHandle(h -> closedMonthRefusal(h, day));
    }

    private static Optional<String> closedMonthRefusal(Handle h, LocalDate day) {
        return h.createQuery("""
                        SELECT string_agg(coalesce(u.code, 'the whole regency'), ', ' ORDER BY u.code NULLS FIRST)
                          FROM closed_month c LEFT JOIN unit u ON u.id = c.unit_id
                         WHERE c.month = date_trunc('month', CAST(:day AS date))::date HAVING count(*) > 0""")
                .bind("day", day).mapTo(String.class).findOne()
                .map(units -> "The month " + YearMonth.from(day) + " is closed (" + units + "): its calendar cannot change; "
                        + "BKPSDM can reopen the month (presensi month reopen), and its recap must then be sent again.");
    }

    public boolean remove(Handle h, Audit audit, LocalDate day) {
        Optional<Holiday> before = find(h, day);
        before.ifPresent(b -> {
            closedMonthRefusal(h, day).ifPresent(refusal -> {
                throw new IllegalStateException(refusal);
            });
            h.createUpdate("DELETE FROM holiday WHERE day = :day").bind("day", day).execute();
            audit.record(h, "holiday", day.toString(), b, null);
        });
        return before.isPresent();
    }

    public List<Holiday> list(int year) {
        return jdbi.withHandle(h -> between(h, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)));
    }

    static List<Holiday> between(Handle h, LocalDate from, LocalDate to) {
        return h.createQuery("SELECT day, description, kind FROM holiday WHERE day BETWEEN :from AND :to ORDER BY day")
                .bind("from", from).bind("to", to)
                .map(ConstructorMapper.of(Holiday.class))
                .list();
    }

    private static Optional<Holiday> find(Handle h, LocalDate day) {
        return between(h, day, day).stream().findFirst();
    }
}
