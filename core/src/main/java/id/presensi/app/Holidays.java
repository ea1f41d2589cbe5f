package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.rules.Holiday;
import id.presensi.store.Audit;
import id.presensi.store.CalendarStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The regency's holidays (libur nasional, cuti bersama, libur daerah) one by one; writes take the caller's transaction and audit. */
public final class Holidays {
    private final CalendarStore calendar;

    public Holidays(Jdbi jdbi) {
        this.calendar = new CalendarStore(jdbi);
    }

    public Change put(Handle h, Audit audit, Holiday holiday) {
        return calendar.upsert(h, audit, holiday);
    }

    public List<Holiday> of(int year) {
        return calendar.list(year);
    }

    /** What removing the day's holiday would change, for the operator to confirm; empty when there is none. */
    public Optional<String> removalImpact(LocalDate day) {
        return calendar.removalImpact(day);
    }

    /**
     * Why the day's holiday may not be removed at all (its month is closed), with what it would change; refused
     * before anything is asked, so no --yes is wanted.
     */
    public Optional<String> removalRefused(LocalDate day) {
        return calendar.removalImpact(day).flatMap(impact -> calendar.closedMonthRefusal(day).map(refusal -> impact + " " + refusal));
    }

    public boolean remove(Handle h, Audit audit, LocalDate day) {
        return calendar.remove(h, audit, day);
    }
}
