package id.presensi.cli;

import id.presensi.rules.LeaveType;
import id.presensi.staff.EndReason;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** The values shell completion offers for options that take a word from a fixed list (picocli's completionCandidates). */
final class Candidates {
    private Candidates() {
    }

    /** Why an employment ended (staff end --reason). */
    static final class EndReasons implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(EndReason.values()).map(Enum::name).iterator();
        }
    }

    /** Leave types (leave add --type). */
    static final class LeaveTypes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(LeaveType.values()).map(Enum::name).iterator();
        }
    }

    /** Operator roles (operator add --role). */
    static final class Roles implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bkpsdm", "opd-admin").iterator();
        }
    }
}
