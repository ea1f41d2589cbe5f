package id.presensi.anomaly;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A month keeps the punches of the staff in scope only, whether their ids are a sequence's or scattered. */
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
}
