package id.presensi.app;

import id.presensi.store.Audit;
import id.presensi.store.RequestChainStore;
import id.presensi.store.RequestStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's decision, the same from the CLI, the desk and the phone: a request without an approval chain is decided
 * once (decide_request), one with a chain at its current step (decide_request_step, or phone_decide_request for a
 * head). The database enforces the turn, the actor, self-approval, the lock and, at a cuti tahunan's final approval,
 * the balance (V43), for psql as much as for these front ends.
 */
public final class RequestDecisions {
    private final Jdbi jdbi;
    private final RequestChainStore chains;

    public RequestDecisions(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.chains = new RequestChainStore(jdbi);
    }

    /** A request and its steps (none without a chain). */
    public record Standing(RequestStore.Stored request, List<RequestChainStore.Step> steps) {
        /** The step deciding now, if the request is on its chain. */
        public Optional<RequestChainStore.Step> current() {
            return steps.stream().filter(s -> s.status() == RequestChainStore.StepStatus.CURRENT).findFirst();
        }

        /** Where it stands in a few words, for listings: "2/3 HEAD (Budi Kepala) due 2026-09-17T00:00+08:00". */
        public String where(java.util.function.Function<java.time.Instant, String> local) {
            if (steps.isEmpty()) {
                return request.status().equals("PENDING") ? "ADMIN" : "";
            }
            return current().map(s -> s.position() + "/" + steps.size() + " " + s.actor() + s.signer().map(n -> " (" + n + ")").orElse("")
                    + s.dueAt().map(d -> " until " + local.apply(d)).orElse("")).orElse(request.status().equals("PENDING") ? "" : steps.size() + "/" + steps.size());
        }
    }

    public List<Standing> list(Optional<String> unitCode, Optional<String> status) {
        List<RequestStore.Stored> requests = new RequestStore(jdbi).list(unitCode, status);
        Map<Long, List<RequestChainStore.Step>> steps = chains.steps(requests.stream().map(RequestStore.Stored::id).toList());
        return requests.stream().map(r -> new Standing(r, steps.getOrDefault(r.id(), List.of()))).toList();
    }

    public Standing standing(long id) {
        RequestStore.Stored r = new RequestStore(jdbi).find(id).orElseThrow(() -> new IllegalArgumentException("no request #" + id + " in your units"));
        return new Standing(r, chains.steps(List.of(id)).getOrDefault(id, List.of()));
    }

    /** The requester's own requests with their steps (the phone's Riwayat). */
    public List<Standing> ofEmployee(long employeeId) {
        List<RequestStore.Stored> requests = new RequestStore(jdbi).ofEmployee(employeeId);
        Map<Long, List<RequestChainStore.Step>> steps = chains.steps(requests.stream().map(RequestStore.Stored::id).toList());
        return requests.stream().map(r -> new Standing(r, steps.getOrDefault(r.id(), List.of()))).toList();
    }

    /** Approves (or rejects) a request at its current step as the connection's operator, in the caller's transaction. */
    public RequestStore.Stored decide(Handle h, Audit audit, long id, boolean approve, Optional<String> note) {
        RequestStore.Stored r = RequestStore.find(h, id).orElseThrow(() -> new IllegalArgumentException("no request #" + id + " in your units"));
        if (!r.status().equals("PENDING")) {
            throw new IllegalArgumentException("request #" + id + " was already " + r.status().toLowerCase(Locale.ROOT)
                    + r.decidedBy().map(b -> " by " + b).orElse(""));
        }
        Optional<RequestChainStore.Step> current = RequestChainStore.steps(h, List.of(id)).getOrDefault(id, List.of()).stream()
                .filter(s -> s.status() == RequestChainStore.StepStatus.CURRENT).findFirst();
        if (current.isPresent()) {
            chains.decide(h, audit, id, current.get().position(), approve, note);
            return RequestStore.find(h, id).orElseThrow();
        }
        RequestStore store = new RequestStore(jdbi);
        return approve ? store.approve(h, audit, id, note) : store.reject(h, audit, id, note.orElseThrow());
    }

    /** A head's (or plt's) decision from the phone, the employee taken by the database from the phone's token. */
    public void decideFromPhone(String token, long id, boolean approve, Optional<String> note) {
        chains.decideFromPhone(token, id, approve, note);
    }

    /** The requests waiting for this phone's employee to sign, as head or plt. */
    public List<Standing> toSign(String token) {
        List<Long> ids = chains.toSign(token);
        RequestStore store = new RequestStore(jdbi);
        Map<Long, List<RequestChainStore.Step>> steps = chains.steps(ids);
        return ids.stream().map(id -> new Standing(store.find(id).orElseThrow(), steps.getOrDefault(id, List.of()))).toList();
    }

    /** Escalates or lapses overdue steps, in the caller's transaction; how many. */
    public int escalate(Handle h, Audit audit) {
        return RequestChainStore.escalate(h, audit);
    }
}
