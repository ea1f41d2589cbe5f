package id.presensi.report;

import id.presensi.recap.EmployeeMonth;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recap reads the scope's month in one statement: each unit's employees must still come unit by unit in code order,
 * by name (in the database's collation, namesakes by id) within a unit, each with the records filed under that unit
 * only (a transfer mid-month gives two rows in two units), and a unit without records still has its place.
 */
class MonthlyRecapScopeTest {
    static final YearMonth AUGUST = YearMonth.of(2026, 8);

    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void three_units_one_without_records_and_a_transfer() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('BKPSDM', 'BKPSDM'), ('CAMAT', 'Kecamatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PUSKESMAS', 'Puskesmas', id FROM unit WHERE code = 'DINKES'");
            String[][] staff = {{"199001012015011001", "budi Santoso", "DINKES"}, {"199001012015011002", "Andi", "DINKES"},
                    {"199001012015011003", "Andi", "DINKES"}, {"199001012015011004", "Ｚaenal", "DINKES"},
                    {"199001012015011005", "Citra", "BKPSDM"}, {"199001012015011006", "Ani Pindah", "PUSKESMAS"},
                    {"199001012015011007", "Dewi", "PUSKESMAS"}, {"199001012015011008", "ánton", "BKPSDM"}};
            for (String[] s : staff) {
                h.execute("INSERT INTO employee (type, nip, name, position, unit_id) SELECT 'PNS', ?, ?, 'Analis', id FROM unit WHERE code = ?",
                        s[0], s[1], s[2]);
            }
            // everyone's month in their unit; the one transferred worked the first ten days at DINKES
            h.execute("""
                    INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, day_off, first_in, last_out,
                                            late_min, early_min, codes, explanation)
                    SELECT e.id, d::date, CASE WHEN e.name = 'Ani Pindah' AND d < date '2026-08-11' THEN (SELECT id FROM unit WHERE code = 'DINKES')
                                               ELSE e.unit_id END,
                           CASE WHEN extract(isodow FROM d) < 6 THEN d + time '07:30' END, CASE WHEN extract(isodow FROM d) < 6 THEN d + time '16:00' END,
                           CASE WHEN extract(isodow FROM d) >= 6 THEN 'WEEKEND' END,
                           CASE WHEN extract(isodow FROM d) < 6 AND extract(day FROM d)::int % 7 <> e.id % 7 THEN d + time '07:20' + (e.id % 5) * interval '9 minute' END,
                           CASE WHEN extract(isodow FROM d) < 6 AND extract(day FROM d)::int % 7 <> e.id % 7 THEN d + time '16:05' END,
                           0, 0,
                           CASE WHEN extract(isodow FROM d) >= 6 THEN ARRAY['LIBUR'] WHEN extract(day FROM d)::int % 7 = e.id % 7 THEN ARRAY['TK']
                                ELSE ARRAY['H'] END, 'test'
                      FROM employee e, generate_series(date '2026-08-01', date '2026-08-31', interval '1 day') d""");
        });
    }

    @Test
    void each_unit_gives_its_own_records_in_name_order_as_one_statement_per_unit_would() {
        Map<String, List<String>> streamed = new LinkedHashMap<>();
        Map<String, Integer> days = new LinkedHashMap<>();
        new MonthlyRecap(db.database().jdbi(), AUGUST, Optional.empty()).employees((u, m) -> {
            streamed.computeIfAbsent(u.code(), c -> new ArrayList<>()).add(m.key());
            days.put(u.code() + "/" + m.key(), m.codesByDate().size());
        });

        Map<String, List<String>> perUnit = new LinkedHashMap<>();
        Map<String, Integer> perUnitDays = new LinkedHashMap<>();
        db.database().jdbi().useHandle(h -> h.createQuery("""
                        SELECT u.code, coalesce(e.nip, e.nik) AS key, count(*) AS days FROM attendance a JOIN employee e ON e.id = a.employee_id
                          JOIN unit u ON u.id = a.unit_id WHERE a.work_date BETWEEN '2026-08-01' AND '2026-08-31'
                         GROUP BY u.code, e.name, e.id, e.nip, e.nik ORDER BY u.code, e.name, e.id""")
                .map((rs, ctx) -> new String[] {rs.getString("code"), rs.getString("key"), rs.getString("days")})
                .forEach(r -> {
                    perUnit.computeIfAbsent(r[0], c -> new ArrayList<>()).add(r[1]);
                    perUnitDays.put(r[0] + "/" + r[1], Integer.parseInt(r[2]));
                }));

        assertThat(streamed).containsExactlyEntriesOf(perUnit);
        assertThat(days).containsExactlyEntriesOf(perUnitDays);
        assertThat(streamed.keySet()).as("units in code order; CAMAT has no records").containsExactly("BKPSDM", "DINKES", "PUSKESMAS");
        assertThat(days).containsEntry("DINKES/199001012015011006", 10).containsEntry("PUSKESMAS/199001012015011006", 21);
    }

    @Test
    void the_workbook_keeps_a_sheet_for_the_unit_without_records_and_the_desk_and_the_csv_agree_with_it() throws Exception {
        MonthlyRecap recap = new MonthlyRecap(db.database().jdbi(), AUGUST, Optional.empty());
        var out = new java.io.ByteArrayOutputStream();
        assertThat(recap.writeXlsx(out, Optional.of("Kabupaten Paser"))).isEqualTo(9);
        var again = new java.io.ByteArrayOutputStream();
        new MonthlyRecap(db.database().jdbi(), AUGUST, Optional.empty()).writeXlsx(again, Optional.of("Kabupaten Paser"));
        assertThat(again.toByteArray()).as("the same records give the same bytes").isEqualTo(out.toByteArray());

        List<String> sheets = new ArrayList<>();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(out.toByteArray()))) {
            for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals("xl/workbook.xml")) {
                    var m = java.util.regex.Pattern.compile("<sheet name=\"([^\"]+)\"").matcher(new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    while (m.find()) {
                        sheets.add(m.group(1));
                    }
                }
            }
        }
        assertThat(sheets).containsExactly("Ringkasan BKPSDM", "Ringkasan CAMAT", "Ringkasan DINKES", "Ringkasan PUSKESMAS",
                "Rekap BKPSDM", "Harian BKPSDM", "Rekap CAMAT", "Harian CAMAT", "Rekap DINKES", "Harian DINKES", "Rekap PUSKESMAS", "Harian PUSKESMAS");

        var csv = new java.io.StringWriter();
        assertThat(new MonthlyRecap(db.database().jdbi(), AUGUST, Optional.empty()).writeCsv(csv, ';')).isEqualTo(9);
        List<EmployeeMonth> months = new ArrayList<>();
        new MonthlyRecap(db.database().jdbi(), AUGUST, Optional.empty()).employees((u, m) -> months.add(m));
        List<String> rows = csv.toString().lines().skip(1).toList();
        assertThat(rows).hasSize(months.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).as("CSV row %d in the recap's order", i).contains(months.get(i).key());
        }
    }
}
