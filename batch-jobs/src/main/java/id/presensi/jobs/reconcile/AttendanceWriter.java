package id.presensi.jobs.reconcile;

import org.jdbi.v3.core.Jdbi;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the chunk's employees' records for the days being reconciled, in the chunk's transaction: a re-run
 * or a restart rewrites the same rows, so results never depend on chunk size or on how the work was split.
 * A run by another operator over the same employees (an OPD admin's, beside the nightly one) may write the
 * same records meanwhile: the insert then updates them, and the last writer's identical result stands.
 */
class AttendanceWriter implements ItemWriter<List<AttendanceRow>> {
    private final Jdbi jdbi;
    private final ReconcileRequest request;

    AttendanceWriter(Jdbi jdbi, ReconcileRequest request) {
        this.jdbi = jdbi;
        this.request = request;
    }

    @Override
    public void write(Chunk<? extends List<AttendanceRow>> chunk) {
        List<AttendanceRow> rows = chunk.getItems().stream().flatMap(List::stream).toList();
        Long[] employees = chunk.getItems().stream().filter(l -> !l.isEmpty()).map(l -> l.get(0).employeeId()).toArray(Long[]::new);
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM attendance WHERE employee_id = ANY(:ids) AND work_date BETWEEN :from AND :to")
                    .bind("ids", employees).bind("from", request.from()).bind("to", request.to()).execute();
            h.createUpdate("""
                            INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off,
                                                    first_in, last_out, late_min, early_min, codes, flags, explanation)
                            SELECT employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off, first_in,
                                   last_out, late_min, early_min, string_to_array(codes, ','), coalesce(string_to_array(nullif(flags, ''), ','), '{}'), explanation
                              FROM unnest(:employee::bigint[], :date::date[], :unit::bigint[], :start::timestamptz[], :end::timestamptz[],
                                          :shift::text[], :dayOff::text[], :in::timestamptz[], :out::timestamptz[], :late::int[],
                                          :early::int[], :codes::text[], :flags::text[], :explanation::text[])
                                   AS r(employee_id, work_date, unit_id, expected_start, expected_end, shift_code, day_off, first_in,
                                        last_out, late_min, early_min, codes, flags, explanation)
                            ON CONFLICT (employee_id, work_date) DO UPDATE SET
                                unit_id = excluded.unit_id, expected_start = excluded.expected_start, expected_end = excluded.expected_end,
                                shift_code = excluded.shift_code, day_off = excluded.day_off, first_in = excluded.first_in,
                                last_out = excluded.last_out, late_min = excluded.late_min, early_min = excluded.early_min,
                                codes = excluded.codes, flags = excluded.flags, explanation = excluded.explanation,
                                computed_at = excluded.computed_at""")
                    .bind("employee", rows.stream().map(AttendanceRow::employeeId).toArray(Long[]::new))
                    .bind("date", rows.stream().map(r -> r.day().workDate()).toArray(java.time.LocalDate[]::new))
                    .bind("unit", rows.stream().map(AttendanceRow::unitId).toArray(Long[]::new))
                    .bind("start", rows.stream().map(r -> instant(r.day().expectedStart(), r.zone())).toArray(OffsetDateTime[]::new))
                    .bind("end", rows.stream().map(r -> instant(r.day().expectedEnd(), r.zone())).toArray(OffsetDateTime[]::new))
                    .bind("shift", rows.stream().map(r -> r.day().shiftCode().orElse(null)).toArray(String[]::new))
                    .bind("dayOff", rows.stream().map(r -> r.day().dayOff().map(Enum::name).orElse(null)).toArray(String[]::new))
                    .bind("in", rows.stream().map(r -> instant(r.day().firstIn(), r.zone())).toArray(OffsetDateTime[]::new))
                    .bind("out", rows.stream().map(r -> instant(r.day().lastOut(), r.zone())).toArray(OffsetDateTime[]::new))
                    .bind("late", rows.stream().map(r -> (int) r.day().lateMin()).toArray(Integer[]::new))
                    .bind("early", rows.stream().map(r -> (int) r.day().earlyMin()).toArray(Integer[]::new))
                    .bind("codes", rows.stream().map(r -> String.join(",", r.day().codes())).toArray(String[]::new))
                    .bind("flags", rows.stream().map(r -> String.join(",", r.day().flags().stream().map(Enum::name).sorted().toList())).toArray(String[]::new))
                    .bind("explanation", rows.stream().map(r -> r.day().explanation()).toArray(String[]::new))
                    .execute();
        });
    }

    private static OffsetDateTime instant(Optional<LocalDateTime> local, ZoneId zone) {
        return local.map(t -> t.atZone(zone).toOffsetDateTime()).orElse(null);
    }
}
