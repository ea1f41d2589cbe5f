package id.presensi.overtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import org.junit.jupiter.params.provider.Arguments;

/**
 * Written cases: an order (SPL) for 3 hours, worked 2 h 40 m, then a day worked 4 hours against the same order,
 * under the rule file's caps. The tariff is golongan III of docs/lembur/tarif-lembur-contoh.csv (PMK 49/2023):
 * Rp30.000 per full hour, Rp37.000 meal allowance from 2 hours.
 */
class OvertimeRuleTest {
    private static final OvertimeTariff GOL_III = new OvertimeTariff(LocalDate.of(2026, 1, 1), Golongan.III, 30_000, 37_000, 120,
            "PMK 49/2023");

    /** Office day ends 16:00 WITA (08:00Z); punches at the given local times. */
    private static OvertimeRule.OrderedDay day(int dayOfMonth, long orderedHours, String... lastPunches) {
        Instant end = Instant.parse(String.format("2026-09-%02dT08:00:00Z", dayOfMonth));
        List<Instant> punches = Stream.concat(Stream.of(end.minus(Duration.ofHours(8).plusMinutes(30))),
                Stream.of(lastPunches).map(t -> end.plus(Duration.between(java.time.LocalTime.of(16, 0), java.time.LocalTime.parse(t))))).toList();
        return new OvertimeRule.OrderedDay(LocalDate.of(2026, 9, dayOfMonth), orderedHours * 60, Optional.of(end), punches);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // ordered 3 h, left at 18:40: 2 h 40 m counted; paid 2 full hours (60.000) and the meal (37.000): 97.000
                arguments("ordered 3 h, worked 2 h 40 m", List.of(day(7, 3, "18:40")), OvertimeRule.Caps.NONE,
                        List.of(160L), List.of(97_000L)),
                // ordered 3 h, left at 20:00: 4 h worked, the order caps it at 3 h: 90.000 + 37.000
                arguments("ordered 3 h, worked 4 h: the order caps", List.of(day(8, 3, "20:00")), OvertimeRule.Caps.NONE,
                        List.of(180L), List.of(127_000L)),
                // ordered 4 h, worked 4 h, the rule file allows 3 h a day (lembur_maks_jam_hari: 3)
                arguments("ordered 4 h, worked 4 h, 3 h a day at most", List.of(day(8, 4, "20:00")),
                        new OvertimeRule.Caps(Optional.of(Duration.ofHours(3)), Optional.empty()), List.of(180L), List.of(127_000L)),
                // both days in one month under lembur_maks_jam_bulan: 5: 2 h 40 m, then 2 h 20 m of the 3 h (later day gives way)
                arguments("the month's cap trims the later day", List.of(day(8, 3, "20:00"), day(7, 3, "18:40")),
                        new OvertimeRule.Caps(Optional.empty(), Optional.of(Duration.ofHours(5))), List.of(160L, 140L),
                        List.of(97_000L, 97_000L)),
                // a punch before the end only: nothing after the day's end, nothing paid, no meal
                arguments("left on time", List.of(day(9, 3, "15:59")), OvertimeRule.Caps.NONE, List.of(0L), List.of(0L)),
                // 1 h 50 m: one full hour, and no meal (under 2 hours)
                arguments("1 h 50 m: no meal allowance", List.of(day(10, 3, "17:50")), OvertimeRule.Caps.NONE, List.of(110L),
                        List.of(30_000L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void counts_and_pays_the_written_cases(String name, List<OvertimeRule.OrderedDay> days, OvertimeRule.Caps caps, List<Long> countedMin,
                                           List<Long> pay) {
        List<OvertimeRule.CountedDay> counted = OvertimeRule.month(days, caps);
        assertThat(counted).extracting(OvertimeRule.CountedDay::countedMin).containsExactlyElementsOf(countedMin);
        assertThat(counted.stream().map(d -> GOL_III.pay(d.countedMin())).toList()).containsExactlyElementsOf(pay);
    }

    @ParameterizedTest(name = "golongan \"{0}\"")
    @MethodSource("grades")
    void reads_the_golongan_as_spls_write_it(String text, Optional<Golongan> expected) {
        assertThat(Golongan.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> grades() {
        return Stream.of(arguments("III/a", Optional.of(Golongan.III)), arguments("iv/b", Optional.of(Golongan.IV)),
                arguments("2", Optional.of(Golongan.II)), arguments("3c", Optional.of(Golongan.III)), arguments("I", Optional.of(Golongan.I)),
                arguments("V", Optional.empty()), arguments("", Optional.empty()));
    }

    @org.junit.jupiter.api.Test
    void a_day_off_counts_from_the_first_punch_to_the_last() {
        Instant in = Instant.parse("2026-09-13T01:00:00Z");
        assertThat(OvertimeRule.workedMin(Optional.empty(), List.of(in.plus(Duration.ofMinutes(150)), in))).isEqualTo(150);
        assertThat(OvertimeRule.workedMin(Optional.empty(), List.of())).isZero();
    }
}
