package id.presensi.store;

import id.presensi.attendance.StatusCode;
import id.presensi.rules.LeaveType;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The status codes in Java and the codes the attendance table accepts are one list. */
class StatusCodeMigrationTest {

    private final TestDatabase db = TestDatabase.get();

    @Test
    void the_attendance_check_constraint_accepts_exactly_the_status_codes() {
        String definition = db.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT pg_get_constraintdef(oid) FROM pg_constraint
                         WHERE conrelid = 'attendance'::regclass AND conname = 'attendance_codes_check'""")
                .mapTo(String.class).one());
        List<String> allowed = quoted(definition.substring(definition.indexOf("ARRAY[")));

        assertThat(allowed).containsExactlyElementsOf(Arrays.stream(StatusCode.values()).map(StatusCode::name).toList());
    }

    @Test
    void every_leave_type_is_a_status_code_of_kind_leave() {
        for (LeaveType type : LeaveType.values()) {
            assertThat(StatusCode.of(type).kind()).isEqualTo(StatusCode.Kind.LEAVE);
        }
        assertThat(Arrays.stream(StatusCode.values()).filter(c -> c.kind() == StatusCode.Kind.LEAVE).map(StatusCode::name))
                .containsExactlyElementsOf(Arrays.stream(LeaveType.values()).map(LeaveType::name).toList());
    }

    private static List<String> quoted(String text) {
        Matcher m = Pattern.compile("'([A-Z0-9]+)'").matcher(text);
        List<String> codes = new ArrayList<>();
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
