package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.rules.ValidityPeriod;
import id.presensi.rules.WfhPeriod;
import id.presensi.store.Audit;
import id.presensi.store.PolicyStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/** Work-from-home periods, known by name; writes take the caller's transaction and audit. */
public final class WorkFromHome {
    private final PolicyStore policy;

    public WorkFromHome(Jdbi jdbi) {
        this.policy = new PolicyStore(jdbi);
    }

    /** A period as an operator gives it: the radius in km (above 0, at most 500), unit codes in any case (none: all). */
    public static WfhPeriod period(String name, LocalDate from, LocalDate to, double radiusKm, Collection<String> unitCodes) {
        if (radiusKm <= 0 || radiusKm > 500) {
            throw new IllegalArgumentException("--radius-km must be more than 0 and at most 500, got " + radiusKm);
        }
        return new WfhPeriod(name.strip(), ValidityPeriod.between(from, to), (int) Math.round(radiusKm * 1000),
                new TreeSet<>(unitCodes.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList()));
    }

    public Change put(Handle h, Audit audit, WfhPeriod period) {
        return policy.upsertWfh(h, audit, period);
    }

    public List<WfhPeriod> list() {
        return policy.wfhPeriods();
    }

    /** What removing the period would change, for the operator to confirm; empty when there is none. */
    public Optional<String> removalImpact(String name) {
        return policy.wfhRemovalImpact(name);
    }

    public boolean remove(Handle h, Audit audit, String name) {
        return policy.removeWfh(h, audit, name);
    }
}
