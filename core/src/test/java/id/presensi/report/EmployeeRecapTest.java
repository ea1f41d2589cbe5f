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

import java.io.IOException;
import java.io.StringWriter;
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

    /**
     * The recap reads each record's yes-or-no facts packed into one number, --explain reads them a column each: a
     * month with every fact (a corrected day, no check-in, no check-out, time stayed after the end, a cuti bersama day
     * off) gives the same month both ways.
     */
    @Test
    void the_explain_and_the_recap_read_every_fact_of_a_record_alike() throws IOException {
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO holiday (day, description, kind) VALUES ('2026-09-07', 'Cuti bersama', 'CUTI_BERSAMA')");
            h.execute("""
                    UPDATE attendance SET day_off = 'HOLIDAY', expected_start = NULL, expected_end = NULL, first_in = NULL, last_out = NULL,
                                          late_min = 0, early_min = 0, codes = ARRAY['LIBUR'] WHERE work_date = '2026-09-07'""");
            h.execute("UPDATE attendance SET flags = ARRAY['CORRECTED'] WHERE work_date = '2026-09-02'");
            h.execute("UPDATE attendance SET first_in = NULL, codes = ARRAY['TL4'] WHERE work_date = '2026-09-03'");
            h.execute("UPDATE attendance SET last_out = NULL, codes = ARRAY['PSW4'] WHERE work_date = '2026-09-04'");
            h.execute("UPDATE attendance SET last_out = expected_end + interval '50 minutes' WHERE work_date = '2026-09-11'");
        });
        EmployeeMonth explained = EmployeeRecap.of(db.database().jdbi(), SEPTEMBER, CLERK, Optional.empty()).byUnit().get("BKPSDM");
        List<EmployeeMonth> recapped = new ArrayList<>();
        new MonthlyRecap(db.database().jdbi(), SEPTEMBER, Optional.empty()).employees((u, m) -> recapped.add(m));

        assertThat(recapped).containsExactly(explained);
        assertThat(explained.correctedDays()).isEqualTo(1);
        assertThat(explained.cutiBersamaDays()).isEqualTo(1);
        assertThat(explained.deductionLines()).extracting(l -> l.what())
                .anyMatch(w -> w.contains("tidak presensi masuk")).anyMatch(w -> w.contains("tidak presensi pulang"));
        StringWriter csv = new StringWriter();
        new MonthlyRecap(db.database().jdbi(), SEPTEMBER, Optional.empty()).writeCsv(csv, ',');
        assertThat(csv.toString().lines().skip(1)).singleElement().asString()
                .endsWith("," + explained.deductionPercent().toPlainString()).contains(CLERK);
    }

    private static Punch punch(LocalDate day, int hour, int minute, PunchType type) {
        return new Punch(LocalDateTime.of(day, LocalTime.of(hour, minute)), Optional.of(type), false, false, false, Punch.Source.APP);
    }
}
