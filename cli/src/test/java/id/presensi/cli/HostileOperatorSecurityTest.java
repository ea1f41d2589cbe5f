package id.presensi.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.FileAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * An OPD admin who knows PostgreSQL, signed in as their own login with plain JDBC, and the check-in service's
 * role, attack the schema. Every attempt is either refused or sees and changes only the attacker's own scope.
 * Tables and functions are enumerated from the catalog, so a new one fails here until its policy is decided.
 */
class HostileOperatorSecurityTest extends CliTest {
    static final String OUTSIDER = "199002282015121002";   // BKPSDM: outside the admin's scope
    static final String DINKES_STAFF = "198503152010012001";
    static final String PUSKESMAS_NURSE = "198001012005011003";
    static final String DAY = "2026-09-07";
    /** A day the nightly run reconciles again: an OPD admin's reconciliation may write it (V20). */
    static final String RECENT = LocalDate.now(ZoneId.of("Asia/Makassar")).minusDays(2).toString();

    /** What an OPD admin may do with a table. */
    enum Access { NONE, READ_ONLY, EMPLOYEE_SCOPE, UNIT_SCOPE, OWN_ROWS, AUDIT }

    /** Every table of the schema and its policy for an OPD admin. A table missing here fails the suite. */
    static final Map<String, Access> ADMIN_POLICY = Map.ofEntries(
            entry("unit", Access.READ_ONLY), entry("work_location", Access.READ_ONLY), entry("location_access", Access.READ_ONLY),
            entry("wfh_period", Access.READ_ONLY), entry("wfh_period_unit", Access.READ_ONLY), entry("setting", Access.READ_ONLY),
            entry("work_schedule", Access.READ_ONLY), entry("schedule_day", Access.READ_ONLY), entry("holiday", Access.READ_ONLY),
            entry("shift_type", Access.READ_ONLY), entry("deduction_table", Access.READ_ONLY), entry("deduction_rate", Access.READ_ONLY),
            entry("flyway_schema_history", Access.READ_ONLY),
            entry("employee", Access.EMPLOYEE_SCOPE), entry("device", Access.EMPLOYEE_SCOPE), entry("activation_code", Access.EMPLOYEE_SCOPE),
            entry("checkin", Access.EMPLOYEE_SCOPE), entry("leave", Access.EMPLOYEE_SCOPE), entry("roster", Access.EMPLOYEE_SCOPE),
            entry("attendance", Access.EMPLOYEE_SCOPE), entry("employee_unit_change", Access.EMPLOYEE_SCOPE),
            entry("employee_directory", Access.EMPLOYEE_SCOPE),
            entry("machine_pin", Access.EMPLOYEE_SCOPE), entry("machine", Access.UNIT_SCOPE),
            // the machines' kept punches: read in scope only, changed through V19's functions only (update and delete refused)
            entry("machine_unmatched_punch", Access.UNIT_SCOPE), entry("machine_held_punch", Access.UNIT_SCOPE),
            entry("machine_sighting", Access.READ_ONLY),
            entry("request", Access.EMPLOYEE_SCOPE), entry("request_attachment", Access.UNIT_SCOPE),
            entry("request_rule", Access.READ_ONLY), entry("closed_month", Access.READ_ONLY),
            // V35: approval chains and plt periods are BKPSDM's reference data; a request's steps follow the request and are
            // written by decide_request_step()/request_escalate() (and by a head's phone) only
            entry("request_chain", Access.READ_ONLY), entry("request_chain_step", Access.READ_ONLY), entry("unit_head_deputy", Access.READ_ONLY),
            entry("request_step", Access.UNIT_SCOPE), entry("wfa_day", Access.EMPLOYEE_SCOPE), entry("anomaly_signal", Access.EMPLOYEE_SCOPE),
            // V26: reviews of signals, read as the signals are, written by signal_review() only
            entry("anomaly_review", Access.EMPLOYEE_SCOPE),
            // V32: overtime orders and opening leave balances, read in scope, written by their functions only; tariffs are reference data
            entry("overtime_order", Access.EMPLOYEE_SCOPE), entry("leave_opening_balance", Access.EMPLOYEE_SCOPE),
            entry("overtime_tariff", Access.READ_ONLY),
            entry("checkin_photo", Access.EMPLOYEE_SCOPE), entry("selfie_policy", Access.READ_ONLY),
            // V31: apel read in scope (the regency-wide ones too), changed through apel_put()/apel_cancel() only; apel
            // check-ins follow the employee and are written by the check-in service only
            entry("apel", Access.UNIT_SCOPE), entry("apel_location", Access.UNIT_SCOPE), entry("apel_cancellation", Access.UNIT_SCOPE),
            entry("apel_checkin", Access.EMPLOYEE_SCOPE),
            // V36: reminder policies are read by all, set by BKPSDM; an endpoint with its keys can write to a phone and a
            // webhook's secret signs for the unit: no operator reads these or the outbox, and nobody inserts outbox rows
            // but reminder_enqueue()
            entry("reminder_policy", Access.READ_ONLY), entry("push_subscription", Access.NONE), entry("push_vapid_key", Access.NONE),
            entry("unit_webhook", Access.NONE), entry("reminder_outbox", Access.NONE),
            entry("approval_reminder_gate", Access.NONE), // V42: a head's last approval ring, the trigger's only
            entry("import_run", Access.OWN_ROWS), entry("import_reject", Access.OWN_ROWS), entry("job_lock", Access.OWN_ROWS),
            entry("batch_job_instance", Access.OWN_ROWS), entry("batch_job_execution", Access.OWN_ROWS),
            entry("batch_job_execution_params", Access.OWN_ROWS), entry("batch_job_execution_context", Access.OWN_ROWS),
            entry("batch_step_execution", Access.OWN_ROWS), entry("batch_step_execution_context", Access.OWN_ROWS),
            entry("audit_log", Access.AUDIT),
            entry("operator", Access.NONE), entry("operator_login", Access.NONE), entry("activation_failure", Access.NONE), entry("change_version", Access.NONE));

    /** The tables the check-in service reads, and those it writes; it may do nothing else anywhere. */
    static final Set<String> SERVICE_READS = Set.of("unit", "work_location", "location_access", "wfh_period", "wfh_period_unit",
            "setting", "work_schedule", "schedule_day", "holiday", "shift_type", "roster", "leave", "employee", "device",
            "activation_code", "checkin", "activation_failure", "change_version", "machine", "machine_pin", "machine_sighting",
            "request", "request_attachment", "request_rule", "closed_month", "wfa_day", "selfie_policy",
            "employee_directory", "employee_unit_change", "machine_held_punch", "machine_unmatched_punch",
            "attendance", "deduction_table", "deduction_rate", // Riwayat: a phone reads its own record (V28)
            "apel", "apel_location", "apel_cancellation", "apel_checkin", // V31: the apel button and its check-ins
            "leave_opening_balance", // and its cuti tahunan balance (V32)
            "overtime_order", // an order keeps the day's check-out open past the ordered hours (V34)
            "request_chain", "request_chain_step", "unit_head_deputy", "request_step", // V35: the steps on the phone, Persetujuan
            "reminder_policy", "push_subscription", "push_vapid_key", "unit_webhook", "reminder_outbox"); // V36: reminders
    static final Set<String> SERVICE_WRITES = Set.of("device", "activation_code", "checkin", "activation_failure", "audit_log",
            "machine_sighting", "machine_unmatched_punch", "machine_held_punch", "request", "request_attachment", "checkin_photo", "apel_checkin",
            "push_subscription", "push_vapid_key", "reminder_outbox");

    private static int attempts;
    private static int refused;
    private static int confined;

    private final String suffix = uniqueSuffix();
    private final List<String> secrets = new ArrayList<>();
    private String admin;
    private String adminPassword;
    private Connection attacker;
    private long[] outsiders;
    private long[] outsiderMachines;
    private long[] outsiderRequests;
    private long[] scopeUnits;
    private long[] outsiderApels;

