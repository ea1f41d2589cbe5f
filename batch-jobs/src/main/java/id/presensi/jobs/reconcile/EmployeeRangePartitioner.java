package id.presensi.jobs.reconcile;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits the employees in scope into contiguous id ranges of equal size, one per thread. */
class EmployeeRangePartitioner implements Partitioner {
    private final List<Long> ids;

    EmployeeRangePartitioner(List<Long> ids) {
        this.ids = ids;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        int parts = Math.max(1, Math.min(gridSize, ids.size()));
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) ids.size() * p / parts);
            int to = (int) ((long) ids.size() * (p + 1) / parts) - 1;
            ExecutionContext context = new ExecutionContext();
            context.putLong("minId", ids.isEmpty() ? 0 : ids.get(from));
            context.putLong("maxId", ids.isEmpty() ? -1 : ids.get(to));
            partitions.put("employees" + p, context);
        }
        return partitions;
    }
}
