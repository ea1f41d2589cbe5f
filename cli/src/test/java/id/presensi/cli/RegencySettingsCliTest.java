package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The regency's own settings through their commands: GPS accuracy (policy accuracy), name and city (config). */
class RegencySettingsCliTest extends CliTest {

    @BeforeEach
    void a_new_regency() {
        db.reset();
    }

    @Test
    void the_accuracy_is_the_default_until_set_and_setting_it_again_changes_nothing() {
        ok("policy", "accuracy");
        assertThat(out.toString()).contains("GPS accuracy must be 100 m or better.");

        ok("policy", "accuracy", "50");
        ok("policy", "accuracy", "50");

        assertThat(out.toString()).endsWith("GPS accuracy must be 50 m or better." + System.lineSeparator());
        assertThat(setting("max_accuracy_m")).isEqualTo("50");
        assertThat(auditRows("max_accuracy_m")).as("the second time wrote nothing").isEqualTo(1);
    }

    @Test
    void the_regency_name_and_city_are_shown_as_set() {
        ok("config", "set", "regency", "Kabupaten Paser");
        ok("config", "show");

        assertThat(out.toString()).contains("regency  Kabupaten Paser").contains("city     (not set: Paser is used)");
    }

    private String setting(String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT value FROM setting WHERE key = :key")
                .bind("key", key).mapTo(String.class).one());
    }

    private int auditRows(String key) {
        return db.database().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_log WHERE entity_key = :key")
                .bind("key", key).mapTo(Integer.class).one());
    }
}