    @BeforeEach
    void two_opds_with_data_in_every_table() throws Exception {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM'), ('DINKES', 'Dinas Kesehatan')");
            h.execute("INSERT INTO unit (code, name, parent_id) SELECT 'PKM-1', 'Puskesmas Kuaro', id FROM unit WHERE code = 'DINKES'");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi BKPSDM', id FROM unit WHERE code = 'BKPSDM'", OUTSIDER);
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Dinkes', id FROM unit WHERE code = 'DINKES'", DINKES_STAFF);
            h.execute("INSERT INTO employee (type, nip, name, unit_id, work_pattern) SELECT 'PNS', ?, 'Budi Perawat', id, 'SHIFT' FROM unit WHERE code = 'PKM-1'", PUSKESMAS_NURSE);
            h.execute("INSERT INTO shift_type (code, name, start_time, end_time) VALUES ('P', 'Pagi', '07:00', '14:00')");
            h.execute("INSERT INTO roster SELECT e.id, DATE '" + DAY + "', s.id FROM employee e, shift_type s");
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor', -1.9, 116.2, 100 FROM unit");
            h.execute("INSERT INTO activation_failure (employee_key, client) VALUES (?, '10.0.0.9')", OUTSIDER);
            h.execute("INSERT INTO unit (code, name) VALUES ('SETDA', 'Sekretariat Daerah')");
            h.execute("UPDATE employee SET unit_id = (SELECT id FROM unit WHERE code = 'SETDA') WHERE nip = ?", OUTSIDER);
            h.execute("UPDATE employee SET unit_id = (SELECT id FROM unit WHERE code = 'BKPSDM') WHERE nip = ?", OUTSIDER);
            long run = h.createQuery("INSERT INTO import_run (kind, file_name) VALUES ('STAFF', 'pegawai.csv') RETURNING id").mapTo(Long.class).one();
            h.execute("INSERT INTO import_reject VALUES (?, 2, 'NIP', 'bukan 18 digit', ARRAY['123', 'Rahasia Nama'])", run);
            h.execute("INSERT INTO machine (serial, unit_id, name) SELECT 'SN-' || code, id, 'Mesin ' || name FROM unit");
            h.execute("INSERT INTO machine_pin (employee_id, pin, machine_id) SELECT e.id, e.id::text, m.id FROM employee e JOIN machine m ON m.unit_id = e.unit_id");
            h.execute("INSERT INTO machine_unmatched_punch (machine_id, pin, local_time) SELECT id, '999', '2026-09-07 07:01' FROM machine");
            h.execute("INSERT INTO machine_held_punch (machine_id, pin, local_time, reason) SELECT id, '999', '2026-09-07 07:01', 'ADDRESS' FROM machine");
            h.execute("INSERT INTO machine_sighting (serial, client) VALUES ('SN-UNKNOWN', '10.0.0.7')");
            // the outsider's unit signs sick leave admin then head: their request has steps to attack (V35)
            h.execute("INSERT INTO request_chain (unit_id, kind) SELECT id, 'S' FROM unit WHERE code = 'BKPSDM'");
            h.execute("INSERT INTO request_chain_step SELECT id, 1, 'ADMIN', 3, 'WORKDAYS', 'ESCALATE' FROM request_chain");
            h.execute("INSERT INTO request_chain_step SELECT id, 2, 'HEAD', 3, 'WORKDAYS', 'LAPSE' FROM request_chain");
            h.execute("INSERT INTO unit_head_deputy (unit_id, employee_id, date_from, date_to) SELECT unit_id, id, '2026-09-01', '2026-09-30' FROM employee WHERE nip = ?", OUTSIDER);
            h.execute("INSERT INTO request (request_id, employee_id, kind, date_from, date_to, reason) SELECT gen_random_uuid(), id, 'S', '2026-09-08', '2026-09-08', 'demam' FROM employee");
            h.execute("INSERT INTO request_attachment (request_id, content_type, bytes, sha256) SELECT id, 'image/png', '\\x89504e47', sha256('\\x89504e47') FROM request");
            h.execute("INSERT INTO request_rule SELECT id, 3, 3 FROM unit WHERE code = 'BKPSDM'");
            h.execute("INSERT INTO closed_month (month, reason) VALUES ('2020-01-01', 'lama')");
            h.execute("INSERT INTO wfa_day (employee_id, work_date) SELECT id, DATE '2026-09-09' FROM employee");
            h.execute("INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence) SELECT id, DATE '2026-09-08', 'ON_CENTRE', 1, 'x', '{}' FROM employee");
            h.execute("INSERT INTO selfie_policy (unit_id, required) SELECT id, true FROM unit WHERE code = 'PKM-1'");
            h.execute("INSERT INTO anomaly_review (employee_id, work_date, kind, note, reviewed_by) SELECT id, DATE '2026-09-08', 'ON_CENTRE', 'dicek', 'bkpsdm' FROM employee");
            h.execute("INSERT INTO overtime_tariff VALUES ('2024-01-01', 'III', 30000, 37000, 120, 'PMK 49/2023')");
            h.execute("INSERT INTO overtime_order (employee_id, work_date, minutes, reference, golongan, ordered_by) SELECT id, DATE '2026-09-08', 180, 'SPL/1', 'III', 'bkpsdm' FROM employee");
            h.execute("INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) SELECT id, 2025, 12, 'bkpsdm' FROM employee");
        });
        db.officeHours("06:00", "12:00", "07:30", "16:00", "12:00", "20:00");
        for (String nip : List.of(OUTSIDER, DINKES_STAFF, PUSKESMAS_NURSE)) {
            ok("leave", "add", nip, "--from", "2026-09-14", "--to", "2026-09-15", "--type", "CT");
            out.getBuffer().setLength(0);
            ok("device", "enroll", nip);
            Matcher code = Pattern.compile("\\b[A-Z2-9]{8}\\b").matcher(out.toString());
            assertThat(code.find()).as(out.toString()).isTrue();
            secrets.add(code.group());
        }
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO device (employee_id, name, token_hash) SELECT id, 'HP', sha256(nip::bytea) FROM employee");
            h.execute("""
                    INSERT INTO checkin (request_id, employee_id, device_id, type, at, received_at, work_date, accepted, message)
                    SELECT gen_random_uuid(), d.employee_id, d.id, 'IN', TIMESTAMPTZ '2026-09-07 07:10+08', now(), DATE '2026-09-07', true, 'ok'
                      FROM device d""");
            h.execute("INSERT INTO checkin_photo SELECT request_id, employee_id, work_date, received_at, 'image/jpeg', '\\xffd8ff', sha256('\\xffd8ff') FROM checkin");
            // an apel of each unit (Monday) and one regency-wide ceremony, each at its unit's yard, each cancelled once, and
            // every employee's apel check-in
            h.execute("INSERT INTO apel (name, unit_id, weekday, opens, closes) SELECT 'Apel ' || code, id, 1, '07:15', '08:00' FROM unit");
            h.execute("INSERT INTO apel (name, month_day, opens, closes) VALUES ('Upacara HKN', 17, '07:00', '08:30')");
            h.execute("INSERT INTO apel_location SELECT a.id, l.id FROM apel a JOIN work_location l ON l.unit_id = coalesce(a.unit_id, (SELECT id FROM unit WHERE code = 'BKPSDM'))");
            h.execute("INSERT INTO apel_cancellation (apel_id, day, reason) SELECT id, DATE '2026-09-14', 'hujan' FROM apel");
            h.execute("""
                    INSERT INTO apel_checkin (request_id, apel_id, employee_id, device_id, at, received_at, work_date, accepted, message)
                    SELECT gen_random_uuid(), a.id, d.employee_id, d.id, TIMESTAMPTZ '2026-09-07 07:20+08', now(), DATE '2026-09-07', true, 'ok'
                      FROM device d JOIN employee e ON e.id = d.employee_id JOIN apel a ON a.unit_id = e.unit_id""");
            // V36: reminders on for every unit, every phone subscribed, a webhook per unit, and each one's outbox rows
            h.execute("INSERT INTO reminder_policy (unit_id, kind, enabled, minutes) SELECT id, 'DECISION', true, 0 FROM unit");
            h.execute("INSERT INTO push_vapid_key (public_key, private_key) VALUES (decode('04' || repeat('ab', 64), 'hex'), decode(repeat('cd', 67), 'hex'))");
            h.execute("""
                    INSERT INTO push_subscription (device_id, employee_id, endpoint, p256dh, auth)
                    SELECT id, employee_id, 'https://fcm.googleapis.com/fcm/send/' || id, '\\x04'::bytea || sha256(id::text::bytea) || sha256(id::text::bytea),
                           substring(sha256(id::text::bytea) FROM 1 FOR 16) FROM device""");
            h.execute("INSERT INTO unit_webhook (unit_id, url, secret, changed_by) SELECT id, 'https://hooks.example.id/' || code, sha256(code::bytea), 'bkpsdm' FROM unit");
            h.execute("SELECT reminder_enqueue(id, 'DECISION_APPROVED', 'DECISION|t' || id, now(), interval '1 hour') FROM employee");
        });
        // a run of one chunk is done without Spring Batch: a longer one puts the owner's rows in the job repository, for the
        // attack to find; its records are not part of the fixture
        ok("reconcile", "--from", "2026-06-01", "--to", "2026-08-31", "--no-signals");
        db.database().jdbi().useHandle(h -> h.execute("DELETE FROM attendance WHERE work_date BETWEEN '2026-06-01' AND '2026-08-31'"));
        ok("reconcile", "--date", DAY);
        admin = "dinkes.admin" + suffix;
        adminPassword = addOperator(admin, "--role", "opd-admin", "--unit", "DINKES");
        secrets.add(adminPassword);
        signIn(Map.of(admin, adminPassword));
        // the admin does some work of their own, so their own rows exist beside everyone else's
        ok("reconcile", "--date", RECENT, "--db-user", admin);
        outsiders = ids("SELECT id FROM employee WHERE nip = '" + OUTSIDER + "'");
        outsiderMachines = ids("SELECT id FROM machine WHERE unit_id NOT IN (SELECT unit_scope('DINKES'))");
        outsiderRequests = ids("SELECT id FROM request WHERE employee_id = ANY('" + array(outsiders) + "')");
        scopeUnits = ids("SELECT unit_scope('DINKES')");
        outsiderApels = ids("SELECT id FROM apel WHERE unit_id NOT IN (SELECT unit_scope('DINKES'))");
        attacker = DriverManager.getConnection(db.settings().url(), admin, adminPassword);
    }

    @AfterEach
    void close_the_attackers_connection() throws SQLException {
        attacker.close();
    }

    @AfterAll
    static void figures() {
        System.out.printf("Hostile-operator suite: %d attack attempts, %d refused, %d allowed but confined to the attacker's own scope, 0 succeeded%n",
                attempts, refused, confined);
    }

    @Test
    void every_table_has_a_decided_policy_and_holds_it_for_an_opd_admin() throws SQLException {
        Set<String> tables = relations("'r', 'p', 'v', 'm', 'f'");
        assertThat(new TreeSet<>(tables)).as("every table in the schema has a decided policy").isEqualTo(new TreeSet<>(ADMIN_POLICY.keySet()));
        for (String table : tables) {
            Access access = ADMIN_POLICY.get(table);
            String column = plainColumn(table);
            refuse(table + ": truncate", "TRUNCATE " + table);
            refuse(table + ": switch off row security", "ALTER TABLE " + table + " DISABLE ROW LEVEL SECURITY");
            refuse(table + ": a policy of one's own", "CREATE POLICY mine ON " + table + " USING (true)");
            refuse(table + ": drop", "DROP TABLE " + table);
            refuse(table + ": copy from a server file", "COPY " + table + " FROM '/etc/passwd'");
            refuse(table + ": copy to a server file", "COPY " + table + " TO '/tmp/stolen-" + table + "'");
            switch (access) {
                case NONE -> {
                    refuse(table + ": read", "SELECT * FROM " + table);
                    refuse(table + ": insert", "INSERT INTO " + table + " DEFAULT VALUES");
                    refuse(table + ": update", "UPDATE " + table + " SET " + column + " = " + column);
                    refuse(table + ": delete", "DELETE FROM " + table);
                }
                case READ_ONLY -> {
                    confine(table + ": reads the same rows as the owner", count(attacker, "SELECT count(*) FROM " + table) == ownerCount("SELECT count(*) FROM " + table));
                    refuse(table + ": insert", "INSERT INTO " + table + " DEFAULT VALUES");
                    refuse(table + ": update", "UPDATE " + table + " SET " + column + " = " + column);
                    refuse(table + ": delete", "DELETE FROM " + table);
                    refuse(table + ": copy in", "COPY " + table + " FROM STDIN");
                }
                case EMPLOYEE_SCOPE -> {
                    String key = table.equals("employee") || table.equals("employee_directory") ? "id" : "employee_id";
                    String foreign = key + " = ANY('" + array(outsiders) + "')";
                    scoped(table, foreign, column);
                    String copied = copyOut("COPY (SELECT " + key + " FROM " + table + ") TO STDOUT");
                    confine(table + ": COPY TO shows the scope only", !List.of(copied.split("\n")).contains(Long.toString(outsiders[0])));
                }
                case UNIT_SCOPE -> scoped(table, switch (table) {
                    case "machine" -> "unit_id <> ALL('" + array(scopeUnits) + "')";
                    case "request_attachment", "request_step" -> "request_id = ANY('" + array(outsiderRequests) + "')";
                    case "apel" -> "id = ANY('" + array(outsiderApels) + "')";
                    case "apel_location", "apel_cancellation" -> "apel_id = ANY('" + array(outsiderApels) + "')";
                    default -> "machine_id = ANY('" + array(outsiderMachines) + "')";
                }, column);
                case OWN_ROWS -> scoped(table, foreignRowsOf(table), column);
                case AUDIT -> {
                    scoped(table, "unit_id <> ALL('" + array(scopeUnits) + "') AND operator <> '" + admin + "'", column);
                }
            }
        }
    }

    /** The attacker reads none of the rows that belong to others, and changes none of them. */
    private void scoped(String table, String foreign, String column) throws SQLException {
        assertThat(ownerCount("SELECT count(*) FROM " + table + " WHERE " + foreign)).as(table + " has rows outside the scope to attack").isPositive();
        confine(table + ": reads nobody else's rows", count(attacker, "SELECT count(*) FROM " + table + " WHERE " + foreign) == 0);
        changesNothing(table + ": update others' rows", "UPDATE " + table + " SET " + column + " = " + column + " WHERE " + foreign);
        changesNothing(table + ": delete others' rows", "DELETE FROM " + table + " WHERE " + foreign);
        refuse(table + ": copy in (row security forbids COPY FROM)", "COPY " + table + " FROM STDIN");
    }

    private String foreignRowsOf(String table) {
        return switch (table) {
            case "import_run" -> "operator <> '" + admin + "'";
            case "import_reject" -> "run_id IN (" + array(ids("SELECT id FROM import_run WHERE operator <> '" + admin + "'")).replaceAll("[{}]", "") + ")";
            case "job_lock" -> "operator <> '" + admin + "'";
            default -> "created_by <> '" + admin + "'";
        };
    }

    @Test
    void nothing_the_admin_creates_can_stand_in_for_our_objects() throws SQLException {
        refuse("temporary table named operator", "CREATE TEMP TABLE operator (name text, role text, unit_id bigint, disabled boolean)");
        refuse("temporary table named unit", "CREATE TEMP TABLE unit (id bigint, code text, parent_id bigint)");
        refuse("temporary view named operator", "CREATE TEMP VIEW operator AS SELECT session_user::text AS name, 'BKPSDM' AS role");
        refuse("temporary function", "CREATE FUNCTION pg_temp.session_is_owner() RETURNS boolean LANGUAGE sql AS 'SELECT true'");
        refuse("function in public shadowing pg_has_role", "CREATE FUNCTION public.pg_has_role(name, text, text) RETURNS boolean LANGUAGE sql AS 'SELECT false'");
        refuse("operator in public", "CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq)");
        refuse("a schema of one's own", "CREATE SCHEMA attacker");
        // large objects live outside every table, its policies and V38's trigger: an operator (even disabled) filled the disk
        refuse("a large object from bytes", "SELECT lo_from_bytea(0, convert_to(repeat('x', 1000), 'UTF8'))");
        refuse("an empty large object", "SELECT lo_create(0)");
        refuse("a large object the old way", "SELECT lo_creat(-1)");
        for (String schema : schemas()) {
            refuse("table in schema " + schema, "CREATE TABLE " + schema + ".operator (name text)");
            refuse("view in schema " + schema, "CREATE VIEW " + schema + ".unit AS SELECT 1 AS id");
        }
        exec("SET search_path = pg_temp, import_stage, public");
        confine("employees after SET search_path", count(attacker, "SELECT count(*) FROM employee") == 2);
        confine("sees_all after SET search_path", !bool("SELECT operator_sees_all()"));
        exec("RESET search_path");
    }

    /** Defence in depth: even if someone grants TEMP again, a temporary table cannot redirect the policy functions. */
    @Test
    void a_temporary_operator_table_changes_nothing_even_where_temp_is_granted() throws SQLException {
        String database = db.database().jdbi().withHandle(h -> h.createQuery("SELECT current_database()").mapTo(String.class).one());
        db.database().jdbi().useHandle(h -> h.execute("GRANT TEMPORARY ON DATABASE " + database + " TO \"" + admin + "\""));
        try (Connection c = DriverManager.getConnection(db.settings().url(), admin, adminPassword)) {
            c.createStatement().execute("CREATE TEMP TABLE operator (name text, role text, unit_id bigint, disabled boolean)");
            c.createStatement().execute("INSERT INTO pg_temp.operator VALUES (session_user, 'BKPSDM', NULL, false)");
            c.createStatement().execute("CREATE TEMP TABLE unit (id bigint, code text, parent_id bigint)");
            c.createStatement().execute("INSERT INTO pg_temp.unit SELECT id, 'DINKES', NULL FROM public.employee");
            confine("sees_all with a temporary operator table", !bool(c, "SELECT operator_sees_all()"));
            confine("employees with temporary operator and unit tables", count(c, "SELECT count(*) FROM public.employee") == 2);
            confine("devices with temporary tables", count(c, "SELECT count(*) FROM public.device WHERE employee_id = " + outsiders[0]) == 0);
        } finally {
            db.database().jdbi().useHandle(h -> h.execute("REVOKE TEMPORARY ON DATABASE " + database + " FROM \"" + admin + "\""));
        }
    }

    @Test
    void the_admin_cannot_become_someone_else() throws SQLException {
        refuse("SET ROLE presensi_bkpsdm", "SET ROLE presensi_bkpsdm");
        refuse("SET ROLE presensi_checkin", "SET ROLE presensi_checkin");
        refuse("SET ROLE owner", "SET ROLE " + db.settings().user());
        refuse("SET SESSION AUTHORIZATION owner", "SET SESSION AUTHORIZATION " + db.settings().user());
        refuse("GRANT themselves BKPSDM", "GRANT presensi_bkpsdm TO " + admin);
        refuse("ALTER ROLE themselves", "ALTER ROLE " + admin + " SUPERUSER");
        refuse("CREATE ROLE", "CREATE ROLE attacker LOGIN");
        exec("SET ROLE presensi_opd_admin"); // allowed: their own group, with no more rights than themselves
        confine("employees after SET ROLE to their group", count(attacker, "SELECT count(*) FROM employee") == 2);
        exec("RESET ROLE");
    }

    @Test
    void every_function_of_ours_called_with_crafted_arguments_stays_in_scope() throws SQLException {
        Set<String> functions = new TreeSet<>();
        try (ResultSet rs = attacker.createStatement().executeQuery("""
                SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname IN ('public', 'import_stage')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')""")) {
            while (rs.next()) {
                functions.add(rs.getString(1));
            }
        }
        assertThat(functions).as("every function has a decided policy").containsExactlyInAnyOrder(
                "unit_scope(text)", "session_is_owner()", "operator_sees_all()", "operator_units()",
                "audit_log_is_append_only()", "audit_log_stamp()", "bump_rules_version()", "device_touch()", "record_unit_change()",
                "day_is_closed(bigint,date)", "refuse_closed_leave()", "refuse_closed_roster()", "refuse_closed_rows()", "request_decision()",
                "wfa_day_allowed()", "activation_code_new_hash()",
                "signal_list(text[],integer,text)", // signal_list: text only, no table
                "refuse_closed_updates()", "refuse_own_grant()", "operator_may_change(bigint)",
                "refuse_disabled_operator()", // V38: a trigger on the tables without row security
                "request_step_waiting_reminder()", // V39: a trigger, the head's reminder that an approval waits
                "audit_employee_change(text,text,text,text,jsonb,jsonb,bigint)", "leave_json(leave)",
                "decide_request(bigint,text,text,text,text)", "leave_put(bigint,date,date,text,text,text,text)",
                "leave_remove(bigint,date,text,text)", "wfa_grant(bigint[],date[],text,text)", "wfa_revoke(bigint[],date[],text,text)",
                "device_revoke(bigint,text,text)", "attendance_late_data_window()",
                "attendance_write(bigint[],date,date,bigint[],integer[],bigint[],bigint[],bigint[],text[],text[],bigint[],bigint[],"
                        + "integer[],integer[],text[],text[],text[])",
                "attendance_drop_after_employment_ended(date,date,text)",
                "unit_on(bigint,date)", "moved_employees()", "operator_sees_day(bigint,date)", "refuse_closed_holiday()",
                // V19: machines prove who they are; filing kept punches and trusting addresses only through these
                "machine_punch_id(text,text,timestamp without time zone)", "machine_fileable_punches(boolean)",
                "machine_file_unmatched(bigint[],text[],timestamp without time zone[],date[],boolean,text,text)",
                "machine_release_held(bigint)", "machine_in_scope(text)", "machine_allow(text,cidr[],text,text)",
                "machine_confirm(text,inet,text,text)",
                // V26: a titip-absen signal marked reviewed, in the signal's day's scope, audited
                "signal_review(bigint,date,text,text,text,text)",
                // V45: the signals' employees checked once a statement (triggers, the owner's)
                "anomaly_signal_employees_exist()", "employee_keeps_signals()",
                // V27: BKPSDM manages OPD admins; an OPD admin may call none of these
                "operator_admin_add(text,text,text,bigint,text,text)", "operator_admin_target(text)", "operator_disable(text,text,text)",
                "operator_password(text,text,text,text)",
                // V31: apel set and cancelled in the operator's scope, audited; the helpers are the owner's
                "apel_may_change(bigint)", "apel_json(apel,bigint[])",
                "apel_put(text,bigint,date,smallint,smallint,time without time zone,time without time zone,text[],bigint[],boolean,text,text)",
                "apel_put(text,bigint,date,smallint,smallint,time without time zone,time without time zone,text[],bigint[],boolean,date,text,text)",
                "apel_cancel(bigint,date,text,text,text)",
                // V32: overtime orders and opening leave balances, in scope, never one's own, audited
                "overtime_order_put(bigint,date,integer,text,text,text,text)", "leave_opening_put(bigint,integer,integer,text,text,text)",
                // V35: approval chains; an operator decides a step in turn and in scope, the phone signs as its own employee,
                // BKPSDM escalates; the rest are the owner's helpers and triggers
                "request_step_due(timestamp with time zone,integer,text,text)", "request_chain_for(request)", "employee_zone(bigint)",
                "request_takes_chain()", "request_signer(request)", "request_conclude(request,text,text,text,text,text)",
                "request_step_apply(bigint,integer,text,text,bigint,text,text)", "request_next_step(request,integer)",
                "decide_request_step(bigint,integer,text,text,text,text)", "phone_decide_request(text,bigint,text,text)",
                "phone_requests_to_sign(text)", "request_escalate(text,text)", "request_follows_chain()",
                // V36: reminders; an OPD admin may call none but the first name (text only, no table)
                "reminder_first_name(text)", "reminder_minutes(bigint,text)", "push_subscription_retire()", "reminder_on_decision()",
                "reminder_enqueue(bigint,text,text,timestamp with time zone,interval)", "unit_webhook_put(bigint,text,bytea,text,text)",
                "unit_webhook_remove(bigint,text,text)",
                // V42: the service reports a webhook's answers (repeated 404/410 disable it); BKPSDM lists the webhooks
                // (nothing for anyone else, no secrets); a trigger keeps disabled webhooks' rows out of the outbox
                "unit_webhook_answered(bigint,integer)", "unit_webhook_list()", "reminder_outbox_skip_disabled_webhook()",
                // V43: the cuti tahunan balance (the owner's, read at a CT's final approval) and who signs a Kepala OPD's step
                "leave_working_days(date,date,integer)", "leave_balance_remaining(bigint,integer)",
                "request_opd_signer(request)", "request_step_signer(request,text)",
                // V46: the rule file's two leave keys as the balance reads them (text only, no table; BKPSDM checks a file with it)
                "rule_file_leave_terms(text)",
                // V49: a new unit's OPD mark from its place in the tree (a trigger); the mark itself is BKPSDM's to write
                "unit_opd_default()");
        Set<Long> allUnits = Set.copyOf(boxed(ids("SELECT id FROM unit")));
        for (String argument : List.of("NULL", "'BKPSDM'", "'x'' OR true --'", "repeat('A', 100000)")) {
            confine("unit_scope(" + argument + ") gives unit ids only (reference data)",
                    allUnits.containsAll(boxed(ids(attacker, "SELECT unit_scope(" + argument + ")"))));
        }
        // V36: the outbox is filled by the service only, webhooks set by BKPSDM only: an OPD admin of DINKES can neither
        // enqueue a push to anyone (theirs or another OPD's), nor read a unit's webhook, nor point one elsewhere
        refuse("reminder_enqueue() to another OPD's staff", "SELECT reminder_enqueue(" + outsiders[0] + ", 'CHECK_OUT', 'x', now(), interval '1 hour')");
        refuse("reminder_enqueue() to one's own staff", "SELECT reminder_enqueue(e.id, 'CHECK_OUT', 'y', now(), interval '1 hour') FROM employee e");
        refuse("reminder_minutes()", "SELECT reminder_minutes(" + outsiders[0] + ", 'DECISION')");
        refuse("unit_webhook_put() on another OPD", "SELECT unit_webhook_put(id, 'https://evil.example/x', sha256('x'::bytea), 'a', 'b') FROM unit WHERE code = 'BKPSDM'");
        refuse("unit_webhook_put() on one's own OPD", "SELECT unit_webhook_put(id, 'https://evil.example/x', sha256('x'::bytea), 'a', 'b') FROM unit WHERE code = 'DINKES'");
        refuse("unit_webhook_remove()", "SELECT unit_webhook_remove(id, 'a', 'b') FROM unit WHERE code = 'BKPSDM'");
        refuse("unit_webhook_answered() (the service's report)", "SELECT unit_webhook_answered(id, 410) FROM unit WHERE code = 'BKPSDM'");
        refuse("the approval reminders' gate written directly", "UPDATE approval_reminder_gate SET last_ring = now()");
        refuse("an outbox row written directly", "INSERT INTO reminder_outbox (dedupe_key, kind, payload, expires_at) VALUES ('z', 'CHECK_OUT', '{}', now() + interval '1 hour')");
        confine("unit_webhook_list() shows an OPD admin nothing", !bool("SELECT EXISTS (SELECT 1 FROM unit_webhook_list())"));
        confine("reminder_first_name() is text only", bool("SELECT reminder_first_name('Dr. Sri Wahyuni') = 'Sri'"));
        confine("session_is_owner()", !bool("SELECT session_is_owner()"));
        confine("operator_sees_all()", !bool("SELECT operator_sees_all()"));
        confine("operator_units() is the admin's subtree", Set.copyOf(boxed(ids(attacker, "SELECT operator_units()"))).equals(Set.copyOf(boxed(scopeUnits))));
        refuse("trigger function called directly", "SELECT audit_log_stamp()");
        refuse("trigger function called directly", "SELECT refuse_closed_rows()");
        refuse("trigger function called directly", "SELECT request_decision()");
        confine("day_is_closed() answers only whether a day is closed", !bool("SELECT day_is_closed(" + outsiders[0] + ", DATE '" + DAY + "')"));
        refuse("trigger function called directly", "SELECT audit_log_is_append_only()");
        refuse("trigger function called directly", "SELECT bump_rules_version()");
        refuse("trigger function called directly", "SELECT device_touch()");
        refuse("trigger function called directly", "SELECT record_unit_change()");
        refuse("trigger function called directly", "SELECT activation_code_new_hash()");
        refuse("trigger function called directly", "SELECT refuse_closed_updates()");
        refuse("trigger function called directly", "SELECT refuse_own_grant()");
        refuse("trigger function called directly", "SELECT refuse_disabled_operator()");
        refuse("trigger function called directly", "SELECT request_step_waiting_reminder()");
        refuse("trigger function called directly", "SELECT unit_opd_default()");
        refuse("an OPD admin unmarking their own OPD (whose head signs the Kepala OPD's step)", "UPDATE unit SET opd = false WHERE code = 'DINKES'");
        refuse("an OPD admin marking a unit of theirs as an OPD", "UPDATE unit SET opd = true");
        long outsider = outsiders[0];
        refuse("the owner's helper: scope test", "SELECT operator_may_change(" + outsider + ")");
        refuse("the owner's helper: an audit row for anyone", "SELECT audit_employee_change('x', 'x', 'leave', 'x', NULL, '{}', " + outsider + ")");
        refuse("the owner's helper: leave as JSON", "SELECT leave_json(l) FROM leave l");
        refuse("leave_put() for an outsider", "SELECT leave_put(" + outsider + ", DATE '2026-10-01', DATE '2026-10-01', 'CT', NULL, 'x', 'x')");
        refuse("leave_remove() for an outsider", "SELECT leave_remove(" + outsider + ", DATE '2026-09-14', 'x', 'x')");
        refuse("wfa_grant() for an outsider", "SELECT wfa_grant(ARRAY[" + outsider + "]::bigint[], ARRAY[DATE '2026-10-01'], 'x', 'x')");
        refuse("wfa_grant() with a NULL employee", "SELECT wfa_grant(ARRAY[NULL]::bigint[], ARRAY[DATE '2026-10-01'], 'x', 'x')");
        refuse("wfa_revoke() for an outsider", "SELECT wfa_revoke(ARRAY[" + outsider + "]::bigint[], ARRAY[DATE '2026-09-09'], 'x', 'x')");
        refuse("device_revoke() for an outsider", "SELECT device_revoke(" + outsider + ", 'x', 'x')");
        refuse("overtime_order_put(): another OPD's order", "SELECT overtime_order_put(" + outsider + ", DATE '2026-10-01', 240, 'SPL/9', 'IV', 'x', 'x')");
        refuse("overtime_order_put() with a NULL employee", "SELECT overtime_order_put(NULL, DATE '2026-10-01', 240, 'SPL/9', 'IV', 'x', 'x')");
        refuse("leave_opening_put(): another OPD's balance", "SELECT leave_opening_put(" + outsider + ", 2026, 24, NULL, 'x', 'x')");
        refuse("signal_review() of an outsider's signal", "SELECT signal_review(" + outsider + ", DATE '2026-09-08', 'ON_CENTRE', 'x', 'x', 'x')");
        refuse("decide_request() on an outsider's request", "SELECT decide_request(" + outsiderRequests[0] + ", 'APPROVED', NULL, 'x', 'x')");
        refuse("decide_request_step() on an outsider's request", "SELECT decide_request_step(" + outsiderRequests[0] + ", 1, 'APPROVED', NULL, 'x', 'x')");
        refuse("decide_request_step() skipping to the head's step", "SELECT decide_request_step(" + outsiderRequests[0] + ", 2, 'APPROVED', NULL, 'x', 'x')");
        refuse("request_escalate(): BKPSDM's", "SELECT request_escalate('x', 'x')");
        refuse("phone_decide_request(): the check-in service's", "SELECT phone_decide_request('x', " + outsiderRequests[0] + ", 'APPROVED', NULL)");
        refuse("phone_requests_to_sign(): the check-in service's", "SELECT * FROM phone_requests_to_sign('x')");
        refuse("the owner's helper: a step decided for anyone", "SELECT request_step_apply(" + outsiderRequests[0] + ", 1, 'APPROVED', NULL, NULL, 'x', 'x')");
        refuse("the owner's helper: a decision's effect", "SELECT request_conclude(r, 'APPROVED', NULL, 'x', 'x', 'x') FROM request r");
        refuse("the owner's helper: the next step", "SELECT request_next_step(r, 1) FROM request r");
        refuse("the owner's helper: a request's chain", "SELECT request_chain_for(r) FROM request r");
        refuse("the owner's helper: a step's deadline", "SELECT request_step_due(now(), 1, 'HOURS', 'Asia/Makassar')");
        confine("employee_zone() reads as the caller: the default zone for someone out of scope",
                count(attacker, "SELECT count(*) FROM (SELECT employee_zone(" + outsider + ") AS z) x WHERE z = 'Asia/Makassar'") == 1);
        refuse("trigger function called directly", "SELECT request_takes_chain()");
        refuse("trigger function called directly", "SELECT request_follows_chain()");
        confine("request_signer() reads as the caller: nobody for a request out of scope",
                count(attacker, "SELECT count(request_signer(r)) FROM request r WHERE r.id = " + outsiderRequests[0]) == 0);
        confine("request_signer() of a request forged as a row names nobody outside the scope",
                count(attacker, "SELECT count(request_signer(ROW(" + outsiderRequests[0] + ", gen_random_uuid(), " + outsider
                        + ", NULL, 'S', DATE '2026-09-08', DATE '2026-09-08', NULL, NULL, 'x', 'PENDING', now(), NULL, NULL, NULL)::request))") == 0);
        refuse("the owner's helper: another OPD's leave balance", "SELECT leave_balance_remaining(" + outsider + ", 2026)");
        refuse("the owner's helper: working days", "SELECT leave_working_days(DATE '2026-09-07', DATE '2026-09-11', 2026)");
        for (String signer : List.of("request_opd_signer(r)", "request_step_signer(r, 'OPD_HEAD')", "request_step_signer(r, 'HEAD')")) {
            confine(signer + " reads as the caller: nobody for a request out of scope",
                    count(attacker, "SELECT count(" + signer + ") FROM request r WHERE r.id = " + outsiderRequests[0]) == 0);
        }
        confine("request_opd_signer() of a request forged as a row names nobody outside the scope",
                count(attacker, "SELECT count(request_opd_signer(ROW(" + outsiderRequests[0] + ", gen_random_uuid(), " + outsider
                        + ", NULL, 'S', DATE '2026-09-08', DATE '2026-09-08', NULL, NULL, 'x', 'PENDING', now(), NULL, NULL, NULL)::request))") == 0);
        assertThat(ownerCount("SELECT count(*) FROM request_step WHERE status IN ('APPROVED', 'REJECTED')")).as("no step was decided").isZero();
        refuse("attendance_write() for an outsider", attendanceWrite(outsider, RECENT, "H"));
        confine("attendance_drop_after_employment_ended() over the whole regency drops nothing outside the scope",
                count(attacker, "SELECT attendance_drop_after_employment_ended(DATE '2000-01-01', DATE '2100-01-01', NULL)") == 0
                        && ownerCount("SELECT count(*) FROM attendance WHERE employee_id = " + outsider) == 1);
        confine("attendance_late_data_window() is the nightly run's window",
                count(attacker, "SELECT (upper(attendance_late_data_window()) - 1) - lower(attendance_late_data_window())") == 7);
        assertThat(ownerCount("SELECT count(*) FROM wfa_day WHERE employee_id = " + outsider) + ownerCount("SELECT count(*) FROM leave WHERE employee_id = "
                + outsider) + ownerCount("SELECT count(*) FROM device WHERE employee_id = " + outsider + " AND retired_at IS NULL"))
                .as("the outsider's WFA day, leave and device are untouched").isEqualTo(3);
        refuse("trigger function called directly", "SELECT refuse_closed_holiday()");
        refuse("operator_admin_add(): an admin makes another admin of their unit",
                "SELECT operator_admin_add('kawan" + suffix + "', 'DINKES', 'SCRAM-SHA-256$4096:x', NULL, 'x', 'x')");
        refuse("operator_admin_target(): another operator's row", "SELECT operator_admin_target('" + admin + "')");
        refuse("operator_disable(): themselves or anyone", "SELECT operator_disable('" + admin + "', 'x', 'x')");
        refuse("operator_password(): their own password through the owner's rights", "SELECT operator_password('" + admin
                + "', 'SCRAM-SHA-256$4096:x', 'x', 'x')");
        confine("the operators and their logins are as they were", ownerCount("SELECT count(*) FROM pg_roles WHERE rolname = 'kawan" + suffix + "'") == 0
                && ownerCount("SELECT count(*) FROM operator WHERE disabled") == 0);
        apelAttacks();
        confine("unit_on() says nothing of another unit's staff", !bool("SELECT unit_on(" + outsiders[0] + ", DATE '" + DAY + "') IS NOT NULL"));
        confine("operator_sees_day() is false for another unit's staff", !bool("SELECT operator_sees_day(" + outsiders[0] + ", DATE '" + DAY + "')"));
        confine("moved_employees() names nobody who never was in the admin's units",
                boxed(ids(attacker, "SELECT moved_employees()")).stream().noneMatch(id -> boxed(outsiders).contains(id)));
    }

    /** V31: another OPD's apel, the regency's, and cancelling outside the scope, through the functions and around them. */
    private void apelAttacks() throws SQLException {
        long bkpsdm = ids("SELECT id FROM unit WHERE code = 'BKPSDM'")[0];
        long otherYard = ids("SELECT l.id FROM work_location l JOIN unit u ON u.id = l.unit_id WHERE u.code = 'BKPSDM'")[0];
        long regencyWide = ids("SELECT id FROM apel WHERE unit_id IS NULL")[0];
        String put = "SELECT apel_put('Apel palsu', %s, NULL, CAST(1 AS smallint), NULL, '07:00', '08:00', '{}', %s, false, 'x', 'x')";
        refuse("the owner's helper: apel scope test", "SELECT apel_may_change(" + bkpsdm + ")");
        refuse("the owner's helper: apel as JSON", "SELECT apel_json(a, '{}') FROM apel a");
        refuse("apel_put() for another OPD", put.formatted(bkpsdm, "'{}'"));
        refuse("apel_put() for the whole regency", put.formatted("NULL", "'{}'"));
        refuse("apel_put() with a start, for another OPD", ("SELECT apel_put('Apel palsu', %s, NULL, CAST(1 AS smallint), NULL, '07:00', '08:00',"
                + " '{}', '{}', false, DATE '2026-09-14', 'x', 'x')").formatted(bkpsdm));
        refuse("apel_put() for their unit, held in another OPD's yard", put.formatted(scopeUnits[0], "ARRAY[" + otherYard + "]::bigint[]"));
        refuse("apel_put() replacing another OPD's apel by its name", "SELECT apel_put('Apel BKPSDM', " + bkpsdm
                + ", NULL, NULL, CAST(17 AS smallint), '07:00', '08:00', '{}', '{}', false, 'x', 'x')");
        refuse("apel_cancel() of another OPD's apel", "SELECT apel_cancel(" + outsiderApels[0] + ", DATE '2026-09-21', 'x', 'x', 'x')");
        refuse("apel_cancel() of the regency's ceremony", "SELECT apel_cancel(" + regencyWide + ", DATE '2026-09-17', 'x', 'x', 'x')");
        refuse("an apel inserted directly", "INSERT INTO apel (name, unit_id, weekday, opens, closes) VALUES ('Apel palsu', " + scopeUnits[0]
                + ", 1, '07:00', '08:00')");
        refuse("the regency's ceremony moved directly", "UPDATE apel SET opens = '06:00' WHERE id = " + regencyWide);
        refuse("a cancellation written directly, with no audit row", "INSERT INTO apel_cancellation (apel_id, day, reason) VALUES ("
                + regencyWide + ", '2026-09-17', 'x')");
        refuse("a cancellation deleted", "DELETE FROM apel_cancellation WHERE apel_id = " + regencyWide);
        confine("the apel and their cancellations are as they were", ownerCount("SELECT count(*) FROM apel WHERE name = 'Apel palsu'") == 0
                && ownerCount("SELECT count(*) FROM apel_cancellation WHERE day <> '2026-09-14'") == 0
                && ownerCount("SELECT count(*) FROM apel WHERE opens = '06:00'") == 0);
        String apelAudit = "SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity IN ('apel', 'apel_cancellation')";
        long auditedBefore = ownerCount(apelAudit);
        long dinkesApel = ids("SELECT id FROM apel WHERE unit_id = " + scopeUnits[0])[0];
        exec("SELECT apel_cancel(" + dinkesApel + ", DATE '2026-09-21', 'hujan', 'x', 'x')");
        confine("their own unit's apel is cancelled, stamped and audited as themselves",
                ownerCount("SELECT count(*) FROM apel_cancellation WHERE apel_id = " + dinkesApel + " AND day = '2026-09-21' AND cancelled_by = '"
                        + admin + "'") == 1 && ownerCount(apelAudit) == auditedBefore + 1);
    }

    @Test
    void an_apel_attendance_cannot_be_forged_through_psql() throws SQLException {
        long sri = employee(DINKES_STAFF);
        long dinkesApel = ids("SELECT a.id FROM apel a JOIN employee e ON e.unit_id = a.unit_id WHERE e.id = " + sri)[0];
        long device = ids("SELECT id FROM device WHERE employee_id = " + sri + " AND retired_at IS NULL")[0];
        String forged = "INSERT INTO apel_checkin (request_id, apel_id, employee_id, device_id, at, received_at, work_date, accepted, message)"
                + " VALUES (gen_random_uuid(), " + dinkesApel + ", " + sri + ", " + device + ", '2026-09-21 07:20+08', now(), '2026-09-21', true, 'ok')";
        refuse("an apel check-in for their own staff, inserted", forged);
        refuse("an apel check-in copied in", "COPY apel_checkin FROM STDIN");
        refuse("a refused apel check-in turned accepted", "UPDATE apel_checkin SET accepted = true, reason = NULL WHERE employee_id = " + sri);
        refuse("an apel check-in moved to another day", "UPDATE apel_checkin SET work_date = '2026-09-21' WHERE employee_id = " + sri);
        refuse("an apel check-in deleted", "DELETE FROM apel_checkin WHERE employee_id = " + sri);
        refuse("a TA written away through the reconciliation's function for an old day", attendanceWrite(sri, DAY, "H"));
        assertThat(ownerCount("SELECT count(*) FROM apel_checkin WHERE work_date = '2026-09-21'")).as("no apel check-in was forged").isZero();
    }

    // --- insiders: an OPD admin with psql, inside their own agency (issue 27) ---

    @Test
    void a_correction_is_bound_to_its_own_request_employee_day_and_time() throws SQLException {
        long sri = employee(DINKES_STAFF);
        long nurse = employee(PUSKESMAS_NURSE);
        long approved = request(nurse, "LUPA_MASUK", "2026-09-10", "2026-09-10 07:00+08", "APPROVED");
        refuse("a KOREKSI check-in citing another employee's approved request and another day",
                "INSERT INTO checkin (request_id, employee_id, type, at, received_at, work_date, accepted, message, source, correction_of) VALUES "
                        + "(gen_random_uuid(), " + sri + ", 'IN', '2026-09-11 07:00+08', now(), '2026-09-11', true, 'x', 'KOREKSI', " + approved + ")");
        refuse("a KOREKSI check-in citing the request's own employee and day", "INSERT INTO checkin (request_id, employee_id, type, at, received_at,"
                + " work_date, accepted, message, source, correction_of) VALUES (gen_random_uuid(), " + nurse
                + ", 'IN', '2026-09-10 07:00+08', now(), '2026-09-10', true, 'x', 'KOREKSI', " + approved + ")");
        refuse("the effect of a request approved earlier, written again", "SELECT decide_request(" + approved + ", 'APPROVED', NULL, 'x', 'x')");
        refuse("approve by UPDATE, without the function", "UPDATE request SET status = 'APPROVED' WHERE employee_id = " + sri);
        assertThat(ownerCount("SELECT count(*) FROM checkin WHERE source = 'KOREKSI'")).as("no correction punch was written").isZero();

        long pending = request(nurse, "LUPA_MASUK", "2026-09-10", "2026-09-10 07:00+08", "PENDING");
        exec("SELECT decide_request(" + pending + ", 'APPROVED', NULL, 'x', 'presensi request approve')");
        confine("an approval's punch is the request's own employee, day and time, and audited",
                ownerCount("SELECT count(*) FROM checkin WHERE correction_of = " + pending + " AND employee_id = " + nurse
                        + " AND work_date = '2026-09-10' AND at = '2026-09-10 07:00+08' AND type = 'IN'") == 1
                        && ownerCount("SELECT count(*) FROM checkin WHERE source = 'KOREKSI'") == 1
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity IN ('checkin', 'request')"
                        + " AND entity_key IN ('" + PUSKESMAS_NURSE + "/2026-09-10', '" + pending + "')") == 2);
    }

    @Test
    void attendance_records_cannot_be_forged_and_what_an_admin_writes_is_redone_by_the_nightly_run() throws SQLException {
        long sri = employee(DINKES_STAFF);
        String before = codes(sri, DAY);
        refuse("INSERT an H for a day older than the nightly window", "INSERT INTO attendance (employee_id, work_date, unit_id, day_off, codes, explanation)"
                + " SELECT id, '2026-09-01', unit_id, 'WEEKEND', '{H}', 'x' FROM employee WHERE id = " + sri);
        refuse("UPDATE a record to H", "UPDATE attendance SET codes = '{H}' WHERE employee_id = " + sri);
        refuse("DELETE a record", "DELETE FROM attendance WHERE employee_id = " + sri);
        refuse("an H for an old day through the reconciliation's function", attendanceWrite(sri, "2026-09-01", "H"));
        refuse("TK -> H for an old day through the reconciliation's function", attendanceWrite(sri, DAY, "H"));
        refuse("a record filed under another unit", attendanceWrite(sri, RECENT, "H").replace("ARRAY[" + unitOf(sri) + "]",
                "ARRAY[" + ids("SELECT id FROM unit WHERE code = 'BKPSDM'")[0] + "]"));
        refuse("a record for a day outside the range written", attendanceWrite(sri, RECENT, "H").replace("ARRAY[" + epochDay(RECENT) + "]",
                "ARRAY[" + (epochDay(RECENT) + 1) + "]"));
        assertThat(codes(sri, DAY)).as("the old record is unchanged").isEqualTo(before);
        assertThat(ownerCount("SELECT count(*) FROM attendance WHERE work_date = '2026-09-01'")).isZero();

        String audited = "SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity = 'attendance' AND entity_key = '"
                + RECENT + ".." + RECENT + "'";
        long auditedBefore = ownerCount(audited);
        exec(attendanceWrite(sri, RECENT, "H"));
        confine("an H written for a day of the window is audited", codes(sri, RECENT).equals("{H}") && ownerCount(audited) == auditedBefore + 1);
        ok("reconcile", "--date", RECENT);
        confine("the nightly run redoes the day: the forged H is gone", !codes(sri, RECENT).equals("{H}"));
    }

    @Test
    void no_record_is_moved_into_a_closed_month_by_anyone() throws SQLException {
        long sri = employee(DINKES_STAFF);
        db.database().jdbi().useHandle(h -> h.execute("INSERT INTO closed_month (month, reason) VALUES ('2026-08-01', 'rekap terkirim')"));
        refuse("UPDATE attendance SET work_date into a closed month", "UPDATE attendance SET work_date = '2026-08-31' WHERE employee_id = " + sri
                + " AND work_date = '" + DAY + "'");
        refuse("UPDATE checkin SET work_date into a closed month", "UPDATE checkin SET work_date = '2026-08-31' WHERE employee_id = " + sri);
        attempts += 2;
        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("UPDATE attendance SET work_date = '2026-08-31' WHERE employee_id = ? AND work_date = '" + DAY + "'", sri)))
                .as("the owner, bound by no policy, is refused by the trigger on the new rows").hasMessageContaining("closed month");
        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("UPDATE checkin SET work_date = '2026-08-31' WHERE employee_id = ? AND work_date = '" + DAY + "'", sri)))
                .hasMessageContaining("closed month");
        refused += 2;
        assertThat(ownerCount("SELECT count(*) FROM attendance WHERE work_date = '2026-08-31'")
                + ownerCount("SELECT count(*) FROM checkin WHERE work_date = '2026-08-31'")).isZero();
    }

    @Test
    void a_disabled_bkpsdm_operators_open_connection_writes_no_closed_month_request_rule_or_selfie_rule() throws SQLException {
        String bkpsdm = "bkpsdm.op" + suffix;
        String password = addOperator(bkpsdm, "--role", "bkpsdm");
        secrets.add(password);
        try (Connection open = DriverManager.getConnection(db.settings().url(), bkpsdm, password)) {
            // enabled, the same connection may close a month: the attack below is refused for being disabled, not by grants
            open.createStatement().execute("INSERT INTO closed_month (month, reason) VALUES ('2026-01-01', 'rekap terkirim')");
            ok("operator", "disable", bkpsdm, "--yes");
            String rows = "SELECT (SELECT count(*) FROM closed_month) || '/' || (SELECT string_agg(month || coalesce(reason, ''), ',' ORDER BY month) FROM closed_month)"
                    + " || '/' || (SELECT string_agg(row(r.*)::text, ',') FROM request_rule r) || '/' || (SELECT string_agg(row(s.*)::text, ',') FROM selfie_policy s)";
            String before = ownerText(rows);
            refuse(open, "a disabled BKPSDM operator closes a month", "INSERT INTO closed_month (month, reason) VALUES ('2026-08-01', 'x')");
            refuse(open, "a disabled BKPSDM operator adds a request rule", "INSERT INTO request_rule SELECT id, 30, 30 FROM unit WHERE code = 'DINKES'");
            refuse(open, "a disabled BKPSDM operator changes the selfie rule", "INSERT INTO selfie_policy (unit_id, required) SELECT id, false FROM unit WHERE code = 'DINKES'");
            for (String change : List.of("DELETE FROM closed_month", "UPDATE closed_month SET month = '2019-01-01'",
                    "UPDATE closed_month SET reason = 'dibuka'", "DELETE FROM request_rule", "UPDATE request_rule SET " + plainColumn("request_rule")
                            + " = " + plainColumn("request_rule"), "DELETE FROM selfie_policy", "UPDATE selfie_policy SET required = false")) {
                attempts++;
                try (Statement s = open.createStatement()) {
                    assertThat(s.executeUpdate(change)).as("a disabled BKPSDM operator's open connection: " + change).isZero();
                    confined++;
                } catch (SQLException e) {
                    refused++;
                }
            }
            assertThat(ownerText(rows)).as("closed months, request rules and selfie rules as they were").isEqualTo(before);
            assertThat(ownerCount("SELECT count(*) FROM closed_month WHERE month = '2026-01-01'")).as("the month closed while enabled").isEqualTo(1);
        }
    }

    /**
     * V38: every table an operator role may change either has row security (which leaves a disabled operator out) or
     * refuses a disabled operator's statements; a disabled BKPSDM operator's open connection changes none of them.
     */
    @Test
    void a_disabled_operators_open_connection_changes_no_table_without_row_security() throws SQLException {
        List<String> unguarded = texts("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
                   AND EXISTS (SELECT 1 FROM unnest(ARRAY['presensi_bkpsdm', 'presensi_opd_admin']) r(role),
                                             unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p(privilege)
                                WHERE has_table_privilege(r.role, c.oid, p.privilege))
                   AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'refuse_disabled_operator')""");
        assertThat(unguarded).as("tables an operator may change with neither row security nor the disabled-operator trigger").isEmpty();

        List<String> guarded = texts("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " WHERE t.tgname = 'refuse_disabled_operator' ORDER BY 1");
        assertThat(guarded).contains("holiday", "unit", "setting", "work_location", "shift_type", "wfh_period");
        String bkpsdm = "bkpsdm.gone" + suffix;
        String password = addOperator(bkpsdm, "--role", "bkpsdm");
        secrets.add(password);
        try (Connection open = DriverManager.getConnection(db.settings().url(), bkpsdm, password)) {
            open.createStatement().execute("UPDATE setting SET value = value WHERE false"); // enabled: allowed by the grants
            ok("operator", "disable", bkpsdm, "--yes");
            for (String table : guarded) {
                refuse(open, "a disabled BKPSDM operator changes " + table, "DELETE FROM " + table + " WHERE false");
            }
            refuse(open, "a disabled BKPSDM operator adds a holiday", "INSERT INTO holiday (day, description, kind) VALUES ('2026-10-01', 'x', 'LIBUR_NASIONAL')");
        }
    }

    @Test
    void tk_days_cannot_be_rewritten_to_pass_the_discipline_rule_for_wfa() throws SQLException {
        long sri = employee(DINKES_STAFF);
        String tk = "SELECT count(*) FROM attendance WHERE employee_id = " + sri + " AND 'TK' = ANY(codes)";
        long tkBefore = ownerCount(tk);
        db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO attendance (employee_id, work_date, unit_id, expected_start, expected_end, codes, explanation)
                SELECT e.id, d::date, e.unit_id, d, d + interval '8 hours', '{TK}', 'tanpa keterangan'
                  FROM employee e, generate_series(TIMESTAMPTZ '2026-08-03 07:30+08', TIMESTAMPTZ '2026-08-05 07:30+08', interval '1 day') d
                 WHERE e.id = ?""", sri));
        refuse("TK days rewritten as I", "UPDATE attendance SET codes = '{I}' WHERE employee_id = " + sri + " AND 'TK' = ANY(codes)");
        refuse("TK days deleted", "DELETE FROM attendance WHERE employee_id = " + sri + " AND 'TK' = ANY(codes)");
        refuse("a WFA day inserted directly", "INSERT INTO wfa_day (employee_id, work_date) VALUES (" + sri + ", '2026-09-21')");
        refuse("a WFA grant for staff under discipline", "SELECT wfa_grant(ARRAY[" + sri + "]::bigint[], ARRAY[DATE '2026-09-21'], 'x', 'x')");
        assertThat(ownerCount(tk)).as("three TK days more, none rewritten").isEqualTo(tkBefore + 3);
        assertThat(ownerCount("SELECT count(*) FROM wfa_day WHERE work_date = '2026-09-21'")).isZero();

        long nurse = employee(PUSKESMAS_NURSE);
        exec("SELECT wfa_grant(ARRAY[" + nurse + "]::bigint[], ARRAY[DATE '2026-09-21'], 'x', 'presensi policy wfa grant')");
        confine("a WFA day the rules allow is granted and audited under the employee's unit",
                ownerCount("SELECT count(*) FROM wfa_day WHERE employee_id = " + nurse + " AND work_date = '2026-09-21' AND granted_by = '" + admin + "'") == 1
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity = 'wfa_day' AND entity_key = '"
                        + PUSKESMAS_NURSE + "' AND unit_id = " + unitOf(nurse)) == 1);
    }

    @Test
    void nobody_grants_themselves_leave_or_wfa_days() throws SQLException {
        long sri = employee(DINKES_STAFF);
        db.database().jdbi().useHandle(h -> h.execute("UPDATE operator SET employee_id = ? WHERE name = ?", sri, admin));
        refuse("DL leave inserted for herself", "INSERT INTO leave (employee_id, date_from, date_to, type) VALUES (" + sri + ", '2026-10-05', '2026-10-09', 'DL')");
        refuse("DL leave for herself through the function", "SELECT leave_put(" + sri + ", DATE '2026-10-05', DATE '2026-10-09', 'DL', NULL, 'x', 'x')");
        refuse("her own leave removed", "SELECT leave_remove(" + sri + ", DATE '2026-09-14', 'x', 'x')");
        refuse("a WFA day inserted for herself", "INSERT INTO wfa_day (employee_id, work_date) VALUES (" + sri + ", '2026-10-06')");
        refuse("a WFA day for herself through the function", "SELECT wfa_grant(ARRAY[" + sri + "]::bigint[], ARRAY[DATE '2026-10-06'], 'x', 'x')");
        err.getBuffer().setLength(0);
        attempts++;
        assertThat(cli.run("leave", "add", DINKES_STAFF, "--from", "2026-10-05", "--to", "2026-10-09", "--type", "DL", "--db-user", admin))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("nobody grants themselves leave or WFA days");
        refused++;
        assertThat(ownerCount("SELECT count(*) FROM leave WHERE employee_id = " + sri + " AND date_from = '2026-10-05'")
                + ownerCount("SELECT count(*) FROM wfa_day WHERE employee_id = " + sri + " AND work_date = '2026-10-06'")).isZero();
        assertThat(ownerCount("SELECT count(*) FROM leave WHERE employee_id = " + sri + " AND date_from = '2026-09-14'")).isEqualTo(1);

        long nurse = employee(PUSKESMAS_NURSE);
        exec("SELECT leave_put(" + nurse + ", DATE '2026-10-05', DATE '2026-10-09', 'DL', 'ST 12/2026', 'x', 'presensi leave add')");
        confine("leave for a colleague of the unit is recorded and audited",
                ownerCount("SELECT count(*) FROM leave WHERE employee_id = " + nurse + " AND date_from = '2026-10-05' AND type = 'DL'") == 1
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity = 'leave' AND entity_key = '"
                        + PUSKESMAS_NURSE + "/2026-10-05'") == 1);
    }

    @Test
    void overtime_orders_and_leave_balances_change_only_through_their_functions_in_scope_and_audited() throws SQLException {
        long sri = employee(DINKES_STAFF);
        long nurse = employee(PUSKESMAS_NURSE);
        refuse("a balance edited directly through psql", "UPDATE leave_opening_balance SET days = 24 WHERE employee_id = " + nurse);
        refuse("a balance inserted directly", "INSERT INTO leave_opening_balance (employee_id, year, days, recorded_by) VALUES (" + nurse + ", 2026, 24, 'x')");
        refuse("a balance deleted directly", "DELETE FROM leave_opening_balance WHERE employee_id = " + nurse);
        refuse("an order inserted directly", "INSERT INTO overtime_order (employee_id, work_date, minutes, reference, golongan, ordered_by) VALUES ("
                + nurse + ", '2026-10-01', 240, 'SPL/9', 'IV', 'x')");
        refuse("an order's hours raised directly", "UPDATE overtime_order SET minutes = 1440 WHERE employee_id = " + nurse);
        refuse("another OPD's order through the function", "SELECT overtime_order_put(" + outsiders[0] + ", DATE '2026-10-01', 240, 'SPL/9', 'IV', 'x', 'x')");
        refuse("the regency's tariff raised by an OPD admin", "UPDATE overtime_tariff SET hourly_rupiah = 1000000");
        refuse("a tariff of one's own", "INSERT INTO overtime_tariff VALUES ('2026-01-01', 'IV', 1000000, 0, 120, 'x')");
        db.database().jdbi().useHandle(h -> h.execute("UPDATE operator SET employee_id = ? WHERE name = ?", sri, admin));
        refuse("her own overtime ordered", "SELECT overtime_order_put(" + sri + ", DATE '2026-10-01', 240, 'SPL/9', 'IV', 'x', 'x')");
        refuse("her own balance raised", "SELECT leave_opening_put(" + sri + ", 2026, 24, NULL, 'x', 'x')");
        assertThat(ownerCount("SELECT count(*) FROM leave_opening_balance WHERE days <> 12 OR year <> 2025")
                + ownerCount("SELECT count(*) FROM overtime_order WHERE work_date <> '2026-09-08'")
                + ownerCount("SELECT count(*) FROM overtime_tariff WHERE golongan <> 'III'")).as("nothing changed").isZero();

        exec("SELECT overtime_order_put(" + nurse + ", DATE '2026-10-01', 150, 'SPL/10', 'II', 'x', 'presensi lembur order')");
        exec("SELECT leave_opening_put(" + nurse + ", 2026, 14, 'BKPSDM/2026', 'x', 'presensi cuti import-saldo')");
        confine("a colleague's order and balance are recorded in the admin's name and audited",
                ownerCount("SELECT count(*) FROM overtime_order WHERE employee_id = " + nurse + " AND ordered_by = '" + admin + "'") == 1
                        && ownerCount("SELECT count(*) FROM leave_opening_balance WHERE employee_id = " + nurse + " AND recorded_by = '" + admin + "'") == 1
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity IN ('overtime_order', 'leave_opening_balance')") == 2);
    }

    @Test
    void no_device_can_be_planted_or_rekeyed_and_a_revocation_is_audited() throws SQLException {
        long sri = employee(DINKES_STAFF);
        db.database().jdbi().useHandle(h -> h.execute("UPDATE employee SET ended_from = '2026-09-01', end_reason = 'PENSIUN' WHERE id = ?", sri));
        db.database().jdbi().useHandle(h -> h.execute("UPDATE device SET retired_at = now(), retired_reason = 'REVOKED' WHERE employee_id = ?", sri));
        refuse("a device with a chosen token hash for a retired employee", "INSERT INTO device (employee_id, name, token_hash) VALUES ("
                + sri + ", 'HP titipan', sha256('token-pilihan'::bytea))");
        refuse("a device brought back to life", "UPDATE device SET retired_at = NULL, retired_reason = NULL WHERE employee_id = " + sri);
        refuse("another device's token hash replaced", "UPDATE device SET token_hash = sha256('token-pilihan'::bytea)");
        refuse("a device deleted", "DELETE FROM device");
        assertThat(ownerCount("SELECT count(*) FROM device WHERE token_hash = sha256('token-pilihan'::bytea)")).isZero();
        assertThat(ownerCount("SELECT count(*) FROM device WHERE employee_id = " + sri + " AND retired_at IS NULL")).isZero();

        long nurse = employee(PUSKESMAS_NURSE);
        exec("SELECT device_revoke(" + nurse + ", 'x', 'presensi device revoke')");
        confine("a revocation in scope happens and is audited",
                ownerCount("SELECT count(*) FROM device WHERE employee_id = " + nurse + " AND retired_at IS NULL") == 0
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity = 'device' AND entity_key = '"
                        + PUSKESMAS_NURSE + "'") == 1);
    }

    @Test
    void anomaly_signals_cannot_be_deleted_or_forged() throws SQLException {
        long sri = employee(DINKES_STAFF);
        long signals = ownerCount("SELECT count(*) FROM anomaly_signal");
        refuse("signals deleted", "DELETE FROM anomaly_signal WHERE employee_id = " + sri);
        refuse("a signal weakened", "UPDATE anomaly_signal SET strength = 0.01");
        refuse("a signal forged", "INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence) VALUES ("
                + employee(PUSKESMAS_NURSE) + ", '2026-09-09', 'SAME_HAND', 9, 'palsu', '{}')");
        assertThat(cli.run("reconcile", "--date", RECENT, "--db-user", admin)).as("the admin's own run leaves the signals to the nightly run")
                .isEqualTo(ExitCodes.OK);
        confine("the signals are as the nightly run left them", ownerCount("SELECT count(*) FROM anomaly_signal") == signals
                && ownerCount("SELECT count(*) FROM anomaly_signal WHERE employee_id = " + sri + " AND work_date = '2026-09-08'") == 1);
    }

    @Test
    void an_admin_reviews_their_units_signals_only_and_through_the_function_only() throws SQLException {
        long sri = employee(DINKES_STAFF);
        long outsider = outsiders[0];
        String outsiderReview = "SELECT count(*) FROM anomaly_review WHERE employee_id = " + outsider + " AND note = 'dicek'";
        refuse("another unit's signal reviewed", "SELECT signal_review(" + outsider + ", DATE '2026-09-08', 'ON_CENTRE', 'sudah', 'x', 'x')");
        refuse("another unit's signal reviewed under the admin's own name", "SELECT signal_review(" + outsider
                + ", DATE '2026-09-08', 'ON_CENTRE', 'sudah', '" + admin + "', 'presensi signal review')");
        refuse("a signal that does not exist reviewed", "SELECT signal_review(" + sri + ", DATE '2026-09-09', 'ON_CENTRE', 'sudah', 'x', 'x')");
        refuse("a NULL employee's signal reviewed", "SELECT signal_review(NULL, DATE '2026-09-08', 'ON_CENTRE', 'sudah', 'x', 'x')");
        refuse("a review without a note", "SELECT signal_review(" + sri + ", DATE '2026-09-08', 'ON_CENTRE', '   ', 'x', 'x')");
        refuse("a review written directly", "INSERT INTO anomaly_review (employee_id, work_date, kind, note, reviewed_by) VALUES ("
                + sri + ", '2026-09-08', 'ON_CENTRE', 'palsu', 'x')");
        refuse("a review rewritten directly", "UPDATE anomaly_review SET note = 'palsu'");
        refuse("a review deleted", "DELETE FROM anomaly_review");
        assertThat(ownerCount(outsiderReview)).as("the outsider's review is untouched").isEqualTo(1);

        exec("SELECT signal_review(" + sri + ", DATE '2026-09-08', 'ON_CENTRE', 'Ditanyakan langsung', 'someone else', 'presensi signal review')");
        confine("a review in scope happens in the admin's own name and is audited",
                ownerCount("SELECT count(*) FROM anomaly_review WHERE employee_id = " + sri + " AND reviewed_by = '" + admin
                        + "' AND note = 'Ditanyakan langsung'") == 1
                        && ownerCount("SELECT count(*) FROM audit_log WHERE operator = '" + admin + "' AND entity = 'anomaly_signal' AND entity_key = '"
                        + DINKES_STAFF + "/2026-09-08/ON_CENTRE' AND before->>'note' = 'dicek'") == 1);
    }

    @Test
    void an_opd_admins_commands_go_through_the_functions_and_each_change_is_audited_in_their_name() {
        long nurse = employee(PUSKESMAS_NURSE);
        long sick = ids("SELECT id FROM request WHERE employee_id = " + nurse)[0];
        long other = ids("SELECT id FROM request WHERE employee_id = " + employee(DINKES_STAFF))[0];
        for (String[] command : List.of(
                new String[] {"request", "approve", Long.toString(sick)},
                new String[] {"request", "reject", Long.toString(other), "--note", "tanpa surat"},
                new String[] {"leave", "add", PUSKESMAS_NURSE, "--from", "2026-10-12", "--to", "2026-10-13", "--type", "CT"},
                new String[] {"leave", "remove", PUSKESMAS_NURSE, "--from", "2026-10-12", "--yes"},
                new String[] {"policy", "wfa", "grant", "--employee", PUSKESMAS_NURSE, "--date", "2026-10-14"},
                new String[] {"policy", "wfa", "revoke", "--employee", PUSKESMAS_NURSE, "--date", "2026-10-14"},
                new String[] {"device", "revoke", PUSKESMAS_NURSE, "--yes"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--db-user", admin));
            assertThat(cli.run(args.toArray(String[]::new))).as(String.join(" ", command) + ": " + err).isEqualTo(ExitCodes.OK);
        }
        assertThat(ownerCount("SELECT count(*) FROM leave WHERE employee_id = " + nurse + " AND granted_by_request = " + sick + " AND type = 'S'")).isEqualTo(1);
        assertThat(ownerCount("SELECT count(*) FROM request WHERE id = " + other + " AND status = 'REJECTED' AND decided_by = '" + admin + "'")).isEqualTo(1);
        assertThat(ownerCount("SELECT count(*) FROM leave WHERE employee_id = " + nurse + " AND date_from = '2026-10-12'")
                + ownerCount("SELECT count(*) FROM wfa_day WHERE employee_id = " + nurse + " AND work_date = '2026-10-14'")
                + ownerCount("SELECT count(*) FROM device WHERE employee_id = " + nurse + " AND retired_at IS NULL")).isZero();
        List<String> audited = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT entity FROM audit_log WHERE operator = :admin AND entity <> 'attendance' ORDER BY id").bind("admin", admin).mapTo(String.class).list());
        assertThat(audited)
                .as("one row per change, in the admin's name")
                .containsExactly("leave", "request", "request", "leave", "leave", "wfa_day", "wfa_day", "device");
    }

    /** A call of the reconciliation's writer with one record of the given code for the employee's current unit. */
    private String attendanceWrite(long employee, String day, String code) {
        long unit = unitOf(employee);
        return "SELECT attendance_write(ARRAY[" + employee + "]::bigint[], DATE '" + day + "', DATE '" + day + "', ARRAY[" + employee
                + "]::bigint[], ARRAY[" + epochDay(day) + "], ARRAY[" + unit + "]::bigint[], ARRAY[NULL]::bigint[], ARRAY[NULL]::bigint[],"
                + " ARRAY[NULL]::text[], ARRAY['NO_SCHEDULE'], ARRAY[NULL]::bigint[], ARRAY[NULL]::bigint[], ARRAY[0], ARRAY[0], ARRAY['" + code
                + "'], ARRAY[''], ARRAY['palsu'])";
    }

    private static long epochDay(String day) {
        return LocalDate.parse(day).toEpochDay();
    }

    private long employee(String nip) {
        return ids("SELECT id FROM employee WHERE nip = '" + nip + "'")[0];
    }

    private long unitOf(long employee) {
        return ids("SELECT unit_id FROM employee WHERE id = " + employee)[0];
    }

    private String codes(long employee, String day) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT codes::text FROM attendance WHERE employee_id = :e AND work_date = CAST(:d AS date)")
                .bind("e", employee).bind("d", day).mapTo(String.class).findOne().orElse("none"));
    }

    /** A request of an employee, stored as the phone would, pending or already decided by BKPSDM. */
    private long request(long employee, String kind, String day, String at, String status) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        INSERT INTO request (request_id, employee_id, kind, date_from, date_to, at, punch_type, reason, status, decided_at, decided_by)
                        VALUES (gen_random_uuid(), :e, :kind, CAST(:day AS date), CAST(:day AS date), CAST(:at AS timestamptz), 'IN', 'lupa',
                                :status, CASE WHEN :status = 'PENDING' THEN NULL ELSE now() END, CASE WHEN :status = 'PENDING' THEN NULL ELSE 'bkpsdm' END)
                        RETURNING id""")
                .bind("e", employee).bind("kind", kind).bind("day", day).bind("at", at).bind("status", status).mapTo(Long.class).one());
    }

    @Test
    void server_files_large_objects_and_other_sessions_are_out_of_reach() throws Exception {
        refuse("read a server file", "SELECT pg_read_file('/etc/passwd')");
        refuse("list a server directory", "SELECT pg_ls_dir('.')");
        refuse("import a server file as a large object", "SELECT lo_import('/etc/passwd')");
        refuse("run a program", "COPY (SELECT 1) TO PROGRAM 'id'");
        long secretObject = db.database().jdbi().withHandle(h -> h.createQuery("SELECT lo_from_bytea(0, 'rahasia BKPSDM'::bytea)").mapTo(Long.class).one());
        refuse("read the owner's large object", "SELECT lo_get(" + secretObject + ")");
        refuse("overwrite the owner's large object", "SELECT lo_put(" + secretObject + ", 0, 'x'::bytea)");
        refuse("unlink the owner's large object", "SELECT lo_unlink(" + secretObject + ")");
        try (Connection owner = DriverManager.getConnection(db.settings().url(), db.settings().user(), db.settings().password())) {
            owner.createStatement().execute("SELECT 'rahasia-pg-stat-activity' AS marker");
            confine("other sessions' queries in pg_stat_activity",
                    count(attacker, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%rahasia-pg-stat-activity%' AND pid <> pg_backend_pid()") == 0);
        }
        db.database().jdbi().useHandle(h -> h.execute("ANALYZE employee"));
        confine("column statistics of a row-secured table (pg_stats)", count(attacker, "SELECT count(*) FROM pg_stats WHERE tablename = 'employee'") == 0);
        refuse("cancel other backends", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + db.settings().user() + "'");
    }

    @Test
    void writes_for_people_outside_the_scope_are_refused() throws SQLException {
        long outsider = outsiders[0];
        refuse("leave for an outsider", "INSERT INTO leave (employee_id, date_from, date_to, type) VALUES (" + outsider + ", '2026-10-01', '2026-10-01', 'CT')");
        refuse("roster for an outsider", "INSERT INTO roster (employee_id, work_date) VALUES (" + outsider + ", '2026-10-01')");
        refuse("device for an outsider", "INSERT INTO device (employee_id, name, token_hash) VALUES (" + outsider + ", 'x', '\\x01')");
        refuse("activation code for an outsider", "INSERT INTO activation_code (employee_id, salt, code_hash, code_hash_scheme, expires_at, created_by) VALUES ("
                + outsider + ", '\\x01', '\\x01', 'argon2id$v=19$m=8192,t=2,p=1', now() + interval '1 day', 'x')");
        refuse("attendance for an outsider", "INSERT INTO attendance (employee_id, work_date, unit_id, day_off, codes, explanation) SELECT "
                + outsider + ", '2026-10-01', unit_id, 'WEEKEND', '{LIBUR}', 'x' FROM employee LIMIT 1");
        refuse("a check-in for anyone", "INSERT INTO checkin (request_id, employee_id, machine_id, at, received_at, work_date, accepted, message, source) VALUES (gen_random_uuid(), "
                + outsider + ", 'FP', now(), now(), current_date, true, 'x', 'FINGERPRINT')");
        refuse("move an own employee to another unit", "UPDATE employee SET unit_id = (SELECT min(id) FROM unit)");
        refuse("an import run in another operator's name", "INSERT INTO import_run (kind, file_name, operator) VALUES ('LEAVE', 'x.csv', 'presensi')");
        refuse("the migration history", "INSERT INTO flyway_schema_history SELECT * FROM flyway_schema_history LIMIT 1");
        refuse("setval on a sequence", "SELECT setval('audit_log_id_seq', 1)");
    }

    @Test
    void the_audit_trail_cannot_be_forged() throws SQLException {
        long ownUnit = scopeUnits[0];
        exec("INSERT INTO audit_log (id, at, operator, command, entity, entity_key, after, unit_id) OVERRIDING SYSTEM VALUE VALUES "
                + "(999999, '2020-01-01', 'budi.bkpsdm', 'presensi staff import', 'employee', 'x', '{}', " + ownUnit + ")");
        var stored = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT id, operator, at > now() - interval '1 minute' AS now FROM audit_log WHERE entity_key = 'x'").mapToMap().one());
        confine("the operator is the session user, the id and time are the database's",
                stored.get("operator").equals(admin) && !stored.get("id").equals(999999L) && Boolean.TRUE.equals(stored.get("now")));
        refuse("an audit row for another unit", "INSERT INTO audit_log (operator, command, entity, entity_key, after, unit_id) VALUES ('x', 'x', 'employee', 'y', '{}', "
                + ids("SELECT id FROM unit WHERE code = 'BKPSDM'")[0] + ")");
        refuse("an audit row for no unit", "INSERT INTO audit_log (operator, command, entity, entity_key, after) VALUES ('x', 'x', 'holiday', 'y', '{}')");
        refuse("update the audit trail", "UPDATE audit_log SET command = 'nothing'");
        refuse("delete the audit trail", "DELETE FROM audit_log");
    }

    @Test
    void the_nightly_job_cannot_be_blocked_by_an_admin_holding_locks() throws SQLException {
        attacker.setAutoCommit(false);
        attacker.createStatement().execute("SELECT pg_advisory_lock(hashtext('presensi.reconcile'))");
        attacker.createStatement().execute("SELECT pg_advisory_lock(hashtext('presensi.staff_import'))");
        attacker.createStatement().execute("SELECT * FROM job_lock FOR UPDATE");
        attacker.createStatement().execute("LOCK TABLE attendance IN ACCESS SHARE MODE");
        err.getBuffer().setLength(0);
        confine("the owner's reconcile runs while the admin holds every lock they can take",
                cli.run("reconcile", "--date", DAY) == ExitCodes.OK);
        attacker.rollback();
        attacker.setAutoCommit(true);
        refuse("lock the staff table", "LOCK TABLE employee IN SHARE ROW EXCLUSIVE MODE");
    }

    @Test
    void an_opd_admin_runs_the_jobs_of_their_scope() throws Exception {
        var before = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT computed_at FROM attendance WHERE employee_id = :id").bind("id", outsiders[0]).mapTo(OffsetDateTime.class).one());
        out.getBuffer().setLength(0);
        assertThat(cli.run("reconcile", "--date", RECENT, "--db-user", admin)).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("2 employees, 2 records");
        assertThat(cli.run("reconcile", "--date", RECENT, "--unit", "BKPSDM", "--db-user", admin)).as(err.toString()).isEqualTo(ExitCodes.OK);
        err.getBuffer().setLength(0);
        assertThat(cli.run("reconcile", "--date", DAY, "--db-user", admin)).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("an OPD admin reconciles only the days the nightly run reconciles again");
        var after = db.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT computed_at FROM attendance WHERE employee_id = :id").bind("id", outsiders[0]).mapTo(OffsetDateTime.class).one());
        assertThat(after).as("another OPD's records are untouched").isEqualTo(before);
        Path recap = Files.createTempFile("rekap", ".csv");
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--out", recap.toString(), "--db-user", admin)).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(recap)).contains(DINKES_STAFF).doesNotContain(OUTSIDER);
        // another unit's recap is refused in words, not written as an empty file that looks like a unit without staff
        Path theirs = recap.resolveSibling("rekap-bkpsdm-" + suffix + ".csv");
        assertThat(cli.run("report", "monthly", "--month", "2026-09", "--unit", "BKPSDM", "--out", theirs.toString(), "--db-user", admin))
                .isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("unit BKPSDM is not one of your units");
        assertThat(theirs).doesNotExist();
    }

    @Test
    void the_check_in_service_role_has_exactly_its_rights() throws SQLException {
        String service = "layanan" + suffix;
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE " + service + " LOGIN PASSWORD 'layanan-presensi-1' IN ROLE presensi_checkin"));
        try (Connection c = DriverManager.getConnection(db.settings().url(), service, "layanan-presensi-1")) {
            for (String table : relations("'r', 'p', 'v', 'm', 'f'")) {
                attempts++;
                boolean reads = bool(c, "SELECT has_table_privilege('" + table + "', 'SELECT')");
                boolean writes = bool(c, "SELECT has_table_privilege('" + table + "', 'INSERT') OR has_table_privilege('" + table
                        + "', 'UPDATE') OR has_table_privilege('" + table + "', 'DELETE') OR has_table_privilege('" + table + "', 'TRUNCATE')");
                assertThat(reads).as("service reads " + table).isEqualTo(SERVICE_READS.contains(table));
                assertThat(writes).as("service writes " + table).isEqualTo(SERVICE_WRITES.contains(table));
                if (reads || writes) {
                    confined++;
                } else {
                    refused++;
                }
            }
            refuse(c, "service: temporary table", "CREATE TEMP TABLE operator (name text)");
            refuse(c, "service: table in public", "CREATE TABLE public.x (a int)");
            refuse(c, "service: SET ROLE presensi_bkpsdm", "SET ROLE presensi_bkpsdm");
            refuse(c, "service: rewrite a check-in", "UPDATE checkin SET accepted = true");
            refuse(c, "service: delete check-ins", "DELETE FROM checkin");
            refuse(c, "service: read the audit trail", "SELECT * FROM audit_log");
            c.createStatement().execute("INSERT INTO audit_log (operator, command, entity, entity_key, after) VALUES ('budi.bkpsdm', 'x', 'device', 'z', '{}')");
            String recorded = db.database().jdbi().withHandle(h -> h.createQuery("SELECT operator FROM audit_log WHERE entity_key = 'z'").mapTo(String.class).one());
            confine("service: its audit rows carry its own name", recorded.equals(service));
        }
    }

    @Test
    void no_log_holds_a_password_code_or_token_even_after_a_failing_operator_add() throws Exception {
        String name = "gagal.admin" + suffix;
        String password = "Rahasia-Sekali-" + suffix;
        db.database().jdbi().useHandle(h -> h.execute("CREATE ROLE \"" + name + "\""));
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(cli.run("operator", "add", name, "--role", "bkpsdm", "--password-stdin")).isEqualTo(ExitCodes.FAILED);
        } finally {
            System.setIn(stdin);
        }
        assertThat(err.toString()).contains("already exists").doesNotContain(password);
        secrets.add(password);
        List<Path> logs = new ArrayList<>(List.of(db.home().resolve("postgres.log")));
        logFile().ifPresent(logs::add);
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                attempts++;
                assertThat(text).as(log + " holds a secret").doesNotContain(secret);
                refused++;
            }
        }
    }

    private static Optional<Path> logFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof FileAppender<?> file) {
                return Optional.of(Path.of(file.getFile()));
            }
        }
        return Optional.empty();
    }

    // --- helpers: every attack is counted as refused or confined ---

    private void refuse(String what, String sql) {
        refuse(attacker, what, sql);
    }

    private static void refuse(Connection c, String what, String sql) {
        attempts++;
        try (Statement s = c.createStatement()) {
            if (sql.startsWith("COPY") && sql.contains("STDIN")) {
                ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn(sql, new ByteArrayInputStream(new byte[0]));
            } else {
                s.execute(sql);
            }
        } catch (SQLException | IOException e) {
            refused++;
            return;
        }
        fail(what + " was allowed: " + sql);
    }

    /** A change that may be allowed by the grants but must touch no row (row-level security), rolled back. */
    private void changesNothing(String what, String sql) throws SQLException {
        attempts++;
        attacker.setAutoCommit(false);
        try (Statement s = attacker.createStatement()) {
            int changed = s.executeUpdate(sql);
            assertThat(changed).as(what).isZero();
            confined++;
        } catch (SQLException e) {
            refused++;
        } finally {
            attacker.rollback();
            attacker.setAutoCommit(true);
        }
    }

    private static void confine(String what, boolean heldToScope) {
        attempts++;
        assertThat(heldToScope).as(what).isTrue();
        confined++;
    }

    private void exec(String sql) throws SQLException {
        try (Statement s = attacker.createStatement()) {
            s.execute(sql);
        }
    }

    private String copyOut(String sql) throws SQLException {
        try {
            var buffer = new ByteArrayOutputStream();
            attacker.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }

    private Set<String> relations(String kinds) {
        return new LinkedHashSet<>(db.database().jdbi().withHandle(h -> h.createQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('public', 'import_stage') AND c.relkind IN (""" + kinds + """
                ) AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1""").mapTo(String.class).list()));
    }

    private List<String> schemas() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'")
                .mapTo(String.class).list());
    }

    /** A column the table's owner could update (not an identity or generated one), for no-op updates. */
    private String plainColumn(String table) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) AND attnum > 0
                           AND NOT attisdropped AND attidentity = '' AND attgenerated = '' ORDER BY attnum LIMIT 1""")
                .bind("t", "public." + table).mapTo(String.class).one());
    }

    private long ownerCount(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private String ownerText(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    private List<String> texts(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    private long[] ids(String sql) {
        return db.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).list()).stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] ids(Connection c, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static String array(long[] values) {
        return "{" + String.join(",", Arrays.stream(values).mapToObj(Long::toString).toList()) + "}";
    }

    private boolean bool(String sql) throws SQLException {
        return bool(attacker, sql);
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
