package id.presensi.jobs.reconcile;

import id.presensi.store.RulesLoader;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Map;

/** Everyone's rules for the days being reconciled, loaded once per run in a dozen queries. */
record RulesSnapshot(Map<Long, RulesLoader.Loaded> byEmployee, Map<String, Long> unitIds, List<Long> employeeIds) {

    static RulesSnapshot load(Jdbi jdbi, ReconcileRequest request) {
        return jdbi.withHandle(h -> {
            Map<Long, RulesLoader.Loaded> all = RulesLoader.loadAll(h, request.from().minusDays(1), request.to().plusDays(1));
            List<Long> inScope = h.createQuery("""
                            SELECT id FROM employee WHERE active AND (ended_from IS NULL OR ended_from > :from)
                               AND unit_id IN (SELECT unit_scope(:unit)) ORDER BY id""")
                    .bind("unit", request.unitCode().orElse(null)).bind("from", request.from()).mapTo(Long.class).list();
            Map<String, Long> unitIds = new java.util.HashMap<>();
            h.createQuery("SELECT code, id FROM unit").mapToMap().forEach(r -> unitIds.put((String) r.get("code"), ((Number) r.get("id")).longValue()));
            return new RulesSnapshot(all, unitIds, inScope);
        });
    }
}
