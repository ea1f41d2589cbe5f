package id.presensi.cli;

import id.presensi.store.OvertimeStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Lembur and cuti through the real commands on the embedded database: orders, tariffs, the month's hours and amounts, balances. */
class LemburCutiCliTest extends CliTest {
    static final String SRI = "199001012015031001";      // PNS, Dinkes, golongan III
    static final String TONO = "6401010101900001";       // PTT (NIK), Dinkes
    static final String ANDI = "198505052010012002";     // PNS, BKPSDM: outside Dinkes

    @BeforeEach
    void dinkes_and_bkpsdm() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan'), ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Wahyuni', id FROM unit WHERE code = 'DINKES'", SRI);
            h.execute("INSERT INTO employee (type, nik, name, unit_id) SELECT 'PTT', ?, 'Tono Honorer', id FROM unit WHERE code = 'DINKES'", TONO);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Saputra', id FROM unit WHERE code = 'BKPSDM'", ANDI);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }

    /** The day's record as the night's reconciliation leaves it: the office day ends 16:00 WITA, the last punch at {@code out}. */
    private void worked(String nip, String date, String out) {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, first_in, last_out, codes, explanation)
                SELECT e.id, CAST(? AS date), e.unit_id, CAST(? || ' 07:30+08' AS timestamptz), CAST(? || ' 16:00+08' AS timestamptz),
                       CAST(? || ' 07:20+08' AS timestamptz), CAST(? || ' ' || ? || '+08' AS timestamptz), '{H}', 'hadir'
                  FROM employee e WHERE e.nip = ?""", date, date, date, date, date, out, nip));
    }

    @Test
    void an_spl_of_3_hours_worked_2_h_40_m_then_4_h_is_counted_within_the_order_and_paid_at_the_imported_tariff() throws Exception {
        ok("lembur", "tarif", "import", Paths.get("..", "docs", "lembur", "tarif-lembur-contoh.csv").toString());
        assertThat(out.toString()).contains("4 imported").contains("Rp30,000 per jam");

        ok("lembur", "order", "--unit", "DINKES", "--employees", SRI + ":III/a", "--date", "2026-09-07", "--hours", "3", "--ref", "800/1/IX/2026");
        ok("lembur", "order", "--unit", "DINKES", "--employees", SRI, "--golongan", "III", "--date", "2026-09-08", "--hours", "3", "--ref", "800/2/IX/2026");
        worked(SRI, "2026-09-07", "18:40"); // 2 h 40 m after 16:00
        worked(SRI, "2026-09-08", "20:00"); // 4 h, the order says 3

        out.getBuffer().setLength(0);
        ok("lembur", "rekap", "--month", "2026-09", "--unit", "DINKES", "--csv");
        // 2:40 + 3:00 = 5:40; (2 x 30.000 + 37.000) + (3 x 30.000 + 37.000) = 97.000 + 127.000 = 224.000
        assertThat(out.toString()).contains(SRI).contains("5:40").contains("224,000");

        // the rule file caps the month at 5 hours: the later day gives way, 2:40 + 2:20; 97.000 + (2 x 30.000 + 37.000) = 194.000
        Path rules = Files.createTempFile("aturan", ".yaml");
        Files.writeString(rules, Files.readString(Paths.get("..", "docs", "rules", "banjarmasin.yaml"))
                .replace("berlaku_mulai: 2026-01-01", "berlaku_mulai: 2026-01-01\nlembur_maks_jam_bulan: 5"));
        ok("rules", "import", rules.toString());
        out.getBuffer().setLength(0);
        ok("lembur", "rekap", "--month", "2026-09", "--csv");
        assertThat(out.toString()).contains("5:00").contains("194,000");

        // the monthly recap carries them too: JAM LEMBUR 2 + 2 full hours paid (after the month's cap), Rp194.000
        Path recap = Files.createTempDirectory("rekap").resolve("rekap.csv");
        ok("report", "monthly", "--month", "2026-09", "--unit", "DINKES", "--out", recap.toString());
        List<String> lines = Files.readAllLines(recap);
        assertThat(lines.get(0)).contains("JAM LEMBUR").contains("UANG LEMBUR (RP)");
        assertThat(lines.stream().filter(l -> l.contains(SRI)).findFirst().orElseThrow()).containsPattern("[;,]4[;,]194000[;,][0-9]");

        assertThat(audited("overtime_order")).as("each order audited").isEqualTo(2);
    }

    /** The phone's punches of a day, as the check-in service accepted them (local times, WITA). */
    private void punched(String key, String date, String in, String out) {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO device (employee_id, name, token_hash, activated_at) SELECT id, 'Android', sha256(coalesce(nip, nik)::bytea),"
                    + " TIMESTAMPTZ '2026-09-01 07:00+08' FROM employee WHERE coalesce(nip, nik) = ? ON CONFLICT DO NOTHING", key);
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                    SELECT gen_random_uuid(), d.employee_id, d.id, t.type, t.at, t.at, CAST(? AS date), true, 'ok'
                      FROM device d JOIN employee e ON e.id = d.employee_id,
                           (VALUES ('IN', CAST(? || ' ' || ? || '+08' AS timestamptz)), ('OUT', CAST(? || ' ' || ? || '+08' AS timestamptz))) t(type, at)
                     WHERE coalesce(e.nip, e.nik) = ?""", date, date, in, date, out, key);
        });
    }

    private String lastOut(String key, String date) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT coalesce(to_char(a.last_out AT TIME ZONE 'Asia/Makassar', 'HH24:MI'), '-') FROM attendance a
                          JOIN employee e ON e.id = a.employee_id WHERE coalesce(e.nip, e.nik) = :key AND a.work_date = CAST(:date AS date)""")
                .bind("key", key).bind("date", date).mapTo(String.class).one());
    }

    /** Check-out closes 18:00 after a 16:00 end; Sri's SPL of 3 h keeps it open until 21:00 (16:00 + 3 h + the usual 2 h). */
    @Test
    void an_order_keeps_the_check_out_open_so_a_check_out_at_18_40_counts_2_h_40_m() {
        ok("lembur", "order", "--unit", "DINKES", "--employees", SRI + ":III", "--date", "2026-09-07", "--hours", "3", "--ref", "800/6");
        punched(SRI, "2026-09-07", "07:20", "18:40");
        punched(TONO, "2026-09-07", "07:20", "18:40"); // the same punches, no order

        ok("reconcile", "--date", "2026-09-07");

        assertThat(lastOut(SRI, "2026-09-07")).isEqualTo("18:40");
        assertThat(lastOut(TONO, "2026-09-07")).as("past his window: not a check-out").isEqualTo("-");
        out.getBuffer().setLength(0);
        ok("lembur", "rekap", "--month", "2026-09", "--unit", "DINKES", "--csv");
        assertThat(out.toString()).contains(SRI).contains("2:40").doesNotContain(TONO);
    }

    /** Saturday 12 September is a day off: an SPL of 4 h, punches 08:10-11:05, counts 2 h 55 m, first punch to last. */
    @Test
    void overtime_ordered_on_a_day_off_counts_from_the_first_punch_to_the_last_and_the_day_stays_off() {
        ok("lembur", "order", "--unit", "DINKES", "--employees", SRI + ":III", "--date", "2026-09-12", "--hours", "4", "--ref", "800/9");
        punched(SRI, "2026-09-12", "08:10", "11:05");

        ok("reconcile", "--date", "2026-09-12");

        String codes = db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT array_to_string(a.codes, ',') FROM attendance a JOIN employee e ON e.id = a.employee_id
                 WHERE e.nip = :nip AND a.work_date = DATE '2026-09-12'""").bind("nip", SRI).mapTo(String.class).one());
        assertThat(codes).as("nobody is late or absent on a day off").isEqualTo("LIBUR");
        out.getBuffer().setLength(0);
        ok("lembur", "rekap", "--month", "2026-09", "--unit", "DINKES", "--csv");
        assertThat(out.toString()).contains(SRI).contains("2:55");

        var store = new OvertimeStore(db.database().jdbi());
        LocalDate saturday = LocalDate.of(2026, 9, 12);
        assertThat(store.stillWorking(saturday, Instant.parse("2026-09-12T02:30:00Z"), Optional.empty())).as("10:30, checked out at 11:05")
                .isZero();
        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM checkin WHERE type = 'OUT' AND work_date = DATE '2026-09-12'"));
        assertThat(store.stillWorking(saturday, Instant.parse("2026-09-12T02:30:00Z"), Optional.of("DINKES"))).as("10:30, no check-out yet")
                .isEqualTo(1);
        assertThat(store.stillWorking(saturday, Instant.parse("2026-09-12T04:20:00Z"), Optional.empty())).as("12:20: 4 h since 08:10")
                .isZero();
    }

    @Test
    void an_order_naming_someone_outside_the_unit_orders_nobody_and_an_spl_list_reports_each_bad_row() throws Exception {
        assertThat(run("lembur", "order", "--unit", "DINKES", "--employees", SRI + ":III," + ANDI + ":IV", "--date", "2026-09-07",
                "--hours", "2", "--ref", "800/3")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains(ANDI).contains("works in BKPSDM, not in DINKES");
        assertThat(orders()).as("all or nobody").isZero();

        Path spl = Files.createTempFile("spl", ".csv");
        Files.writeString(spl, """
                NIP,KODE_UNIT,TANGGAL,JAM,NOMOR_SPL,GOLONGAN
                %s,DINKES,2026-09-07,3,800/4,III/b
                %s,DINKES,2026-09-07,3,800/4,III
                %s,DINKES,2026-09-31,3,800/4,III
                %s,DINKES,2026-09-08,25,800/4,III
                %s,DINKES,2026-09-09,2,800/4,VI
                %s,DINKES,0000-11-12,2,800/4,III
                """.formatted(SRI, ANDI, SRI, SRI, SRI, SRI));
        out.getBuffer().setLength(0);
        assertThat(run("lembur", "import", spl.toString())).isEqualTo(ExitCodes.REJECTED);
        String name = spl.getFileName().toString();
        assertThat(out.toString()).contains("ordered 1, rejected 5")
                .contains(name + " row 3, NIP: " + ANDI + " (Andi Saputra) works in BKPSDM")
                .contains(name + " row 4, TANGGAL: not a date")
                .contains(name + " row 5, JAM: hours above 0 and at most 24")
                .contains(name + " row 6, GOLONGAN: I, II, III or IV")
                .contains(name + " row 7, TANGGAL: a date in the years 2000 to 2100, not 0000-11-12");
        assertThat(orders()).isEqualTo(1);
    }

    @Test
    void a_tariff_amount_written_with_other_separators_is_refused_not_read_as_another_sum() throws Exception {
        Path tariffs = Files.createTempFile("tarif", ".csv");
        Files.writeString(tariffs, """
                BERLAKU_MULAI,GOLONGAN,UANG_LEMBUR_PER_JAM,UANG_MAKAN_LEMBUR,SUMBER
                2026-01-01,I,Rp18.000,"35.000,00",contoh
                2026-01-01,II,"3,000",35000,contoh
                2026-01-01,III,300.00,37000,contoh
                2026-01-01,IV,36000,41000.5,contoh
                """);
        out.getBuffer().setLength(0);
        assertThat(run("lembur", "tarif", "import", tariffs.toString())).isNotEqualTo(ExitCodes.OK);
        String name = tariffs.getFileName().toString();
        assertThat(out.toString() + err).contains(name + " row 3, UANG_LEMBUR_PER_JAM: rupiah as 30000, 30.000 or Rp30.000")
                .contains("not 3,000").contains(name + " row 4, UANG_LEMBUR_PER_JAM").contains("not 300.00")
                .contains(name + " row 5, UANG_MAKAN_LEMBUR").contains("not 41000.5");
        long stored = db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM overtime_tariff").mapTo(Long.class).one());
        assertThat(stored).as("all rows or none").isZero();

        Files.writeString(tariffs, """
                BERLAKU_MULAI,GOLONGAN,UANG_LEMBUR_PER_JAM,UANG_MAKAN_LEMBUR,SUMBER
                2026-01-01,I,Rp18.000,"35.000,00",contoh
                """);
        ok("lembur", "tarif", "import", tariffs.toString());
        String amounts = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT string_agg(hourly_rupiah || '/' || meal_rupiah, ',') FROM overtime_tariff").mapTo(String.class).one());
        assertThat(amounts).isEqualTo("18000/35000");
    }

    @Test
    void the_daily_report_counts_who_is_still_on_an_ordered_overtime() {
        ok("lembur", "order", "--unit", "DINKES", "--employees", SRI + ":III", "--date", "2026-09-07", "--hours", "3", "--ref", "800/5");
        worked(SRI, "2026-09-07", "15:55"); // checked out before the end: her overtime has no punch yet
        var store = new OvertimeStore(db.database().jdbi());
        LocalDate day = LocalDate.of(2026, 9, 7);
        // 17:00 WITA: past the 16:00 end, within the 3 hours ordered
        assertThat(store.stillWorking(day, Instant.parse("2026-09-07T09:00:00Z"), Optional.of("DINKES"))).isEqualTo(1);
        assertThat(store.stillWorking(day, Instant.parse("2026-09-07T07:00:00Z"), Optional.empty())).as("15:00: not yet").isZero();
        assertThat(store.stillWorking(day, Instant.parse("2026-09-07T11:30:00Z"), Optional.empty())).as("19:30: the order is over").isZero();
        assertThat(store.stillWorking(day, Instant.parse("2026-09-07T09:00:00Z"), Optional.of("BKPSDM"))).as("another unit").isZero();
        worked(SRI, "2026-09-08", "18:00");
        assertThat(store.stillWorking(day.plusDays(1), Instant.parse("2026-09-08T09:00:00Z"), Optional.empty()))
                .as("no order that day").isZero();
    }

    @Test
    void a_balance_carries_over_across_the_year_end_and_cuti_bersama_is_taken_from_a_pns_but_not_a_ptt() throws Exception {
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO holiday (day, description, kind) VALUES ('2026-03-20', 'Cuti bersama Nyepi', 'CUTI_BERSAMA'),
                       ('2026-03-23', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA'), ('2026-03-22', 'Cuti bersama (Minggu)', 'CUTI_BERSAMA')"""));
        Path opening = Files.createTempFile("saldo", ".csv");
        Files.writeString(opening, "NIP,TAHUN,HAK_CUTI,NOMOR_SURAT\n" + SRI + ",2025,15,BKPSDM/2025\n" + TONO + ",2025,30,\n");
        assertThat(run("cuti", "import-saldo", opening.toString())).isEqualTo(ExitCodes.REJECTED);
        assertThat(out.toString()).contains("recorded 1, rejected 1").contains("row 3, HAK_CUTI: 0 to 24, not 30");
        ok("leave", "add", SRI, "--from", "2025-06-02", "--to", "2025-06-08", "--type", "CT"); // Mon..Sun: 5 working days
        ok("leave", "add", SRI, "--from", "2026-02-16", "--to", "2026-02-17", "--type", "CT"); // 2 working days

        out.getBuffer().setLength(0);
        ok("cuti", "saldo", SRI, "--year", "2026");
        // 2025: 15 (opening) - 5 = 10; 2026: 12 + 6 (18 in all, Pasal 313 ayat 1) - 2 cuti bersama on weekdays - 2 = 14
        assertThat(out.toString()).contains("Sisa cuti tahunan 2026: 14 hari");

        out.getBuffer().setLength(0);
        ok("cuti", "saldo", "--unit", "DINKES", "--year", "2026", "--csv");
        assertThat(out.toString()).contains("NIP_NIK").containsPattern(SRI + ".*;2026;12;6;-;2;2;14")
                .containsPattern(TONO + ".*;2026;0;0;-;0;0;0");
        assertThat(audited("leave_opening_balance")).isEqualTo(1);
    }

    private int audited(String entity) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity = :entity")
                .bind("entity", entity).mapTo(Integer.class).one());
    }

    private int orders() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM overtime_order").mapTo(Integer.class).one());
    }
}
