package id.presensi.report;

import id.presensi.attendance.AttendanceRule;
import id.presensi.attendance.DailyAttendance;
import id.presensi.attendance.Flag;
import id.presensi.attendance.Punch;
import id.presensi.attendance.StatusBands;
import id.presensi.attendance.StatusCode;
import id.presensi.rules.DayPlan;
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
        Map<Long, RulesLoader.Loaded> everyone = new RulesLoader(jdbi).loadAll(around.minusDays(2), around.plusDays(1));
        Map<Long, RulesLoader.Loaded> inScope = new HashMap<>();
        everyone.forEach((id, loaded) -> {
            if (unitCode.isEmpty() || loaded.rules().unitChain().contains(unitCode.get())) {
                inScope.put(id, loaded);
            }
        });
        Map<Long, LocalDate> workDates = new HashMap<>();
        inScope.forEach((id, loaded) -> workDates.put(id,
                RuleResolver.planAt(loaded.rules(), LocalDateTime.ofInstant(now, loaded.rules().zone())).date()));
        Map<Long, List<Punch>> punches = new HashMap<>();
        if (!inScope.isEmpty()) {
            // only the work dates someone is on now (mostly one): the rules needed the days around, the punches do not
            LocalDate first = workDates.values().stream().min(Comparator.naturalOrder()).orElseThrow();
            LocalDate last = workDates.values().stream().max(Comparator.naturalOrder()).orElseThrow();
            for (CheckInStore.Accepted a : new CheckInStore(jdbi).accepted(inScope.keySet(), first, last)) {
                if (a.workDate().equals(workDates.get(a.employeeId()))) {
                    punches.computeIfAbsent(a.employeeId(), k -> new ArrayList<>()).add(new Punch(LocalDateTime.ofInstant(a.at(),
                            inScope.get(a.employeeId()).rules().zone()), a.type(), a.offlineSynced(), a.workFromHome(), a.workFromAnywhere(), a.source()));
                }
            }
        }
        List<Person> people = new ArrayList<>();
        Map<Group, Long> counts = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            counts.put(g, 0L);
        }
        inScope.forEach((id, loaded) -> {
            LocalDateTime local = LocalDateTime.ofInstant(now, loaded.rules().zone());
            DayPlan plan = RuleResolver.plan(loaded.rules(), workDates.get(id));
            if (plan.dayOff().filter(off -> off.reason() == DayPlan.DayOffReason.EMPLOYMENT_ENDED).isPresent()) {
                return;
            }
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
