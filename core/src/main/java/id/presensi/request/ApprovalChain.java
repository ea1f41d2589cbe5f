package id.presensi.request;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A unit's rule for one request kind: its steps in order, applying to requests of at least {@code minDays} days and,
 * when {@code closingMonth}, only to a day in a month before the current one (about to close). Sub-units inherit it.
 */
public record ApprovalChain(String unitCode, RequestKind kind, int minDays, boolean closingMonth, List<ApprovalStep> steps) {
    public ApprovalChain {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > ApprovalStep.Actor.values().length) {
            throw new IllegalArgumentException("a chain has 1 to 4 steps, got " + steps.size());
        }
        if (new HashSet<>(steps.stream().map(ApprovalStep::actor).toList()).size() != steps.size()) {
            throw new IllegalArgumentException("each of ADMIN, HEAD, OPD_HEAD and BKPSDM decides at most one step of a chain");
        }
        if (minDays < 1 || minDays > 32) {
            throw new IllegalArgumentException("--min-days must be 1 to 32, got " + minDays);
        }
    }

    /** The condition in words, for listings. */
    public Optional<String> condition() {
        String days = minDays > 1 ? ">= " + minDays + " days" : null;
        String month = closingMonth ? "day in a month about to close" : null;
        return Optional.ofNullable(days == null ? month : month == null ? days : days + ", " + month);
    }
}
