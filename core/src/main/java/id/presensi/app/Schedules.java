package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.rules.ScheduleDay;
import id.presensi.rules.WorkSchedule;
import id.presensi.store.Audit;
import id.presensi.store.ScheduleStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/** Work schedules (jam kerja), a unit's or regency-wide, by weekday: defined, listed, removed; writes take the caller's transaction and audit. */
public final class Schedules {
    private final ScheduleStore schedules;

    public Schedules(Jdbi jdbi) {
        this.schedules = new ScheduleStore(jdbi);
    }

    /** Defines a schedule, or replaces the days of one with the same name. */
    public Change define(Handle h, Audit audit, ScheduleStore.Header header, List<ScheduleDay> days) {
        return schedules.define(h, audit, header, days);
    }

    public List<WorkSchedule> list() {
        return schedules.list();
    }

    public Optional<String> removalImpact(String name) {
        return schedules.removalImpact(name);
    }

    public boolean remove(Handle h, Audit audit, String name) {
        return schedules.remove(h, audit, name);
    }
}
