package id.presensi.jobs.reconcile;

import id.presensi.app.Reconciliation;
import id.presensi.attendance.StatusBands;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Which days to reconcile, for which unit (and its sub-units), over how many threads, and as of when: a working
 * day whose check-out window is still open at {@code asOf} is recorded as provisional (BELUM); and whether the
 * titip-absen signals of those days are computed again afterwards (the nightly run does; a quick look at today need not).
 */
public record ReconcileRequest(LocalDate from, LocalDate to, Optional<String> unitCode, StatusBands bands, int partitions,
                               Instant asOf, boolean signals) {
    public ReconcileRequest {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to (" + to + ") is before --from (" + from + ")");
        }
        if (from.plusDays(366).isBefore(to)) {
            throw new IllegalArgumentException("reconcile at most a year at a time");
        }
    }

    /** The days, scope, bands and instant reconciliation's rule needs. */
    public Reconciliation.Days days() {
        return new Reconciliation.Days(from, to, unitCode, bands, asOf);
    }

    /** The same run over other days. */
    public ReconcileRequest over(LocalDate otherFrom, LocalDate otherTo) {
        return new ReconcileRequest(otherFrom, otherTo, unitCode, bands, partitions, asOf, signals);
    }
}
