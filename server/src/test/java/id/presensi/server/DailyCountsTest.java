package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DailyCountsTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 14);

    @Test
    void a_phone_sending_more_than_the_answers_kept_finds_its_latest_answers_and_not_the_oldest() {
        DailyCounts counts = new DailyCounts();
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < DailyCounts.ANSWERS_KEPT + 5; i++) {
            UUID requestId = UUID.randomUUID();
            counts.add(7, TODAY);
            counts.answered(7, TODAY, requestId, new DailyCounts.Answer(201, "{\"n\":" + i + "}"));
            sent.add(requestId);
        }

        assertThat(counts.count(7, TODAY)).isEqualTo(DailyCounts.ANSWERS_KEPT + 5);
        assertThat(counts.answered(7, TODAY, sent.get(sent.size() - 1))).hasValueSatisfying(a -> assertThat(a.json()).isEqualTo("{\"n\":36}"));
        assertThat(counts.answered(7, TODAY, sent.get(5))).as("the oldest kept").isPresent();
        assertThat(counts.answered(7, TODAY, sent.get(4))).as("past the bound: answered from the database").isEmpty();
        assertThat(counts.answered(8, TODAY, sent.get(5))).as("another phone's").isEmpty();
    }

    @Test
    void an_answer_sent_again_keeps_the_first() {
        DailyCounts counts = new DailyCounts();
        UUID requestId = UUID.randomUUID();
        counts.add(7, TODAY);
        counts.answered(7, TODAY, requestId, new DailyCounts.Answer(201, "first"));
        counts.answered(7, TODAY, requestId, new DailyCounts.Answer(422, "second"));

        assertThat(counts.answered(7, TODAY, requestId)).contains(new DailyCounts.Answer(201, "first"));
    }
}
