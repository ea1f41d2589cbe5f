package id.presensi.report;

import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.Flag;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode;
import id.presensi.rules.DayPlan;
import id.presensi.rules.Expected;
import id.presensi.rules.RuleResolver;
import id.presensi.store.CheckInStore;
import id.presensi.store.RulesLoader;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Today as it stands, for the desk's "Hari ini": every employee the connection sees (row-level security decides
 * who), their day computed now by the same rule the nightly reconciliation applies to the same punches, and the
 * groups an admin counts. Nothing is written: the board reads, so any number of admins may refresh it.
 */
public final class DayBoard {

    /** The groups of the board; one person may be in several (late and already gone home). */
    public enum Group {
        SUDAH_MASUK("Sudah masuk"), TERLAMBAT("Terlambat"), BELUM_PRESENSI("Belum presensi"), SHIFT_NANTI("Shift nanti"),
        SUDAH_PULANG("Sudah pulang"), IZIN_CUTI_DL("Izin, cuti, DL"), WFA("WFA"), LIBUR("Libur");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One employee's day on the board; times local to their unit. */
    public record Person(String key, String name, String unitCode, LocalDate workDate, List<String> codes, Optional<String> shiftCode,
                         Optional<LocalDateTime> expectedStart, Optional<LocalDateTime> firstIn, Optional<LocalDateTime> lastOut,
                         long lateMin, String explanation, Set<Group> groups) {
    }

    public record Board(Instant at, Map<Group, Long> counts, List<Person> people) {
    }

    private DayBoard() {
    }

    /** The board of the units under {@code unitCode} (empty: everyone the connection sees) at {@code now}. */
    public static Board at(Jdbi jdbi, Instant now, Optional<String> unitCode, StatusBands bands) {
        // a day either side: zones differ by an hour or two, and a night shift started yesterday is still today's work
        LocalDate around = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Map<Long, RulesLoader.Loaded> inScope = new RulesLoader(jdbi).loadAll(around.minusDays(2), around.plusDays(1), unitCode);
        Map<Long, DayPlan> plans = new HashMap<>();
        List<CheckInStore.DayWindows> days = new ArrayList<>();
        inScope.forEach((id, loaded) -> {
            DayPlan plan = RuleResolver.planAt(loaded.rules(), LocalDateTime.ofInstant(now, loaded.rules().zone()));
            if (plan.dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
                return;
            }
            plans.put(id, plan);
            days.add(new CheckInStore.DayWindows(id, plan.date(), loaded.rules().zone(), plan.expected().map(Expected::checkIn),
                    plan.expected().map(Expected::checkOut)));
        });
        // only the punches the rule counts (at most two a person), picked by the database
        Map<Long, List<Punch>> punches = new CheckInStore(jdbi).counted(days);
        List<Person> people = new ArrayList<>();
        Map<Group, Long> counts = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            counts.put(g, 0L);
        }
        plans.forEach((id, plan) -> {
            RulesLoader.Loaded loaded = inScope.get(id);
            LocalDateTime local = LocalDateTime.ofInstant(now, loaded.rules().zone());
            DailyAttendance day = AttendanceRule.decide(plan, punches.getOrDefault(id, List.of()), bands, Optional.of(local));
            Set<Group> groups = groups(day, local);
            groups.forEach(g -> counts.merge(g, 1L, Long::sum));
            people.add(new Person(loaded.key(), loaded.name(), loaded.rules().unitCode(), day.workDate(), day.codes(), day.shiftCode(),
                    day.expectedStart(), day.firstIn(), day.lastOut(), day.lateMin(), day.explanation(), groups));
        });
        people.sort(Comparator.comparing(Person::unitCode).thenComparing(Person::name).thenComparing(Person::key));
        return new Board(now, counts, people);
    }

    static Set<Group> groups(DailyAttendance day, LocalDateTime now) {
        Set<Group> groups = EnumSet.noneOf(Group.class);
        boolean leave = day.codes().stream().map(StatusCode::parse).flatMap(Optional::stream).anyMatch(c -> c.kind() == StatusCode.Kind.LEAVE);
        if (day.dayOff().isPresent()) {
            groups.add(Group.LIBUR);
        } else if (leave) {
            groups.add(Group.IZIN_CUTI_DL);
        } else if (day.firstIn().isEmpty() && day.shiftCode().isPresent() && day.expectedStart().filter(now::isBefore).isPresent()) {
            groups.add(Group.SHIFT_NANTI);
        } else if (day.firstIn().isEmpty()) {
            groups.add(Group.BELUM_PRESENSI);
        }
        day.firstIn().ifPresent(t -> groups.add(Group.SUDAH_MASUK));
        if (day.lateMin() > 0) {
            groups.add(Group.TERLAMBAT);
        }
        day.lastOut().ifPresent(t -> groups.add(Group.SUDAH_PULANG));
        if (day.flags().contains(Flag.WORK_FROM_ANYWHERE) || day.flags().contains(Flag.WORK_FROM_HOME)) {
            groups.add(Group.WFA);
        }
        return groups;
    }
}
