package id.presensi.app;

import id.presensi.rules.WfaGrant;
import id.presensi.store.Audit;
import id.presensi.store.WfaStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Work-from-anywhere days (PermenPANRB 4/2025) for named employees or a unit's staff, and the weekly limit; the
 * database refuses a grant that breaks the limit or reaches staff under disciplinary proceedings, whole. Writes take
 * the caller's transaction and audit.
 */
public final class WorkFromAnywhere {
    private final WfaStore days;

    public WorkFromAnywhere(Jdbi jdbi) {
        this.days = new WfaStore(jdbi);
    }

    /** Who a grant or a withdrawal is for (named employees, or a unit and the units under it) and on which days. */
    public record Whom(List<String> employeeKeys, Optional<String> unitCode, List<LocalDate> dates) {
    }

    /** How many days were added; days already granted stay. */
    public int grant(Handle h, Audit audit, Whom whom) {
        return days.grant(h, audit, whom.employeeKeys(), whom.unitCode(), whom.dates());
    }

    /** How many days were withdrawn. */
    public int revoke(Handle h, Audit audit, Whom whom) {
        return days.revoke(h, audit, whom.employeeKeys(), whom.unitCode(), whom.dates());
    }

    public List<WfaGrant> list(LocalDate from, LocalDate to, Optional<String> unitCode) {
        return days.list(from, to, unitCode);
    }

    public int daysPerWeek() {
        return days.daysPerWeek();
    }

    public void setDaysPerWeek(Handle h, Audit audit, int daysPerWeek) {
        days.setDaysPerWeek(h, audit, daysPerWeek);
    }
}
