package id.presensi.app;

import id.presensi.imports.Change;
import id.presensi.store.Audit;
import id.presensi.store.PolicyStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The regency's own settings: its name and signature city (what reports print) and the worst GPS accuracy a check-in
 * may report. Writes take the caller's transaction and audit; an unchanged value writes nothing.
 */
public final class RegencySettings {
    private final PolicyStore policy;

    public RegencySettings(Jdbi jdbi) {
        this.policy = new PolicyStore(jdbi);
    }

    public PolicyStore.Regency regency() {
        return policy.regency();
    }

    /** Sets "regency" (the name in report titles) or "city" (the place above signatures). */
    public Change setRegency(Handle h, Audit audit, String what, String value) {
        return policy.setRegency(h, audit, what, value);
    }

    public int maxAccuracyM() {
        return policy.maxAccuracyM();
    }

    public Change setMaxAccuracy(Handle h, Audit audit, int metres) {
        return policy.setMaxAccuracy(h, audit, metres);
    }
}
