package id.presensi.jobs.reconcile;

import id.presensi.attendance.Punch;
import id.presensi.checkin.PunchType;
import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one partition's employees in pages, with each page's punches in one query. Remembers the last
 * employee whose chunk was committed, so a restarted run goes on from there.
 */
class EmployeeDaysReader implements ItemStreamReader<EmployeeDays> {
    private static final int PAGE = 500;
    private static final String LAST = "lastEmployeeId";

    private final Jdbi jdbi;
    private final RulesSnapshot snapshot;
    private final ReconcileRequest request;
    private final long maxId;
    private final Deque<EmployeeDays> page = new ArrayDeque<>();
    private long readUpTo;
    private long committedUpTo;

    EmployeeDaysReader(Jdbi jdbi, RulesSnapshot snapshot, ReconcileRequest request, long minId, long maxId) {
        this.jdbi = jdbi;
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
        List<Long> ids = new ArrayList<>(PAGE);
        for (Long id : snapshot.employeeIds()) {
            if (id > readUpTo && id <= maxId && ids.size() < PAGE) {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        readUpTo = ids.get(ids.size() - 1);
        Map<Long, Map<LocalDate, List<Punch>>> punches = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT employee_id, work_date, at, type, offline_synced, work_from_home, source = 'FINGERPRINT' AS fingerprint
                          FROM checkin WHERE accepted AND employee_id = ANY(:ids) AND work_date BETWEEN :from AND :to""")
                .bind("ids", ids.toArray(Long[]::new)).bind("from", request.from()).bind("to", request.to())
                .map((rs, ctx) -> {
                    long employee = rs.getLong("employee_id");
                    var zone = snapshot.byEmployee().get(employee).rules().zone();
                    String type = rs.getString("type");
                    return Map.entry(employee, Map.entry(rs.getObject("work_date", LocalDate.class), new Punch(
                            LocalDateTime.ofInstant(rs.getObject("at", OffsetDateTime.class).toInstant(), zone),
                            Optional.ofNullable(type).map(PunchType::valueOf), rs.getBoolean("offline_synced"),
                            rs.getBoolean("work_from_home"), rs.getBoolean("fingerprint"))));
                })
                .forEach(e -> punches.computeIfAbsent(e.getKey(), k -> new HashMap<>())
                        .computeIfAbsent(e.getValue().getKey(), k -> new ArrayList<>()).add(e.getValue().getValue())));
        for (Long id : ids) {
            page.add(new EmployeeDays(snapshot.byEmployee().get(id), punches.getOrDefault(id, Map.of())));
        }
    }
}
