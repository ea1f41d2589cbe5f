package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PerSecondTest {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final PerSecond bound = new PerSecond(3, nanos::get);

    @Test
    void gives_so_many_a_second_and_as_many_again_the_next_second() {
        assertThat(IntStream.range(0, 5).mapToObj(i -> bound.tryTake())).containsExactly(true, true, true, false, false);
        nanos.addAndGet(999_000_000L);
        assertThat(bound.tryTake()).as("still the same second").isFalse();
        nanos.addAndGet(1_000_000L);
        assertThat(IntStream.range(0, 4).mapToObj(i -> bound.tryTake())).containsExactly(true, true, true, false);
    }
}
