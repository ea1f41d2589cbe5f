package id.presensi.store;

import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The listings of LocationStore, mapped from their columns onto the records. */
class LocationStoreTest {
    private final TestDatabase db = TestDatabase.get();
    private final LocationStore store = new LocationStore(db.database().jdbi());
    private final Audit audit = new Audit("budi.bkpsdm", "test");

    @BeforeEach
    void a_hospital_with_a_location_and_a_clinic_without() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('RSUD', 'RSUD Panglima Sebaya'), ('PKM-LS', 'Puskesmas Long Ikis')");
            h.execute("""
                    INSERT INTO employee (type, nip, name, unit_id)
                    SELECT 'PNS', '19850315201001200' || g, 'Pegawai ' || g, (SELECT id FROM unit WHERE code = CASE WHEN g <= 2 THEN 'RSUD' ELSE 'PKM-LS' END)
                      FROM generate_series(1, 5) g""");
            store.upsert(h, audit, new LocationStore.Location("RSUD", "Gedung Utama", -1.8912, 116.2101, 150));
        });
    }

    @Test
    void a_unit_with_staff_and_nowhere_to_check_in_is_listed_with_its_staff() {
        assertThat(store.unitsWithoutLocation()).containsExactly(new LocationStore.Unplaced("PKM-LS", 3));
    }

    @Test
    void an_allowance_is_listed_by_both_units_codes_and_places_the_clinic() {
        db.database().jdbi().useHandle(h -> store.allow(h, audit, "PKM-LS", "RSUD"));

        assertThat(store.allowances(Optional.empty())).containsExactly(new LocationStore.Allowance("PKM-LS", "RSUD"));
        assertThat(store.allowances(Optional.of("rsud"))).hasSize(1);
        assertThat(store.unitsWithoutLocation()).isEmpty();
    }
}
