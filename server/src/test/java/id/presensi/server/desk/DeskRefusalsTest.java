package id.presensi.server.desk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sentence the migrations raise has its Indonesian for the desk: read from the migration files themselves,
 * so a new function's refusal fails here until it is said in Indonesian too.
 */
class DeskRefusalsTest {
    private static final Pattern RAISE = Pattern.compile("RAISE EXCEPTION\\s+'((?:[^']|'')*)'");

    @Test
    void every_sentence_a_migration_raises_is_said_in_indonesian_with_its_values() throws IOException {
        List<String> sentences = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("..", "sql"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).sorted().toList()) {
                Matcher m = RAISE.matcher(Files.readString(file));
                while (m.find()) {
                    sentences.add(m.group(1).replace("''", "'"));
                }
            }
        }
        assertThat(sentences).as("the migrations' refusals").hasSizeGreaterThan(25);
        List<String> untranslated = new ArrayList<>();
        for (String sentence : sentences) {
            // each % a value, as PostgreSQL fills them in: a number, a date, a name
            int[] n = {0};
            String raised = Pattern.compile("%").matcher(sentence).replaceAll(r -> "NILAI" + (++n[0]));
            var said = DeskRefusals.indonesian("ERROR: " + raised + "\n  Where: PL/pgSQL function x() line 4 at RAISE");
            if (said.isEmpty()) {
                untranslated.add(sentence);
                continue;
            }
            for (int i = 1; i <= n[0]; i++) {
                // the request's status is said in Indonesian words; a value V20 says as "none" too
                if (!sentence.startsWith("request") && !sentence.startsWith("a request is") && !sentence.startsWith("no employee #")) {
                    assertThat(said.get()).as(sentence).contains("NILAI" + i);
                }
            }
            assertThat(said.get()).as(sentence).doesNotContain("nobody").doesNotContain("cannot").doesNotContain("only");
        }
        assertThat(untranslated).as("refusals with no Indonesian in DeskRefusals").isEmpty();
    }

    @Test
    void values_are_kept_and_status_words_translated() {
        assertThat(DeskRefusals.indonesian("request #12 was already approved by rina.dinkes"))
                .contains("Permohonan #12 sudah disetujui oleh rina.dinkes.");
        assertThat(DeskRefusals.indonesian("an OPD admin reconciles only the days the nightly run reconciles again (2026-09-07 to 2026-09-14); "
                + "BKPSDM reconciles older days")).get().asString().contains("(2026-09-07 s.d. 2026-09-14)");
        assertThat(DeskRefusals.indonesian("something no migration says")).isEmpty();
        assertThat(DeskRefusals.byState("23505")).startsWith("Ditolak basis data: ").doesNotContain("duplicate");
    }
}
