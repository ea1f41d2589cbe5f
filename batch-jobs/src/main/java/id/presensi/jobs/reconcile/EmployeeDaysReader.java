package id.presensi.jobs.reconcile;

import id.presensi.app.EmployeeDays;
import id.presensi.app.Reconciliation;
import id.presensi.store.CheckInStore;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * Reads one partition's employees in pages, with each page's punches in one query. Remembers the last
 * employee whose chunk was committed, so a restarted run goes on from there.
 */
class EmployeeDaysReader implements ItemStreamReader<EmployeeDays> {
    private static final int PAGE = 500;
    private static final String LAST = "lastEmployeeId";

    private final CheckInStore checkIns;
    private final Reconciliation reconciliation;
    private final long maxId;
    private final Deque<EmployeeDays> page = new ArrayDeque<>();
    private long readUpTo;
    private long committedUpTo;

    EmployeeDaysReader(CheckInStore checkIns, Reconciliation reconciliation, long minId, long maxId) {
        this.checkIns = checkIns;
        this.reconciliation = reconciliation;
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
        List<Long> all = reconciliation.employeeIds(); // sorted: the page starts just after the last employee read
        int next = Collections.binarySearch(all, readUpTo + 1);
        List<Long> ids = new ArrayList<>(PAGE);
        for (int i = next >= 0 ? next : -next - 1; i < all.size() && all.get(i) <= maxId && ids.size() < PAGE; i++) {
            ids.add(all.get(i));
        }
        if (ids.isEmpty()) {
            return;
        }
        readUpTo = ids.get(ids.size() - 1);
        page.addAll(reconciliation.read(checkIns, ids));
    }
}
