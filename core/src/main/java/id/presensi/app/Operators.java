package id.presensi.app;

import id.presensi.operator.Role;
import id.presensi.store.Audit;
import id.presensi.store.OperatorStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * The people who run Presensi (BKPSDM admins, OPD admins) and their database logins: adding, disabling, a new
 * password, and a login made again after a restore. A password not given is generated and returned once; writes take
 * the caller's transaction and audit.
 */
public final class Operators {
    private final OperatorStore operators;

    public Operators(Jdbi jdbi) {
        this.operators = new OperatorStore(jdbi);
    }

    /** The password, given or generated. */
    public String add(Handle h, Audit audit, String name, Role role, Optional<String> unitCode, Optional<String> password,
                      Optional<String> employee) {
        return operators.add(h, audit, name, role, unitCode, password, employee);
    }

    public List<OperatorStore.Listed> list() {
        return operators.list();
    }

    public Optional<String> disableImpact(String name) {
        return operators.disableImpact(name);
    }

    public boolean disable(Handle h, Audit audit, String name) {
        return operators.disable(h, audit, name);
    }

    /** The new password, given or generated. */
    public String newPassword(Handle h, Audit audit, String name, Optional<String> password) {
        return operators.password(h, audit, name, password);
    }

    /** The password of the login made again, given or generated. */
    public String relink(Handle h, Audit audit, String name, Optional<String> password) {
        return operators.relink(h, audit, name, password);
    }
}
