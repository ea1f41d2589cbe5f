package id.presensi.store;

import id.presensi.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A signal names an employee who exists, and an employee with signals stays (V45 checks it once a statement, in
 * place of the foreign key that looked up and locked the employee for every signal row).
 */
class AnomalySignalEmployeesTest {
    private final TestDatabase db = TestDatabase.get();
    private long andi;
    private long budi;

    @BeforeEach
    void two_employees_one_with_a_signal() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            andi = h.createQuery("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121002', 'Andi', id FROM unit RETURNING id")
                    .mapTo(Long.class).one();
            budi = h.createQuery("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', '199002282015121003', 'Budi', id FROM unit RETURNING id")
                    .mapTo(Long.class).one();
            signal(h, andi);
        });
    }

    private static void signal(Handle h, long employee) {
        h.execute("""
                INSERT INTO anomaly_signal (employee_id, work_date, kind, strength, message, evidence)
                VALUES (?, '2026-09-14', 'ON_CENTRE', 1, 'Tepat di titik pusat.', '{"points": []}')""", employee);
    }

    private long signals() {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM anomaly_signal").mapTo(Long.class).one());
    }

    @Test
    void a_signal_of_nobody_is_refused_inserted_or_moved_and_nothing_is_written() {
        assertThatThrownBy(() -> db.database().jdbi().useTransaction(h -> {
            signal(h, budi);
            signal(h, budi + 1000);
        })).hasMessageContaining("a titip-absen signal names an employee who does not exist");
        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("UPDATE anomaly_signal SET employee_id = employee_id + 1000")))
                .hasMessageContaining("a titip-absen signal names an employee who does not exist");
        assertThat(signals()).isEqualTo(1);

        db.database().jdbi().useHandle(h -> signal(h, budi));
        assertThat(signals()).isEqualTo(2);
    }

    @Test
    void an_employee_with_signals_is_neither_deleted_nor_given_another_id_one_without_is() {
        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("DELETE FROM employee")))
                .hasMessageContaining("an employee with titip-absen signals cannot be deleted or given another id");
        assertThatThrownBy(() -> db.database().jdbi().useHandle(h -> h.execute("UPDATE employee SET id = DEFAULT WHERE id = ?", andi)))
                .hasMessageContaining("an employee with titip-absen signals cannot be deleted or given another id");

        db.database().jdbi().useHandle(h -> {
            long moved = h.createQuery("UPDATE employee SET id = DEFAULT WHERE id = ? RETURNING id").bind(0, budi).mapTo(Long.class).one();
            h.execute("DELETE FROM employee WHERE id = ?", moved);
        });
        List<Long> left = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM employee").mapTo(Long.class).list());
        assertThat(left).containsExactly(andi);
        assertThat(signals()).isEqualTo(1);
    }
}
