package id.presensi.store;

import id.presensi.anomaly.AnomalyKind;
import id.presensi.anomaly.AnomalyThresholds;
import id.presensi.checkin.PunchType;
import id.presensi.checkin.RefusalReason;
import id.presensi.imports.ImportKind;
import id.presensi.operator.Role;
import id.presensi.staff.EndReason;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each enum whose words the database keeps and the CHECK constraint that lists them are one list, on the live schema
 * (after every migration), as StatusCodeMigrationTest holds it for the status codes: a word added on one side only
 * fails here, not on the first row that uses it.
 */
class TypedWordsMigrationTest {

    private final TestDatabase db = TestDatabase.get();

    @Test
    void import_run_accepts_exactly_the_import_kinds() {
        assertThat(allowed("import_run", "kind")).containsExactlyInAnyOrderElementsOf(names(ImportKind.values()));
    }

    @Test
    void checkin_accepts_exactly_the_refusal_reasons() {
        assertThat(allowed("checkin", "reason")).containsExactlyInAnyOrderElementsOf(names(RefusalReason.values()));
    }

    @Test
    void anomaly_signals_and_their_reviews_accept_exactly_the_anomaly_kinds() {
        assertThat(allowed("anomaly_signal", "kind")).containsExactlyInAnyOrderElementsOf(names(AnomalyKind.values()));
        assertThat(allowed("anomaly_review", "kind")).containsExactlyInAnyOrderElementsOf(names(AnomalyKind.values()));
    }

    @Test
    void checkins_and_requests_accept_exactly_the_punch_types() {
        assertThat(allowed("checkin", "type")).containsExactlyInAnyOrderElementsOf(names(PunchType.values()));
        assertThat(allowed("request", "punch_type")).containsExactlyInAnyOrderElementsOf(names(PunchType.values()));
    }

    @Test
    void operator_accepts_exactly_the_roles_and_each_role_is_a_group_of_the_database() {
        assertThat(allowed("operator", "role")).containsExactlyInAnyOrderElementsOf(names(Role.values()));
        for (Role role : Role.values()) {
            Optional<Boolean> groupWithoutLogin = db.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT NOT rolcanlogin FROM pg_roles WHERE rolname = :group").bind("group", role.group()).mapTo(Boolean.class).findOne());
            assertThat(groupWithoutLogin).as(role.group()).contains(true);
        }
    }

    @Test
    void an_ended_employment_accepts_exactly_the_end_reasons() {
        assertThat(allowed("employee", "end_reason")).containsExactlyInAnyOrderElementsOf(names(EndReason.values()));
    }

    @Test
    void every_anomaly_threshold_is_a_setting_the_database_accepts() {
        List<String> keys = words(constraint("setting", "key"), "'([a-z0-9_]+)'");
        for (AnomalyThresholds.Threshold t : AnomalyThresholds.Threshold.values()) {
            assertThat(keys).contains("anomaly_" + t.settingName());
        }
        assertThat(keys.stream().filter(k -> k.startsWith("anomaly_")))
                .containsExactlyInAnyOrderElementsOf(AnomalyThresholds.DEFAULTS.byName().keySet().stream().map(k -> "anomaly_" + k).toList());
    }

    /** The words of the table's one CHECK constraint of the form "column IN (...)". */
    private List<String> allowed(String table, String column) {
        return words(constraint(table, column), "'([A-Z0-9_]+)'");
    }

    private String constraint(String table, String column) {
        return db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT pg_get_constraintdef(oid) FROM pg_constraint
                         WHERE conrelid = CAST(:table AS regclass) AND contype = 'c'
                           AND pg_get_constraintdef(oid) LIKE 'CHECK ((' || :column || ' = ANY (ARRAY[%'""")
                .bind("table", table).bind("column", column).mapTo(String.class).one());
    }

    private static List<String> words(String definition, String quoted) {
        Matcher m = Pattern.compile(quoted).matcher(definition);
        List<String> words = new ArrayList<>();
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
