package id.presensi.rules;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ResolvedDaysTest {

    /** Every quarter hour of a week around a night shift, a holiday and a weekend, in order and shuffled. */
    private static List<LocalDateTime> week(LocalDate from, boolean shuffled) {
        List<LocalDateTime> times = new ArrayList<>();
        for (LocalDateTime t = from.atStartOfDay(); t.isBefore(from.plusDays(7).atStartOfDay()); t = t.plusMinutes(15)) {
            times.add(t);
        }
        if (shuffled) {
            Collections.shuffle(times, new Random(7));
        }
        return times;
    }

    @Test
    void kept_dates_give_the_same_situation_as_resolving_each_time() {
        DayPool pool = DayPool.create();
        for (String who : List.of("office", "puskesmas", "nurse")) {
            for (boolean shuffled : new boolean[] {false, true}) {
                for (LocalDate from : List.of(LocalDate.of(2026, 8, 28), LocalDate.of(2026, 8, 14), LocalDate.of(2026, 4, 13))) {
                    PersonRules rules = RuleResolverTest.person(who);
                    ResolvedDays days = new ResolvedDays(rules, pool);
                    for (LocalDateTime t : week(from, shuffled)) {
                        assertThat(days.at(t)).as("%s at %s", who, t).isEqualTo(RuleResolver.at(rules, t));
                        assertThat(days.planAt(t)).as("%s at %s", who, t).isEqualTo(RuleResolver.planAt(rules, t));
                    }
                }
            }
        }
    }

    @Test
    void a_check_out_after_midnight_keeps_the_night_shift_of_the_day_before() {
        ResolvedDays nurse = ResolvedDays.of(RuleResolverTest.person("nurse"));

        assertThat(nurse.at(LocalDateTime.of(2026, 8, 31, 21, 30)).plan().date()).isEqualTo(LocalDate.of(2026, 8, 31));
        assertThat(nurse.at(LocalDateTime.of(2026, 9, 1, 6, 30)).plan().date()).isEqualTo(LocalDate.of(2026, 8, 31));
        assertThat(nurse.at(LocalDateTime.of(2026, 9, 1, 9, 1)).plan().date()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(nurse.at(LocalDateTime.of(2026, 9, 1, 6, 30)).plan().date()).as("asked again, from what was kept")
                .isEqualTo(LocalDate.of(2026, 8, 31));
    }

    @Test
    void people_with_the_same_date_share_one_resolved_day_and_rules_resolved_alone_share_nothing() {
        DayPool pool = DayPool.create();
        LocalDateTime monday = LocalDateTime.of(2026, 9, 14, 7, 15);

        RuleResolver.Situation first = new ResolvedDays(RuleResolverTest.person("office"), pool).at(monday);
        RuleResolver.Situation second = new ResolvedDays(RuleResolverTest.person("office"), pool).at(monday);

        assertThat(second.plan()).isSameAs(first.plan());
        assertThat(second.places()).isSameAs(first.places());
        RuleResolver.Situation alone = ResolvedDays.of(RuleResolverTest.person("office")).at(monday);
        assertThat(alone).isEqualTo(first);
        assertThat(alone.plan()).isNotSameAs(first.plan());
    }
}
