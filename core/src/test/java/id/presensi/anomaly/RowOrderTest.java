package id.presensi.anomaly;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows come out ordered by their key columns as a stable sort orders them: negative keys before positive ones, keys
 * that differ only past their low half, keys every row shares, and rows given in any order (a subset of the month, as
 * the detectors sort the rows a filter kept).
 */
class RowOrderTest {
    @Test
    void rows_are_ordered_by_their_columns_as_a_stable_sort_orders_them() {
        Random random = new Random(19);
        int[][] spreads = {{Integer.MIN_VALUE, Integer.MAX_VALUE}, {-3, 3}, {65_530, 65_545}, {7, 7}};
        for (int[] spread : spreads) {
            int n = 20_000;
            int[] first = new int[n];
            int[] second = new int[n];
            for (int r = 0; r < n; r++) {
                first[r] = spread[0] + (int) (random.nextLong(Integer.toUnsignedLong(spread[1] - spread[0]) + 1));
                second[r] = random.nextInt(5) - 2;
            }
            int[] given = IntStream.range(0, n).filter(r -> r % 3 != 1).boxed().sorted(Comparator.comparingInt(r -> (r * 7919) % n))
                    .mapToInt(Integer::intValue).toArray();
            Integer[] expected = Arrays.stream(given).boxed().toArray(Integer[]::new);
            Arrays.sort(expected, Comparator.<Integer>comparingInt(r -> first[r]).thenComparingInt(r -> second[r]));
            assertThat(RowOrder.sort(given, first, second)).as("keys from %s to %s", spread[0], spread[1])
                    .containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
            assertThat(RowOrder.sort(given)).containsExactly(given).isNotSameAs(given);
        }
        assertThat(RowOrder.sort(new int[0], new int[0])).isEmpty();
    }
}
