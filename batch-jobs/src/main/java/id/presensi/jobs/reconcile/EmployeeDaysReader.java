package id.presensi.jobs.reconcile;

import id.presensi.attendance.Punch;
import id.presensi.store.CheckInStore;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one partition's employees in pages, with each page's punches in one query. Remembers the last
 * employee whose chunk was committed, so a restarted run goes on from there.
 */
class EmployeeDaysReader implements ItemStreamReader<EmployeeDays> {
    private static final int PAGE = 500;
    private static final String LAST = "lastEmployeeId";

    private final CheckInStore checkIns;
    private final RulesSnapshot snapshot;
    private final ReconcileRequest request;
    private final long maxId;
    private final Deque<EmployeeDays> page = new ArrayDeque<>();
    private long readUpTo;
    private long committedUpTo;

    EmployeeDaysReader(CheckInStore checkIns, RulesSnapshot snapshot, ReconcileRequest request, long minId, long maxId) {
        this.checkIns = checkIns;
        this.snapshot = snapshot;
        this.request = request;
        this.maxId = maxId;
        this.readUpTo = minId - 1;
    }

    @Override
    public void open(ExecutionContext context) {
        if (context.containsKey(LAST)) {
            readUpTo = context.getLong(LAST);
        }
        committedUpTo = readUpTo;
    }

    @Override
    public EmployeeDays read() {
        if (page.isEmpty()) {
            fill();
        }
        EmployeeDays next = page.poll();
        if (next != null) {
            committedUpTo = next.employee().employeeId();
        }
        return next;
    }

    /** Called before each chunk commits: everything read so far is in that chunk. */
    @Override
    public void update(ExecutionContext context) {
        context.putLong(LAST, committedUpTo);
    }

    private void fill() {
        List<Long> all = snapshot.employeeIds(); // sorted: the page starts just after the last employee read
        int next = Collections.binarySearch(all, readUpTo + 1);
        List<Long> ids = new ArrayList<>(PAGE);
        for (int i = next >= 0 ? next : -next - 1; i < all.size() && all.get(i) <= maxId && ids.size() < PAGE; i++) {
            ids.add(all.get(i));
        }
        if (ids.isEmpty()) {
            return;
        }
        readUpTo = ids.get(ids.size() - 1);
        Map<Long, Map<LocalDate, List<Punch>>> punches = new HashMap<>();
        for (CheckInStore.Accepted a : checkIns.accepted(ids, request.from(), request.to())) {
            ZoneId zone = snapshot.byEmployee().get(a.employeeId()).rules().zone();
            punches.computeIfAbsent(a.employeeId(), k -> new HashMap<>()).computeIfAbsent(a.workDate(), k -> new ArrayList<>())
                    .add(new Punch(LocalDateTime.ofInstant(a.at(), zone), a.type(), a.offlineSynced(), a.workFromHome(), a.workFromAnywhere(), a.source()));
        }
        for (Long id : ids) {
            page.add(new EmployeeDays(snapshot.byEmployee().get(id), punches.getOrDefault(id, Map.of())));
        }
    }
}
