package id.presensi.anomaly;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A month keeps the punches of the staff in scope only, whether their ids are a sequence's or scattered; its columns,
 * read in blocks and then made one array each, hold every punch as it came, whatever the count.
 */
class MonthPunchesTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Makassar");

    @Test
    void punches_of_staff_out_of_scope_are_left_out_with_dense_and_with_scattered_ids() {
        long[][] staffIds = {{5, 7, 9}, {5, 9, 3_000_000_000L}, {Long.MIN_VALUE + 1, 0, Long.MAX_VALUE - 1}, LongStream.range(100, 2_100).toArray()};
        for (long[] ids : staffIds) {
            MonthPunches month = new MonthPunches(LocalDate.of(2026, 8, 2),
                    LongStream.of(ids).mapToObj(id -> new MonthPunches.Staff(id, "K" + id, ZONE)).toList(), List.of());
            long[] probes = {ids[0], ids[1], ids[ids.length - 1], ids[0] - 1, ids[0] + 1, ids[ids.length - 1] + 1, -1, 0, Long.MIN_VALUE,
                             Long.MAX_VALUE};
            for (long id : probes) {
                month.addCheckIn(id, 30, 1_788_000_000_000_000L, true, -1_900_000, 116_200_000, null, null);
                month.addMachinePunch(id, 30, 1_788_000_000_000_000L, "Mesin", -1_900_000, 116_200_000);
            }
            long inScope = LongStream.of(probes).filter(id -> LongStream.of(ids).anyMatch(staffId -> staffId == id)).count();
            assertThat(month.size()).as("ids %s", ids.length).isEqualTo(2 * inScope);
            month.name(new float[0], List.of(), List.of());
            month.complete();
            assertThat(month.staff(month.staffOf(0)).id()).isEqualTo(ids[0]);
            assertThatThrownBy(() -> month.addCheckIn(ids[0], 30, 0, true, 0, 0, null, null)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void every_punch_is_read_back_as_it_came_at_the_sizes_around_the_columns_blocks() {
        // a block holds 32,768 punches, and the first table of blocks sixteen of them
        for (int n : new int[] {0, 1, 32_767, 32_768, 32_769, 65_535, 65_536, 65_537, 16 * 32_768, 16 * 32_768 + 1}) {
            List<MonthPunches.Staff> staff = LongStream.range(1, 8).mapToObj(id -> new MonthPunches.Staff(id, "K" + id, ZONE)).toList();
            MonthPunches month = new MonthPunches(LocalDate.of(2026, 8, 2), staff, List.of());
            for (int i = 0; i < n; i++) {
                if (i % 5 == 4) {
                    month.addMachinePunch(1 + i % 7, i % 60, 1_788_000_000_000_000L + i * 1_000_003L, "Mesin", -i, i);
                } else {
                    month.addCheckIn(1 + i % 7, i % 60, 1_788_000_000_000_000L + i * 1_000_003L, i % 2 == 0, -i, i % 3 == 0 ? MonthPunches.NONE : i,
                            null, null);
                }
            }
            month.name(new float[0], List.of(), List.of());
            month.complete();
            month.complete(); // as the ranked text order's second run of the detectors does
            assertThat(month.size()).isEqualTo(n);
            assertThat(month.staffColumn()).hasSize(n);
            int wrong = 0;
            for (int i = 0; i < n; i++) {
                boolean machine = i % 5 == 4;
                boolean same = month.staff(month.staffOf(i)).id() == 1 + i % 7 && month.day(i) == i % 60
                               && month.at(i) == 1_788_000_000_000_000L + i * 1_000_003L && month.fromMachine(i) == machine
                               && month.latitude(i) == -i && month.longitude(i) == (!machine && i % 3 == 0 ? MonthPunches.NONE : i)
                               && (machine || month.arriving(i) == (i % 2 == 0) && month.accuracy(i) == MonthPunches.NONE
                                              && month.address(i) == MonthPunches.NONE);
                wrong += same ? 0 : 1;
            }
            assertThat(wrong).as("punches not read back as they came, of %s", n).isZero();
        }
    }
}
