package id.presensi.store;

import id.presensi.device.CodeHash;
import id.presensi.device.Secrets;
import id.presensi.request.RequestKind;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a stolen backup gives of an activation code, and what a hostile phone's free text becomes once stored. */
class SecretsAndFreeTextTest {
    private static final String NIP = "199002282015121002";

    private final TestDatabase db = TestDatabase.get();
    private final DeviceStore devices = new DeviceStore(db.database().jdbi());

    @BeforeEach
    void one_employee() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('DINSOS', 'Dinas Sosial')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Sri Wahyuni', id FROM unit", NIP);
        });
    }

    record Row(String scheme, byte[] salt, byte[] hash) {
    }

    private Row storedCode() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT code_hash_scheme, salt, code_hash FROM activation_code")
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getBytes(2), rs.getBytes(3))).one());
    }

    private String enroll() {
        return db.database().jdbi().inTransaction(h -> devices.enroll(h, new Audit("admin", "test"), NIP, Duration.ofHours(72), "admin").code());
    }

    @Test
    void a_backup_of_a_pending_code_yields_nothing_to_the_search_that_broke_the_salted_sha256() {
        String code = enroll();
        Row row = storedCode();

        assertThat(row.scheme()).isEqualTo(CodeHash.CURRENT).startsWith("argon2id$");
        assertThat(row.hash()).isNotEqualTo(Secrets.sha256(row.salt(), code)).isNotEqualTo(Secrets.sha256(code));
        assertThat(cheapSearch(row, code)).as("SHA-256 over every code sharing the first 6 characters finds nothing").isEmpty();

        var activated = devices.activate(NIP, code.toLowerCase(), "HP Sri", "10.0.0.1");
        assertThat(activated.token()).as("the code still activates its phone").isPresent();
    }

    @Test
    void a_code_hashed_the_old_way_still_activates_until_it_expires_but_none_is_issued_so() {
        String code = Secrets.newCode();
        byte[] salt = Secrets.newSalt();
        db.database().jdbi().useHandle(h -> {
            // as the row was before V22: the trigger that refuses new SHA-256 rows is bypassed the way a restore does
            h.execute("SET session_replication_role = replica");
            h.execute("""
                    INSERT INTO activation_code (employee_id, salt, code_hash, code_hash_scheme, expires_at, created_by)
                    SELECT id, ?, ?, 'sha256', now() + interval '1 day', 'admin' FROM employee""", salt, Secrets.sha256(salt, code));
            h.execute("SET session_replication_role = DEFAULT");
        });
        assertThat(cheapSearch(storedCode(), code)).as("the control: the cheap search does break an old row").contains(code);

        assertThat(devices.activate(NIP, code, "HP Sri", "10.0.0.1").token()).isPresent();

        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO activation_code (employee_id, salt, code_hash, code_hash_scheme, expires_at, created_by)
                SELECT id, '\\x00', '\\x00', 'sha256', now() + interval '1 day', 'admin' FROM employee""")))
                .hasMessageContaining("no longer hashed with SHA-256");
    }

    @Test
    void two_phones_sending_the_same_code_at_once_activate_one_device() throws Exception {
        String code = enroll();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.Callable<DeviceStore.Activation> phone = () -> devices.activate(NIP, code, "HP", "10.0.0.1");
            var answers = pool.invokeAll(java.util.Collections.nCopies(4, phone));
            long activated = 0;
            for (var a : answers) {
                activated += a.get().token().isPresent() ? 1 : 0;
            }
            assertThat(activated).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(devices.list(Optional.empty())).hasSize(1);
    }

    @Test
    void a_wrong_code_does_not_activate() {
        String code = enroll();
        String wrong = (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1);
        assertThat(devices.activate(NIP, wrong, "HP", "10.0.0.1").failure()).contains(DeviceStore.ActivationFailure.WRONG_CODE);
    }

    @Test
    void a_phones_device_name_and_reason_are_stored_without_control_characters() {
        String code = enroll();
        var activated = devices.activate(NIP, code, "\u001b[2JHP\rSri\n\u202Egnirts\u0007", "10.0.0.1");
        long deviceId = activated.deviceId().orElseThrow();
        assertThat(devices.list(Optional.empty())).extracting(DeviceStore.Listed::device).containsExactly("[2JHP Sri gnirts");
        String onlyControls = db.database().jdbi().inTransaction(h -> devices.enroll(h, new Audit("admin", "test"), NIP, Duration.ofHours(1), "admin").code());
        devices.activate(NIP, onlyControls, "\u001b\u001b", "10.0.0.1");
        assertThat(devices.list(Optional.empty())).extracting(DeviceStore.Listed::device)
                .as("a name of nothing else keeps visible marks, never empty").containsExactly("\uFFFD\uFFFD");

        RequestStore requests = new RequestStore(db.database().jdbi());
        long employee = activated.employeeId().orElseThrow();
        requests.submit(new RequestStore.Submission(UUID.randomUUID(), employee, deviceId, RequestKind.I, LocalDate.of(2026, 9, 14),
                LocalDate.of(2026, 9, 14), Optional.empty(), Optional.empty(), "sakit\r\nRequest #99 (APPROVED) \u001b[31mdisetujui", Optional.empty()), 3);
        assertThat(requests.list(Optional.empty(), Optional.empty())).extracting(RequestStore.Stored::reason)
                .containsExactly("sakit  Request #99 (APPROVED) [31mdisetujui");
    }

    @Test
    void an_unregistered_serial_is_stored_without_control_characters() {
        MachineStore machines = new MachineStore(db.database().jdbi());
        machines.sighted("AF4C\u001b[2J2113\r\n", "203.0.113.7", Instant.now());
        assertThat(machines.list(Optional.empty())).extracting(MachineStore.Listed::serial).containsExactly("AF4C[2J2113");
    }

    /** What broke the old hash in 21 s: every code sharing the known start, through the salted and the bare SHA-256. */
    private static Optional<String> cheapSearch(Row row, String code) {
        String alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        String known = code.substring(0, 6);
        for (char a : alphabet.toCharArray()) {
            for (char b : alphabet.toCharArray()) {
                String guess = known + a + b;
                if (Arrays.equals(row.hash(), Secrets.sha256(row.salt(), guess)) || Arrays.equals(row.hash(), Secrets.sha256(guess))) {
                    return Optional.of(guess);
                }
            }
        }
        return Optional.empty();
    }
}
