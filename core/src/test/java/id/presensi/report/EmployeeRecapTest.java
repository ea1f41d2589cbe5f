package id.presensi.report;

import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.checkin.PunchType;
import id.presensi.recap.EmployeeMonth;
import id.presensi.rules.RuleResolver;
import id.presensi.store.AttendanceStore;
import id.presensi.store.RulesLoader;
import id.presensi.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One employee's month (report monthly --explain, the phone's Riwayat) and the unit's recap are computed from one
 * basis: in September 2026 reconciled up to the 15th only, both count JHK from the calendar, not from the days so far.
 */
class EmployeeRecapTest {
    static final String CLERK = "199002282015121002";
    static final YearMonth SEPTEMBER = YearMonth.of(2026, 9);

    private final TestDatabase db = TestDatabase.get();

    @BeforeEach
    void a_clerk_reconciled_up_to_the_fifteenth() {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
        LocalDate from = SEPTEMBER.atDay(1);
        LocalDate to = SEPTEMBER.atDay(15);
        RulesLoader.Loaded clerk = new RulesLoader(db.database().jdbi()).load(CLERK, from.minusDays(1), to.plusDays(1));
        long unit = db.database().jdbi().withHandle(h -> h.createQuery("SELECT id FROM unit").mapTo(Long.class).one());
        List<AttendanceStore.Computed> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            // late on the 1st and the 11th, absent on the 5th and the 10th, else on time
            List<Punch> punches = day.getDayOfMonth() % 5 == 0 ? List.of()
                    : List.of(punch(day, 7, day.getDayOfMonth() % 10 == 1 ? 45 : 10, PunchType.IN),
                    punch(day, 16, 10, PunchType.OUT));
            days.add(new AttendanceStore.Computed(clerk.employeeId(), unit, clerk.rules().zone(),
                    AttendanceRule.decide(RuleResolver.plan(clerk.rules(), day), punches, StatusBands.DEFAULT)));
        }
        new AttendanceStore(db.database().jdbi()).replace(List.of(clerk.employeeId()), from, to, days);
    }

    @Test
    void the_explain_and_the_recap_agree_on_a_month_not_yet_finished() {
        EmployeeMonth explained = EmployeeRecap.of(db.database().jdbi(), SEPTEMBER, CLERK, Optional.empty()).byUnit().get("BKPSDM");
        List<EmployeeMonth> recapped = new ArrayList<>();
        new MonthlyRecap(db.database().jdbi(), SEPTEMBER, Optional.empty()).employees((u, m) -> recapped.add(m));

        assertThat(recapped).hasSize(1);
        assertThat(explained).isEqualTo(recapped.get(0));
        assertThat(explained.workingDays()).as("JHK of the whole of September from the calendar: 22 weekdays").isEqualTo(22);
        assertThat(explained.deductionPercent()).isPositive();
    }

    private static Punch punch(LocalDate day, int hour, int minute, PunchType type) {
        return new Punch(LocalDateTime.of(day, LocalTime.of(hour, minute)), Optional.of(type), false, false, false, Punch.Source.APP);
    }
}
