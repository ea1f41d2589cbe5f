package id.presensi.app;

import id.presensi.machine.MachinePunch;
import id.presensi.rules.PersonRules;
import id.presensi.store.CheckInStore;
import id.presensi.store.HeldPunchStore;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.store.UnmatchedPunchStore;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fingerprint machine's push as it is stored: each punch filed as a check-in under the employee its PIN names, on
 * the work date their rules give it; an unknown PIN kept for a later enrolment; a punch of ended staff or of another
 * unit's regency-wide PIN set aside; a push from an address the machine is not trusted from held whole. The server's
 * handler reads the lines and the address, calls this, and hands the records to its group commit.
 */
public final class MachineCheckIn {
    /** At most this many of a push's punches are kept unmatched, and as many set aside or held: a forged serial fills no table. */
    public static final int KEPT_PER_PUSH = 500;

    /** An employee's rules around an instant (the server keeps today's and yesterday's in memory). */
    @FunctionalInterface
    public interface RulesAt {
        PersonRules of(long employeeId, Instant at);
    }

    private final MachinePinStore pins;

    public MachineCheckIn(MachinePinStore pins) {
        this.pins = pins;
    }

    /** A push from an address the machine is trusted from: each punch filed, kept unmatched or set aside. */
    public List<CheckInStore.MachineRecord> trusted(MachineStore.Machine m, List<MachinePunch> read, Optional<String> address,
                                                    RulesAt rules) {
        Set<String> distinct = new LinkedHashSet<>();
        read.forEach(p -> distinct.add(p.pin()));
        Map<String, MachinePinStore.Holder> holders = distinct.isEmpty() ? Map.of() : pins.holders(m.id(), distinct);
        List<CheckInStore.MachineRecord> records = new ArrayList<>(read.size());
        int unmatched = 0;
        int setAside = 0;
        for (MachinePunch p : read) {
            MachinePinStore.Holder holder = holders.get(p.pin());
            if (holder == null) {
                if (unmatched++ < KEPT_PER_PUSH) {
                    records.add(new UnmatchedPunchStore.Unmatched(m.id(), p));
                }
                continue;
            }
            Optional<HeldPunchStore.Reason> aside = holder.otherUnit() ? Optional.of(HeldPunchStore.Reason.OTHER_UNIT)
                    : holder.endedFrom().filter(ended -> !p.time().toLocalDate().isBefore(ended)).map(e -> HeldPunchStore.Reason.ENDED);
            CheckInStore.FromMachine filed = null;
            if (aside.isEmpty()) {
                Instant at = p.time().atZone(m.zone()).toInstant();
                filed = CheckInStore.FromMachine.filed(m.serial(), p, at, holder.employeeId(), rules.of(holder.employeeId(), at));
                LocalDate workDate = filed.workDate();
                aside = holder.endedFrom().filter(ended -> !workDate.isBefore(ended)).map(e -> HeldPunchStore.Reason.ENDED);
            }
            if (aside.isEmpty()) {
                records.add(filed);
            } else if (setAside++ < KEPT_PER_PUSH) {
                records.add(new HeldPunchStore.Held(m.id(), p, aside.get(), address));
            }
        }
        return records;
    }

    /**
     * A push from an address the machine is not trusted from: held, at most {@link #KEPT_PER_PUSH} of it; a push that
     * cannot be held whole is not answered OK, so a real machine sends it again once its address is confirmed.
     */
    public static List<CheckInStore.MachineRecord> held(MachineStore.Machine m, List<MachinePunch> read, Optional<String> address) {
        return read.stream().limit(KEPT_PER_PUSH)
                .<CheckInStore.MachineRecord>map(p -> new HeldPunchStore.Held(m.id(), p, HeldPunchStore.Reason.ADDRESS, address)).toList();
    }
}
