package id.presensi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new operator met around a first month end: help text, discipline, phones, shifts and removals. */
class MonthEndCliTest extends CliTest {

    @BeforeEach
    void fresh() {
        db.reset();
    }

    @Test
    void the_discipline_help_prints_its_percent_sign_without_a_warning() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            assertThat(run("report", "discipline", "--help")).isEqualTo(ExitCodes.OK);
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
        assertThat(out.toString()).contains("(25 % for 6, 9 or 12 months");
    }
}
