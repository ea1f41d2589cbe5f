package id.presensi.app;

import id.presensi.machine.Cidr;
import id.presensi.store.Audit;
import id.presensi.store.HeldPunchStore;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Optional;

/**
 * Registering fingerprint machines, deciding which addresses their punches are filed from, and filing the punches
 * that waited (held from an untrusted address, or pushed under a PIN enrolled since): `machine add`, `allow`,
 * `confirm`, `remove`, `list` and `machine pin`. Writes take the caller's transaction and audit; filing what waited
 * runs after that transaction, in its own, as the released punches must be committed first.
 */
public final class Machines {
    private final MachineStore machines;
    private final MachinePinStore pins;
    private final HeldPunchStore held;

    public Machines(Jdbi jdbi) {
        this.machines = new MachineStore(jdbi);
        this.pins = new MachinePinStore(jdbi);
        this.held = new HeldPunchStore(jdbi);
    }

    public MachineStore.Added add(Handle h, Audit audit, String serial, String unitCode, String name, List<Cidr> allowedFrom) {
        return machines.add(h, audit, serial, unitCode, name, allowedFrom);
    }

    /** Replaces a machine's allowlist; the number of held punches released. */
    public int allow(Handle h, Audit audit, String serial, List<Cidr> allowedFrom) {
        return machines.allow(h, audit, existing(serial).serial(), allowedFrom);
    }

    /**
     * The address `machine confirm` trusts: the one given, or else the one address the machine's punches are held
     * from; refused when none or several are held.
     */
    public String addressToConfirm(String serial, Optional<String> address) {
        MachineStore.Machine m = existing(serial);
        List<String> heldFrom = held.heldFrom(m.id());
        if (address.isPresent()) {
            return Cidr.host(address.get())
                    .orElseThrow(() -> new IllegalArgumentException("--address must be an IPv4 or IPv6 address, e.g. 203.0.113.7"));
        } else if (heldFrom.size() == 1) {
            return heldFrom.get(0);
        } else if (heldFrom.isEmpty()) {
            throw new IllegalArgumentException("no punches of machine " + serial + " are held; give the address to trust with --address");
        }
        throw new IllegalArgumentException("punches of machine " + serial + " are held from " + String.join(", ", heldFrom)
                + "; say which one is the office's with --address");
    }

    /** Trusts an address of a machine; the number of held punches released. */
    public int confirm(Handle h, Audit audit, String serial, String address) {
        return machines.confirm(h, audit, serial, address);
    }

    /** Files the punches released or enrolled since, as check-ins (the backlog from before enrolment only if asked). */
    public MachinePinStore.Filed fileWaiting(Audit audit, boolean withBacklog) {
        return pins.fileEnrolledPunches(audit, withBacklog);
    }

    /** How `machine remove` names the machine to the operator, or empty when there is none the operator sees. */
    public Optional<String> describe(String serial) {
        return machines.find(serial).map(m -> "machine " + serial + " (" + m.name() + ", unit " + m.unitCode() + ")");
    }

    public boolean remove(Handle h, Audit audit, String serial) {
        return machines.remove(h, audit, serial);
    }

    public List<MachineStore.Listed> list(Optional<String> unitCode) {
        return machines.list(unitCode);
    }

    public List<MachinePinStore.Listed> pins(Optional<String> unitCode, Optional<String> serial) {
        return pins.list(unitCode, serial);
    }

    private MachineStore.Machine existing(String serial) {
        return machines.find(serial).orElseThrow(() -> new IllegalArgumentException("no machine " + serial + " is registered in your units"));
    }
}
