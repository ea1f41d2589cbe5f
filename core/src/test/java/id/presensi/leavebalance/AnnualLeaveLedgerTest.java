package id.presensi.leavebalance;

import id.presensi.leavebalance.AnnualLeaveLedger.YearFacts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Written cases of the cuti tahunan ledger (PP 11/2017 Pasal 313), worked by hand in each comment. */
class AnnualLeaveLedgerTest {

    private static YearFacts year(int year, int entitlement, int cutiBersama, int taken) {
        return new YearFacts(year, entitlement, Optional.empty(), cutiBersama, taken);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // 2025: 12 - 3 taken = 9 left; 2026: 12 + 6 carried (18 at most in all, ayat 1) - 4 = 14
                arguments("leave across a year end, carry-over capped at 6", List.of(year(2025, 12, 0, 3), year(2026, 12, 0, 4)),
                        List.of(9, 14), List.of(0, 6)),
                // 2025: 12 - 10 = 2 left; 2026: 12 + 2 - 0 = 14
                arguments("a small remainder carries over whole", List.of(year(2025, 12, 0, 10), year(2026, 12, 0, 0)),
                        List.of(2, 14), List.of(0, 2)),
                // 2024 and 2025 without cuti tahunan (ayat 2): 2024: 12; 2025: 12 + 6 = 18; 2026: 12 + min(18, 24 - 12) = 24
                arguments("two years unused: up to 24", List.of(year(2024, 12, 0, 0), year(2025, 12, 0, 0), year(2026, 12, 0, 2)),
                        List.of(12, 18, 22), List.of(0, 6, 12)),
                // an opening balance of 15 for 2025 (the regency's figure): 15 - 5 = 10; 2026: 12 + 6 - 0 = 18
                arguments("an opening balance stands for entitlement and carry-over",
                        List.of(new YearFacts(2025, 12, Optional.of(15), 0, 5), year(2026, 12, 0, 0)), List.of(10, 18), List.of(0, 6)),
                // cuti bersama for a PNS: 12 - 8 cuti bersama - 2 = 2 left, carried whole: 12 + 2 = 14
                arguments("cuti bersama deducted for a PNS", List.of(year(2025, 12, 8, 2), year(2026, 12, 0, 0)), List.of(2, 14),
                        List.of(0, 2)),
                // a PTT has no entitlement and no cuti bersama charge (the use case passes 0 for both): 0 and 0
                arguments("a PTT: nothing to deduct from", List.of(year(2025, 0, 0, 0), year(2026, 0, 0, 0)), List.of(0, 0),
                        List.of(0, 0)),
                // more taken than there was: -2, and nothing negative carries over: 12 + 0
                arguments("overdrawn: nothing carried", List.of(year(2025, 12, 0, 14), year(2026, 12, 0, 0)), List.of(-2, 12),
                        List.of(0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_written_cases(String name, List<YearFacts> years, List<Integer> remaining, List<Integer> carried) {
        List<AnnualLeaveLedger.Year> ledger = AnnualLeaveLedger.of(years);
        assertThat(ledger).extracting(AnnualLeaveLedger.Year::remaining).containsExactlyElementsOf(remaining);
        assertThat(ledger).extracting(AnnualLeaveLedger.Year::carriedOver).containsExactlyElementsOf(carried);
    }
}
