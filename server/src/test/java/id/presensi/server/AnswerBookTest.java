package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerBookTest {
    private final AnswerBook book = new AnswerBook();

    @Test
    void an_answer_is_given_back_as_kept_to_its_owner_only_and_the_first_one_stands() {
        UUID id = UUID.randomUUID();
        book.put(7, id, 201, "{\"message\":\"Presensi masuk tercatat pukul 07:15 WITA — terima kasih\"}");
        book.put(7, id, 422, "{\"message\":\"kedua\"}");

        assertThat(book.get(7, id)).contains(new DailyCounts.Answer(201, "{\"message\":\"Presensi masuk tercatat pukul 07:15 WITA — terima kasih\"}"));
        assertThat(book.get(8, id)).isEmpty();
        assertThat(book.get(7, UUID.randomUUID())).isEmpty();
    }

    @Test
    void the_nil_uuid_and_an_owner_zero_are_answers_like_any_other() {
        UUID nil = new UUID(0, 0);
        assertThat(book.get(0, nil)).isEmpty();
        book.put(0, nil, 201, "");
        assertThat(book.get(0, nil)).contains(new DailyCounts.Answer(201, ""));
    }

    @Test
    void a_morning_of_answers_across_growing_tables_and_chunks_and_one_larger_than_a_chunk_all_come_back() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            book.put(i % 2_000, id, i % 3 == 0 ? 422 : 201, "{\"n\":" + i + "}");
        }
        String large = "x".repeat(3 << 20);
        UUID largeId = UUID.randomUUID();
        book.put(1, largeId, 201, large);

        for (int i = 0; i < ids.size(); i++) {
            assertThat(book.get(i % 2_000, ids.get(i))).contains(new DailyCounts.Answer(i % 3 == 0 ? 422 : 201, "{\"n\":" + i + "}"));
        }
        assertThat(book.get(1, largeId).orElseThrow().json()).isEqualTo(large);
    }

    @Test
    void request_ids_a_phone_chose_to_differ_in_a_few_bits_spread_over_the_stripes_and_slots() {
        Set<Long> slots = new HashSet<>();
        Set<Long> stripes = new HashSet<>();
        for (long i = 0; i < 1_000; i++) {
            long hash = AnswerBook.hash(7, 0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | i << 50);
            slots.add(hash & 0xFFFF);
            stripes.add(hash >>> 60);
        }
        assertThat(slots).hasSizeGreaterThan(950); // 1,000 keys in 65,536 slots: a few meet by chance, not a chain
        assertThat(stripes).hasSize(16);
    }

    @Test
    void threads_keeping_and_reading_at_once_each_find_their_own_answers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long owner = t;
                found.add(threads.submit(() -> {
                    int right = 0;
                    for (int i = 0; i < 5_000; i++) {
                        UUID id = UUID.randomUUID();
                        String json = owner + ":" + i;
                        book.put(owner, id, 201, json);
                        right += book.get(owner, id).map(DailyCounts.Answer::json).filter(json::equals).isPresent() ? 1 : 0;
                    }
                    return right;
                }));
            }
            for (Future<Integer> f : found) {
                assertThat(f.get()).isEqualTo(5_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
