package id.presensi.store;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recap's completeness (days without records while the scope had staff, provisional BELUM records) is counted by
 * look-ups rather than by reading the month: the counts must stay those of the month's records, for a unit with its
 * sub-units, for a sub-unit alone and for the whole regency, before the planner's partial index (V44) and after it.
 */
class RecapCompletenessTest {
    private static final YearMonth AUGUST = YearMonth.of(2026, 8);

    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void reconciled_to_the_25th_with_two_provisional_days_a_sub_unit_missing_a_day_and_a_unit_whose_staff_left() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('BKPSDM', 'BKPSDM'), ('CAMAT', 'Kecamatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PUSKESMAS', 'Puskesmas', id FROM unit WHERE code = 'DINKES'");
            String[][] staff = {{"199001012015011001", "DINKES"}, {"199001012015011002", "DINKES"}, {"199001012015011003", "PUSKESMAS"},
                    {"199001012015011004", "BKPSDM"}, {"199001012015011005", "CAMAT"}};
            for (String[] s : staff) {
                h.execute("INSERT INTO employee (type, nip, name, position, unit_id) SELECT 'PNS', ?, 'Pegawai ' || ?, 'Analis', id FROM unit WHERE code = ?",
                        s[0], s[0], s[1]);
            }
            // CAMAT's only employee retired on the 20th and has no records: the days before count as missing there only
            h.execute("UPDATE employee SET ended_from = '2026-08-20', end_reason = 'PENSIUN' WHERE nip = '199001012015011005'");
            // reconciled up to the 25th; the 24th and 25th still provisional at DINKES and PUSKESMAS; PUSKESMAS has no 10th
            h.execute("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, first_in, last_out, late_min,
                                            early_min, codes, explanation)
                    SELECT e.id, d::date, e.unit_id, d + time '07:30', d + time '16:00', d + time '07:20', d + time '16:05', 0, 0,
                           CASE WHEN extract(day FROM d) >= 24 AND u.code <> 'BKPSDM' THEN ARRAY['BELUM'] ELSE ARRAY['H'] END, 'test'
                      FROM employee e JOIN unit u ON u.id = e.unit_id, generate_series(date '2026-08-01', date '2026-08-25', interval '1 day') d
                     WHERE u.code <> 'CAMAT' AND NOT (u.code = 'PUSKESMAS' AND extract(day FROM d) = 10)""");
        });
    }

    @Test
    void each_unit_with_its_sub_units_and_every_scope_count_what_the_month_holds() {
        RecapStore store = new RecapStore(db.database().jdbi());
        Map<String, RecapStore.Completeness> byUnit = byCode(store);
        assertThat(byUnit).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DINKES", new RecapStore.Completeness(6, 6),
                "PUSKESMAS", new RecapStore.Completeness(7, 2),
                "BKPSDM", new RecapStore.Completeness(6, 0),
                "CAMAT", new RecapStore.Completeness(19, 0)));
        assertThat(store.completeness(AUGUST, Optional.empty())).as("the regency: the 26th to the 31st").isEqualTo(new RecapStore.Completeness(6, 6));
        assertThat(store.completeness(AUGUST, Optional.of("dinkes"))).isEqualTo(byUnit.get("DINKES"));
        assertThat(store.completeness(AUGUST, Optional.of("PUSKESMAS"))).isEqualTo(byUnit.get("PUSKESMAS"));
        assertThat(store.completeness(AUGUST, Optional.of("CAMAT"))).isEqualTo(byUnit.get("CAMAT"));

        db.database().jdbi().useHandle(h -> h.execute("DROP INDEX attendance_provisional_idx"));
        try {
            assertThat(byCode(store)).as("the same counts from the month's records, without the index").isEqualTo(byUnit);
            assertThat(store.completeness(AUGUST, Optional.empty())).isEqualTo(new RecapStore.Completeness(6, 6));
        } finally { // the database is shared by the other tests: V44's index as the migration made it
            db.database().jdbi().useHandle(h -> h.execute("CREATE INDEX attendance_provisional_idx ON attendance (work_date, unit_id) WHERE 'BELUM' = ANY(codes)"));
        }
    }

    private static Map<String, RecapStore.Completeness> byCode(RecapStore store) {
        var units = store.units(Optional.empty());
        Map<Long, RecapStore.Completeness> counted = store.completeness(AUGUST, units);
        return units.stream().collect(Collectors.toMap(RecapStore.Unit::code, u -> counted.get(u.id())));
    }
}
