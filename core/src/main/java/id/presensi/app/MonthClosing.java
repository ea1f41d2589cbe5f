package id.presensi.app;

import id.presensi.attendance.ClosedMonth;
import id.presensi.store.Audit;
import id.presensi.store.ClosedMonthStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Closing a month (tutup buku) once its recap has gone to payroll, for a unit and the units under it or (no unit)
 * the regency, and BKPSDM reopening it; writes take the caller's transaction and audit.
 */
public final class MonthClosing {
    private final ClosedMonthStore months;

    public MonthClosing(Jdbi jdbi) {
        this.months = new ClosedMonthStore(jdbi);
    }

    /** False when the month was already closed so. */
    public boolean close(Handle h, Audit audit, YearMonth month, Optional<String> unitCode) {
        return months.close(h, audit, month, unitCode);
    }

    /** Reopens the month, saying why (a reason is required); false when it was not closed so. */
    public boolean reopen(Handle h, Audit audit, YearMonth month, Optional<String> unitCode, String reason) {
        return months.reopen(h, audit, month, unitCode, reason(reason));
    }

    /** The reason as recorded; refused when blank, which the command checks before it connects. */
    public static String reason(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("--reason must say why the month is reopened");
        }
        return text.strip();
    }

    public List<ClosedMonth> list() {
        return months.list();
    }
}
