package id.presensi.app;

import id.presensi.recap.DeductionRuleFile;
import id.presensi.recap.DeductionRules;
import id.presensi.store.Audit;
import id.presensi.store.RecapStore;
import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cuti tahunan balance the database checks at a CT's final approval (V43 leave_balance_remaining) is the ledger
 * LeaveBalances shows staff ("sisa cuti"): the same figure for every employee type and year, with carry-over, its
 * 18/24-day caps, opening balances, cuti bersama and a rule file that changes the PPPK entitlement and stops charging
 * cuti bersama from a given year. The years are far ahead so that the rule file stored here governs them alone.
 */
class LeaveBalanceInDatabaseTest {
    private static final int FIRST = 2041;
    private static final int LAST = 2046;
    private static final String RULE_FILE_FROM = "2044-01-01";

    private final TestDatabase db = TestDatabase.get();
    private final Jdbi owner = db.database().jdbi();
    private final Map<String, Long> staff = new LinkedHashMap<>();

    @BeforeEach
    void staff_of_several_types_with_four_years_of_leave() throws Exception {
        db.reset();
        String document = Files.readString(Paths.get("..", "docs", "rules", "banjarmasin.yaml"))
                .replace("berlaku_mulai: 2026-01-01", "berlaku_mulai: " + RULE_FILE_FROM)
                + "cuti_bersama_potong_cuti_tahunan: false\ncuti_tahunan_pppk_hari: 10   # made up for the test\n";
        owner.useTransaction(h -> {
            new RecapStore(owner).saveRuleFile(h, new Audit("uji", "presensi rules import"), DeductionRuleFile.parse(document, "uji"), document);
            h.execute("INSERT INTO unit (code, name) VALUES ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO holiday (day, description, kind) VALUES ('2042-03-20', 'Cuti bersama (Kamis)', 'CUTI_BERSAMA'), "
                    + "('2042-03-22', 'Cuti bersama (Sabtu)', 'CUTI_BERSAMA'), ('2044-06-06', 'Cuti bersama (Senin)', 'CUTI_BERSAMA'), "
                    + "('2043-08-17', 'Hari Kemerdekaan', 'LIBUR_NASIONAL')");
            staff.put("pns", employee(h, "PNS", "198001012005011001"));
            staff.put("pns, two years without leave", employee(h, "PNS", "198001012005011002"));
            staff.put("pns with an opening balance", employee(h, "PNS", "198001012005011003"));
            staff.put("pppk", employee(h, "PPPK", "198001012005011004"));
            staff.put("ptt", employee(h, "PTT", "3201010101800005"));
            h.execute("UPDATE employee SET created_at = '" + FIRST + "-02-01T08:00+08'");
            leave(h, staff.get("pns"), "2041-03-04", "2041-03-08");      // Monday to Friday: 5
            leave(h, staff.get("pns"), "2042-12-29", "2043-01-04");      // 3 in 2042, 2 in 2043 (Saturday, Sunday left out)
            leave(h, staff.get("pns"), "2043-08-16", "2043-08-18");      // Sunday, the 17th a holiday, Tuesday: 1
            leave(h, staff.get("pns, two years without leave"), "2044-02-06", "2044-02-10");
            leave(h, staff.get("pns with an opening balance"), "2043-05-04", "2043-05-08");
            h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (?, 2043, 20, 'uji')",
                    staff.get("pns with an opening balance"));
            leave(h, staff.get("pppk"), "2042-02-03", "2042-02-07");
            leave(h, staff.get("ptt"), "2042-02-03", "2042-02-03");
        });
    }

    @AfterEach
    void the_rule_file_goes_as_it_came() {
        owner.useHandle(h -> h.execute("DELETE FROM deduction_table WHERE valid_from = '" + RULE_FILE_FROM + "'"));
    }

    private static long employee(Handle h, String type, String key) {
        return h.createQuery("INSERT INTO employee (type, nip, nik, name, unit_id) SELECT :type, :nip, :nik, :name, id FROM unit RETURNING id")
                .bind("type", type).bind("nip", type.equals("PTT") ? null : key).bind("nik", type.equals("PTT") ? key : null)
                .bind("name", "Pegawai " + key.substring(key.length() - 1)).mapTo(Long.class).one();
    }

    private static void leave(Handle h, long employee, String from, String to) {
        h.execute("INSERT INTO leave (employee_id, date_from, date_to, type, reference) VALUES (?, ?::date, ?::date, 'CT', 'uji')", employee, from, to);
    }

    private int inDatabase(long employee, int year) {
        return owner.withHandle(h -> h.createQuery("SELECT leave_balance_remaining(:e, :y)").bind("e", employee).bind("y", year).mapTo(Integer.class).one());
    }

    @Test
    void the_database_counts_every_year_as_the_ledger_staff_read() {
        LeaveBalances ledger = new LeaveBalances(owner);
        staff.forEach((who, id) -> {
            for (int year = FIRST; year <= LAST; year++) {
                assertThat(inDatabase(id, year)).as(who + " in " + year).isEqualTo(ledger.of(id, year).remaining());
            }
        });
    }

    @Test
    void a_rule_file_whose_leave_keys_the_database_would_read_otherwise_is_refused_when_stored() throws Exception {
        String base = Files.readString(Paths.get("..", "docs", "rules", "banjarmasin.yaml")).replace("berlaku_mulai: 2026-01-01", "berlaku_mulai: 2047-01-01");
        // YAML reads each as 10 days (or as no charge); a pattern over the text would read the default 12 (or a charge)
        int disagreed = 0;
        for (String written : List.of("cuti_tahunan_pppk_hari: \"10\"\n", "cuti_tahunan_pppk_hari : 10\n", "cuti_tahunan_pppk_hari: 010\n",
                "cuti_tahunan_pppk_hari: 2\ncuti_tahunan_pppk_hari: 10\n", "cuti_bersama_potong_cuti_tahunan: n\n")) {
            String document = base + written;
            DeductionRules rules;
            try {
                rules = DeductionRuleFile.parse(document, "uji");
            } catch (IllegalArgumentException e) {
                continue; // YAML refuses it too: nothing to disagree on
            }
            assertThatThrownBy(() -> owner.useTransaction(h -> new RecapStore(owner).saveRuleFile(h, new Audit("uji", "presensi rules import"), rules, document)))
                    .as(written).hasMessageContaining(written.contains("pppk") ? "cuti_tahunan_pppk_hari" : "cuti_bersama_potong_cuti_tahunan");
            disagreed++;
        }
        assertThat(disagreed).as("YAML took the quoted number, the spaced key and the repeated key at least").isGreaterThanOrEqualTo(3);
        int stored = owner.withHandle(h -> h.createQuery("SELECT count(*) FROM deduction_table WHERE valid_from = '2047-01-01'").mapTo(Integer.class).one());
        assertThat(stored).as("none stored").isZero();
    }

    @Test
    void worked_by_hand() {
        long pns = staff.get("pns");
        // 2041: 12 - 5 = 7; 2042: 12 + 6 (18 in all, Pasal 313 ayat 1) - 1 weekday cuti bersama - 3 = 14;
        // 2043: 12 + 6 - 2 - 1 (leave) = 15; 2044: the rule file charges no cuti bersama: 12 + 6 = 18; 2045: 12 + 6 = 18;
        // 2046: after two years without cuti tahunan, 24 in all (ayat 2): 12 + 12 = 24
        assertThat(inDatabase(pns, 2041)).isEqualTo(7);
        assertThat(inDatabase(pns, 2042)).isEqualTo(14);
        assertThat(inDatabase(pns, 2043)).isEqualTo(15);
        assertThat(inDatabase(pns, 2044)).isEqualTo(18);
        assertThat(inDatabase(pns, 2045)).isEqualTo(18);
        assertThat(inDatabase(pns, 2046)).isEqualTo(24);
        // the opening balance stands for 2043 (20 - 5), and the ledger starts there
        assertThat(inDatabase(staff.get("pns with an opening balance"), 2043)).isEqualTo(15);
        // PPPK: 12 until the rule file, then its 10 (plus what 2043 left, within 18)
        assertThat(inDatabase(staff.get("pppk"), 2042)).isEqualTo(12 + 6 - 1 - 5);
        assertThat(inDatabase(staff.get("pppk"), 2044)).isEqualTo(10 + 8);
        assertThat(inDatabase(staff.get("ptt"), 2042)).as("no entitlement, no cuti bersama charged").isEqualTo(-1);
    }
}
