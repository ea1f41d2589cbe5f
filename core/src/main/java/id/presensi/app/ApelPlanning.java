package id.presensi.app;

import id.presensi.apel.Apel;
import id.presensi.store.ApelStore;
import id.presensi.store.Audit;
import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Setting apel and ceremonies, and cancelling them ("apel ditiadakan"), the same from every front end. The scope
 * (an OPD admin: their units; the regency: BKPSDM) is checked again by the database functions that write.
 */
public final class ApelPlanning {
    private final ApelStore store = new ApelStore();

    /** Adds an apel, or changes the one of the same name and scope; its id. */
    public long add(Handle h, Audit audit, ApelStore.Draft draft) {
        if (draft.name().isBlank()) {
            throw new IllegalArgumentException("an apel needs a name");
        }
        if (!draft.opens().isBefore(draft.closes())) {
            throw new IllegalArgumentException("--window: opens before it closes, got " + draft.opens() + "-" + draft.closes());
        }
        return store.put(h, audit, draft);
    }

    /**
     * Cancels the apel held on a date that the operator may change: all of them, or the one named, or those of one
     * unit. Their names, in order; refused when there is none.
     */
    public List<String> cancel(Handle h, Audit audit, LocalDate day, String reason, Optional<String> name, Optional<String> unitCode) {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("--reason: say why the apel is cancelled (hujan, kunjungan, ...)");
        }
        boolean regency = store.changesRegencyWide(h);
        Set<String> mine = store.operatorUnits(h);
        Optional<String> unit = unitCode.map(code -> code.strip().toUpperCase(java.util.Locale.ROOT));
        List<Apel> held = store.all(h).stream()
                .filter(a -> a.when().fallsOn(day))
                .filter(a -> name.map(n -> n.strip().equalsIgnoreCase(a.name())).orElse(true))
                .filter(a -> unit.isEmpty() || a.unitCode().equals(unit))
                .filter(a -> regency || a.unitCode().map(mine::contains).orElse(false))
                .toList();
        if (held.isEmpty()) {
            throw new IllegalArgumentException("no apel on " + day + name.map(n -> " named '" + n.strip() + "'").orElse("")
                    + " that you may cancel" + (regency ? "" : " (a regency-wide apel is cancelled by BKPSDM)") + "; see presensi apel list");
        }
        for (Apel a : held) {
            store.cancel(h, audit, a.id(), day, reason);
        }
        return held.stream().map(Apel::name).toList();
    }

    public List<Apel> list(Handle h) {
        return store.all(h);
    }
}
