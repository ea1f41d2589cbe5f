package id.presensi.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox's pace, on a clock the test moves (no real waiting, nothing timed). */
class SendPaceTest {

    @Test
    void a_regencys_reminders_are_spread_to_be_gone_50_seconds_after_they_fell_due() {
        assertThat(SendPace.rate(8_630, Duration.ZERO)).as("8,630 due now: over 50 s").isCloseTo(172.6, org.assertj.core.data.Offset.offset(0.1));
        assertThat(SendPace.rate(4_315, Duration.ofSeconds(25))).as("half gone halfway: the same rate").isCloseTo(172.6, org.assertj.core.data.Offset.offset(0.1));
        assertThat(SendPace.rate(3, Duration.ZERO)).as("a few go at the floor rate").isEqualTo(SendPace.FLOOR);
        assertThat(SendPace.rate(500, Duration.ofMinutes(5))).as("late: within a second").isEqualTo(500);
    }

    @Test
    void sends_go_one_interval_apart_after_a_burst_of_at_most_the_floor() throws InterruptedException {
        long[] now = {1_000_000_000L};
        List<Long> turns = new ArrayList<>();
        SendPace pace = new SendPace(() -> now[0], until -> {
            turns.add(until);
            now[0] = Math.max(now[0], until);
        });
        now[0] += 10_000_000_000L; // idle for 10 s: the bucket holds FLOOR sends, not 10 s worth
        assertThat(pace.plan(1_000, Duration.ofSeconds(45))).as("1,000 left with 5 s to go: 200/s, a second's worth").isEqualTo(200);
        long start = now[0];
        for (int i = 0; i < 220; i++) {
            pace.acquire();
        }
        long interval = 1_000_000_000L / 200;
        assertThat(turns.subList(0, 20)).as("the burst: due at once (in the past)").allMatch(t -> t <= start);
        assertThat(turns.get(219) - start).as("then one every 5 ms").isEqualTo(200L * interval - interval);
        for (int i = 21; i < 220; i++) {
            assertThat(turns.get(i) - turns.get(i - 1)).isEqualTo(interval);
        }
    }
}
