package id.presensi.store;

import id.presensi.attendance.StatusCode;
import id.presensi.recap.DeductionRuleFile;
import id.presensi.recap.DeductionRules;
import id.presensi.recap.DeductionTable;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.MonthlyDeduction;
import id.presensi.recap.SanctionHistory;
import id.presensi.rules.RuleResolver;
import id.presensi.staff.EmployeeType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Reads attendance records month by month and unit by unit, for recaps, and the deduction tables. */
public final class RecapStore {
    private final Jdbi jdbi;

    public RecapStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** How complete a month's records are: days with no record at all, and provisional (BELUM) records. */
    public record Completeness(int daysWithoutRecords, long provisional) {
        /** The warning a recap carries while the month is not final, in the recap's language. */
        public Optional<String> notice() {
            if (daysWithoutRecords == 0 && provisional == 0) {
                return Optional.empty();
            }
            return Optional.of("BELUM FINAL: " + daysWithoutRecords + " hari belum direkonsiliasi dan " + provisional
                    + " catatan masih sementara (BELUM); JHK, TK dan potongan TPP masih dapat berubah.");
        }
    }

    /**
     * A day counts as missing only while the unit had staff that day: a moved employee counts for his unit of the day.
     * Neither count reads the month: whether a day has records is one look-up in (work_date, unit_id) (a scalar
     * sub-query with LIMIT 1, which the planner keeps per day, over the scope's units as an array, which the index
     * takes; NOT EXISTS had become an anti-join over every record of the month), and the provisional records are
     * counted through their own partial index (V44). The look-up comes first, in a CASE, and the staff of the day are
     * asked only of a day without records: left to the planner, which orders the two by their estimated costs, a
     * staff table without statistics yet (a minute after a first import) had every day's staff searched first, a
     * second of the recap. The recap asks it before its one read of the month.
     */
    public Completeness completeness(YearMonth month, Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT (SELECT count(*) FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') d
                                 WHERE CASE WHEN (SELECT true FROM attendance a WHERE a.work_date = d::date
                                                     AND a.unit_id = ANY(ARRAY(SELECT unit_scope(:unit))) LIMIT 1) IS NULL
                                            THEN EXISTS (SELECT 1 FROM employee_directory e WHERE e.active
                                                  AND CASE WHEN e.id IN (SELECT moved_employees()) THEN unit_on(e.id, d::date)
                                                           ELSE e.unit_id END IN (SELECT unit_scope(:unit))
                                                  AND (e.ended_from IS NULL OR e.ended_from > d::date))
                                            ELSE false END) AS missing,
                               (SELECT count(*) FROM attendance a WHERE a.work_date BETWEEN :from AND :to AND 'BELUM' = ANY(a.codes)
                                   AND a.unit_id = ANY(ARRAY(SELECT unit_scope(:unit)))) AS provisional""")
                .bind("from", month.atDay(1)).bind("to", month.atEndOfMonth()).bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .map((rs, ctx) -> new Completeness(rs.getInt("missing"), rs.getLong("provisional"))).one());
    }

    /**
     * {@link #completeness} of each unit's recap (the unit and its sub-units) at once, by the same look-ups: a day's
     * first record per unit and the provisional records' index, never the month's records themselves.
     */
    public Map<Long, Completeness> completeness(YearMonth month, List<Unit> units) {
        Map<Long, Completeness> byUnit = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        WITH scope AS MATERIALIZED (SELECT u.id AS unit, s.member FROM unit u CROSS JOIN LATERAL unit_scope(u.code) s(member)
                                                     WHERE u.id = ANY(:units)),
                        staff AS MATERIALIZED (SELECT e.id, e.unit_id, e.ended_from, e.id IN (SELECT moved_employees()) AS moved
                                                 FROM employee_directory e WHERE e.active)
                        SELECT u.unit,
                               (SELECT count(*) FROM generate_series(CAST(:from AS date), CAST(:to AS date), interval '1 day') d
                                 WHERE CASE WHEN (SELECT true FROM attendance a WHERE a.work_date = d::date AND a.unit_id = ANY(u.members) LIMIT 1) IS NULL
                                            THEN EXISTS (SELECT 1 FROM staff e JOIN scope s ON s.member = CASE WHEN e.moved THEN unit_on(e.id, d::date) ELSE e.unit_id END
                                                          WHERE s.unit = u.unit AND (e.ended_from IS NULL OR e.ended_from > d::date))
                                            ELSE false END)
                                   AS missing,
                               (SELECT count(*) FROM attendance a WHERE a.work_date BETWEEN :from AND :to AND 'BELUM' = ANY(a.codes)
                                   AND a.unit_id = ANY(u.members)) AS provisional
                          FROM (SELECT u.unit, ARRAY(SELECT s.member FROM scope s WHERE s.unit = u.unit) AS members
                                  FROM unnest(CAST(:units AS bigint[])) u(unit)) u""")
                .bind("from", month.atDay(1)).bind("to", month.atEndOfMonth())
                .bind("units", units.stream().mapToLong(Unit::id).toArray())
                .map((rs, ctx) -> Map.entry(rs.getLong("unit"), new Completeness(rs.getInt("missing"), rs.getLong("provisional"))))
                .forEach(e -> byUnit.put(e.getKey(), e.getValue())));
        return byUnit;
    }

    /** A unit in scope, with its head for the signature block, when one is set. */
    public record Unit(long id, String code, String name, Optional<Head> head) {
    }

    /** Who signs a unit's recap: the title above, the name (as written, with gelar) and the NIP below. */
    public record Head(String title, String name, String nip) {
    }

    public List<Unit> units(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.code, u.name, u.head_title, e.name AS head_name, coalesce(e.nip, e.nik) AS head_nip
                          FROM unit u LEFT JOIN employee e ON e.id = u.head_employee_id
                         WHERE u.id IN (SELECT unit_scope(:unit)) ORDER BY u.code""")
                .bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .map((rs, ctx) -> {
                    String unitName = rs.getString("name");
                    String title = Optional.ofNullable(rs.getString("head_title")).orElse("Kepala " + unitName);
                    String nip = rs.getString("head_nip");
                    return new Unit(rs.getLong("id"), rs.getString("code"), unitName,
                            Optional.ofNullable(rs.getString("head_name")).map(n -> new Head(title, n, nip)));
                })
                .list());
    }

    /** The units an employee's records of the month were filed under (a move mid-month gives two). */
    public Set<Long> unitsRecording(String employeeKey, YearMonth month) {
        return jdbi.withHandle(h -> Set.copyOf(h.createQuery("""
                        SELECT DISTINCT a.unit_id FROM attendance a JOIN employee_directory e ON e.id = a.employee_id
                         WHERE (e.nip = :key OR e.nik = :key) AND a.work_date BETWEEN :from AND :to""")
                .bind("key", employeeKey).bind("from", month.atDay(1)).bind("to", month.atEndOfMonth()).mapTo(Long.class).list()));
    }

    /**
     * Working days (JHK) per employee from the calendar: each day of the month whose plan expects work (schedule or
     * roster, holidays and the end of employment applied), whether or not it has been reconciled yet. Loads
     * everyone's rules for the month, so it is for months that are not complete; a complete month's records say the same.
     */
    public Map<Long, Integer> calendarWorkingDays(YearMonth month) {
        return jdbi.withHandle(h -> {
            Map<Long, Integer> jhk = new HashMap<>();
            RulesLoader.loadAll(h, month.atDay(1).minusDays(1), month.atEndOfMonth().plusDays(1))
                    .forEach((employeeId, loaded) -> jhk.put(employeeId, workingDays(loaded, month)));
            return jhk;
        });
    }

    /** As above for the employee a NIP or NIK names: one person's month must not load the regency's rules. */
    public Map<Long, Integer> calendarWorkingDays(YearMonth month, String employeeKey) {
        return jdbi.withHandle(h -> {
            Map<Long, Integer> jhk = new HashMap<>();
            h.createQuery("SELECT id FROM employee_directory WHERE nip = :key OR nik = :key").bind("key", employeeKey)
                    .mapTo(Long.class).list().forEach(employeeId -> jhk.put(employeeId,
                            workingDays(RulesLoader.load(h, employeeId, month.atDay(1).minusDays(1), month.atEndOfMonth().plusDays(1)), month)));
            return jhk;
        });
    }

    private static int workingDays(RulesLoader.Loaded loaded, YearMonth month) {
        int working = 0;
        for (var day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (RuleResolver.plan(loaded.rules(), day).expected().isPresent()) {
                working++;
            }
        }
        return working;
    }

    /** A unit's part of {@link #employeeMonths(List, YearMonth, DeductionRules, Map, Map, boolean, UnitSink)}. */
    @FunctionalInterface
    public interface UnitSink {
        /** Called once per unit, in the list's order; whatever of {@code months} is left unread is skipped. */
        void unit(Unit unit, UnitMonths months);
    }

    /** The months of one unit's employees, in name order. */
    @FunctionalInterface
    public interface UnitMonths {
        /** Hands each employee's month to {@code sink}, and each of its recorded days to {@code days}. */
        void read(Consumer<EmployeeMonth> sink, Consumer<EmployeeMonth.Day> days);
    }

    /**
     * Every unit's employees' months, unit by unit in the list's order, each unit's employees in name order (the
     * database's collation; namesakes by id), for a recap of any size in a small heap. The month's records are read
     * once, in one statement for all the units, in whatever order the database keeps them, as {@code \copy} would
     * write them out: putting them in the recap's order there was a sort of the whole month that held back the
     * first row until the last was sorted (a statement per unit had scanned the whole month once per unit). Each
     * record is kept as a number or two ({@link PackedDays}, about 400 bytes per employee-month) until the pass is
     * over, then the months are computed and handed over one at a time. The people come from one more statement in
     * the same snapshot, in name order. JHK from the calendar for the employees in {@code calendarJhk} (a month not
     * yet complete), the {@link #sanctionHistories} read once for every unit. {@code explained}: the months carry
     * their deduction's lines (else the percent alone, by the same steps: {@link EmployeeMonth#of}).
     */
    public void employeeMonths(List<Unit> units, YearMonth month, DeductionRules rules, Map<Long, Integer> calendarJhk,
                               Map<Long, SanctionHistory> histories, boolean explained, UnitSink sink) {
        if (units.isEmpty()) {
            return;
        }
        long[] ids = units.stream().mapToLong(Unit::id).toArray();
        int length = month.lengthOfMonth();
        List<Person> people = new ArrayList<>();
        // each employee's records, by their place in name order, kept under the first unit they came with; a second
        // unit's (a move in the month) apart, by the unit's place and the employee's. No boxed key per record: a
        // regency's month is millions of records, and their garbage had cost more than the reading
        PackedDays[][] byPlace = {null};
        Map<Long, PackedDays> moved = new HashMap<>();
        // each combination of codes as read ("TL1 PSW1"), numbered in the order first seen: a month has a few dozen
        List<List<StatusCode>> combinations = new ArrayList<>();
        Map<String, Integer> numbered = new HashMap<>();
        jdbi.useHandle(h -> {
            h.begin(); // a cursor needs a transaction; one snapshot for the people and their records
            h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            h.createQuery("""
                            SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, coalesce(e.position, '') AS position, e.type
                              FROM employee_directory e ORDER BY e.name, e.id""")
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                    .forEach(people::add);
            Places places = new Places(people);
            PackedDays[] first = new PackedDays[people.size()];
            byPlace[0] = first;
            h.createQuery(SCOPE_MONTHS).bind("units", ids).bind("from", month.atDay(1)).bind("to", month.atEndOfMonth())
                    .setFetchSize(10_000)
                    .scanResultSet((results, ctx) -> {
                        var rs = results.get();
                        while (rs.next()) {
                            int employee = places.of(rs.getLong(2));
                            if (employee < 0) {
                                continue; // a record of someone the directory does not show this operator
                            }
                            int unit = rs.getInt(1);
                            PackedDays days = first[employee];
                            if (days == null) {
                                days = first[employee] = new PackedDays(unit, length);
                            } else if (days.unit != unit) {
                                days = moved.computeIfAbsent(key(unit, employee), k -> new PackedDays(unit, length));
                            }
                            days.put(rs.getInt(3), combination(combinations, numbered, rs.getString(4)), rs.getInt(5), rs.getInt(6),
                                    rs.getInt(7), rs.getInt(8));
                        }
                        return null;
                    });
            h.commit();
        });
        PackedDays[] first = byPlace[0];
        // by the unit's place in the list, then the employee's place in name order
        long[] order = new long[first.length + moved.size()];
        int n = 0;
        for (int employee = 0; employee < first.length; employee++) {
            if (first[employee] != null) {
                order[n++] = key(first[employee].unit, employee);
            }
        }
        for (long key : moved.keySet()) {
            order[n++] = key;
        }
        Arrays.sort(order, 0, n);
        LocalDate[] dates = new LocalDate[length + 1];
        for (int d = 1; d <= length; d++) {
            dates[d] = month.atDay(d);
        }
        int next = 0;
        for (int i = 0; i < units.size(); i++) {
            long position = i + 1;
            int from = next;
            while (next < n && order[next] >>> 32 == position) {
                next++;
            }
            int to = next;
            sink.unit(units.get(i), (employees, days) -> {
                for (int k = from; k < to; k++) {
                    int employee = (int) order[k];
                    PackedDays packed = first[employee];
                    if (packed != null && packed.unit == position) {
                        first[employee] = null; // what is handed over is not kept
                    } else {
                        packed = moved.remove(order[k]);
                    }
                    List<EmployeeMonth.Day> its = packed.days(dates, combinations);
                    its.forEach(days);
                    employees.accept(month(people.get(employee), its, rules, calendarJhk, month, histories, explained));
                }
            });
        }
    }

    private static long key(int unitPlace, int employeePlace) {
        return ((long) unitPlace << 32) | employeePlace;
    }

    /** Each employee's place in name order by their id: the ids sorted once, a binary search per record. */
    private static final class Places {
        private final long[] ids;
        private final int[] places;

        Places(List<Person> people) {
            Integer[] byId = new Integer[people.size()];
            for (int i = 0; i < byId.length; i++) {
                byId[i] = i;
            }
            Arrays.sort(byId, Comparator.comparingLong(i -> people.get(i).id()));
            ids = new long[byId.length];
            places = new int[byId.length];
            for (int i = 0; i < byId.length; i++) {
                ids[i] = people.get(byId[i]).id();
                places[i] = byId[i];
            }
        }

        /** The place of the employee, or -1 for an id the directory did not give. */
        int of(long id) {
            int i = Arrays.binarySearch(ids, id);
            return i < 0 ? -1 : places[i];
        }
    }

    /** The number of a combination of codes as {@link #SCOPE_MONTHS} gives them, space-separated. */
    private static int combination(List<List<StatusCode>> combinations, Map<String, Integer> numbered, String names) {
        return numbered.computeIfAbsent(names, n -> {
            combinations.add(codes(n.split(" ")));
            return combinations.size() - 1;
        });
    }

    /**
     * The month's records of the units in {@code :units}, with each unit's place in the list (from 1), the day of
     * the month, and the record's yes-or-no facts as bits of one number laid out as {@link PackedDays} keeps them
     * (a column each had cost a value each to send, receive and parse, for millions of records; each shift is in
     * parentheses, as PostgreSQL gives | and << one precedence, left to right).
     */
    private static final String SCOPE_MONTHS = """
            SELECT array_position(CAST(:units AS bigint[]), a.unit_id) AS unit, a.employee_id, extract(day FROM a.work_date)::int AS day,
                   array_to_string(a.codes, ' ') AS codes,
                   ((a.day_off IS NULL)::int << 1) | ((a.first_in IS NULL)::int << 2) | ((a.last_out IS NULL)::int << 3)
                     | (coalesce('CORRECTED' = ANY(a.flags), false)::int << 4)
                     | (coalesce(a.day_off = 'HOLIDAY' AND EXISTS (SELECT 1 FROM holiday h WHERE h.day = a.work_date AND h.kind = 'CUTI_BERSAMA'),
                                 false)::int << 5) AS facts,
                   a.late_min, a.early_min, greatest(0, ceil(extract(epoch FROM a.last_out - a.expected_end) / 60))::int AS stayed
              FROM attendance a
             WHERE a.work_date BETWEEN :from AND :to AND a.unit_id = ANY(CAST(:units AS bigint[]))""";

    /**
     * One employee-month's records in a unit, a day each in a long (its codes, facts, minutes late and early) and an
     * int (minutes stayed), read back as {@link EmployeeMonth.Day}s in date order.
     */
    private static final class PackedDays {
        /** Minutes late or early a day can hold: 18 bits, half a year. */
        private static final long MINUTES = (1L << 18) - 1;
        private static final int WORKING = 2;
        private static final int NO_IN = 4;
        private static final int NO_OUT = 8;
        private static final int CORRECTED = 16;
        private static final int CUTI_BERSAMA = 32;
        /** The unit's place in the recap's list (from 1). */
        private final int unit;
        private final long[] days;
        private final int[] stayed;

        PackedDays(int unit, int length) {
            this.unit = unit;
            this.days = new long[length];
            this.stayed = new int[length];
        }

        /** {@code facts}: WORKING, NO_IN, NO_OUT, CORRECTED and CUTI_BERSAMA's bits, as {@link #SCOPE_MONTHS} gives them. */
        void put(int day, int code, int facts, long late, long early, int stayedMin) {
            if (late > MINUTES || early > MINUTES || code > 0xffff || (facts & ~0x3e) != 0) {
                throw new IllegalStateException("a record of day " + day + " is out of the recap's range: " + late + " min late, " + early + " early");
            }
            days[day - 1] = 1L | facts | (long) code << 6 | late << 22 | early << 40;
            stayed[day - 1] = stayedMin;
        }

        /** {@code dates}: the month's dates by day of the month (from 1). */
        List<EmployeeMonth.Day> days(LocalDate[] dates, List<List<StatusCode>> codes) {
            List<EmployeeMonth.Day> list = new ArrayList<>(days.length);
            for (int d = 0; d < days.length; d++) {
                long v = days[d];
                if (v != 0) {
                    list.add(new EmployeeMonth.Day(dates[d + 1], codes.get((int) (v >>> 6 & 0xffff)), (v & WORKING) != 0, v >>> 22 & MINUTES,
                            v >>> 40 & MINUTES, (v & NO_IN) != 0, (v & NO_OUT) != 0, stayed[d], (v & CORRECTED) != 0, (v & CUTI_BERSAMA) != 0));
                }
            }
            return list;
        }
    }

    /**
     * One employee's month in the unit, computed as the unit's recap computes everyone's, from their records alone:
     * a phone asking for its own month must not read a 1,870-staff unit.
     */
    public Optional<EmployeeMonth> employeeMonth(Unit unit, YearMonth month, DeductionRules rules, Map<Long, Integer> calendarJhk,
                                                 Map<Long, SanctionHistory> histories, String employeeKey) {
        return jdbi.withHandle(h -> {
            Person person = null;
            List<EmployeeMonth.Day> recorded = new ArrayList<>();
            for (RecordedDay r : h.createQuery(ONE_EMPLOYEE_MONTH).bind("unit", unit.id()).bind("from", month.atDay(1))
                    .bind("to", month.atEndOfMonth()).bind("key", employeeKey)
                    .map((rs, ctx) -> new RecordedDay(new Person(rs.getLong("id"), rs.getString("key"), rs.getString("name"),
                            rs.getString("position"), rs.getString("type")), new EmployeeMonth.Day(rs.getObject("work_date", LocalDate.class),
                            codes((String[]) rs.getArray("codes").getArray()), rs.getBoolean("working"), rs.getLong("late_min"),
                            rs.getLong("early_min"), rs.getBoolean("no_in"), rs.getBoolean("no_out"), rs.getLong("stayed"),
                            rs.getBoolean("corrected"), rs.getBoolean("cuti_bersama"))))
                    .list()) {
                if (person != null && person.id() != r.person().id()) {
                    break; // as the unit's recap would have it: the first of two records keyed alike
                }
                person = r.person();
                recorded.add(r.day());
            }
            return Optional.ofNullable(person).map(p -> month(p, recorded, rules, calendarJhk, month, histories, true));
        });
    }

    /** One employee's records of a unit's month, as {@link #SCOPE_MONTHS} reads everyone's (a NIP and a NIK never coincide). */
    private static final String ONE_EMPLOYEE_MONTH = """
            SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, coalesce(e.position, '') AS position, e.type, a.work_date,
                   a.codes, a.day_off IS NULL AS working, a.late_min, a.early_min, a.first_in IS NULL AS no_in,
                   a.last_out IS NULL AS no_out,
                   greatest(0, ceil(extract(epoch FROM a.last_out - a.expected_end) / 60))::int AS stayed,
                   'CORRECTED' = ANY(a.flags) AS corrected,
                   a.day_off = 'HOLIDAY' AND EXISTS (SELECT 1 FROM holiday h WHERE h.day = a.work_date AND h.kind = 'CUTI_BERSAMA')
                       AS cuti_bersama
              FROM attendance a JOIN employee_directory e ON e.id = a.employee_id
             WHERE a.unit_id = :unit AND a.work_date BETWEEN :from AND :to AND coalesce(e.nip, e.nik) = :key
             ORDER BY e.name, e.id, a.work_date""";

    /** An employee as the recap names them, and one of their recorded days. */
    private record Person(long id, String key, String name, String position, String type) {
    }

    private record RecordedDay(Person person, EmployeeMonth.Day day) {
    }

    /** A record's codes as the attendance table's check constraint keeps them: StatusCode's names only. */
    private static List<StatusCode> codes(String[] names) {
        List<StatusCode> codes = new ArrayList<>(names.length);
        for (String name : names) {
            codes.add(StatusCode.valueOf(name));
        }
        return List.copyOf(codes);
    }

    private static EmployeeMonth month(Person employee, List<EmployeeMonth.Day> days, DeductionRules rules, Map<Long, Integer> calendarJhk,
                                       YearMonth month, Map<Long, SanctionHistory> histories, boolean explained) {
        List<MonthlyDeduction.Line> sanctions = rules.sanctions()
                .map(s -> histories.getOrDefault(employee.id(), SanctionHistory.NONE).lines(month, s)).orElse(List.of());
        EmployeeMonth recap = EmployeeMonth.of(employee.key(), employee.name(), employee.position(), employee.type(), days, rules, sanctions,
                explained);
        Integer jhk = calendarJhk.get(employee.id());
        return jhk == null ? recap : recap.withWorkingDays(jhk);
    }

    /**
     * The TK history that decides the sanctions running in a month, per employee (empty when the rules have no
     * sanctions): TK days from January of the year before (a cut reached last year may still run), and the working
     * days of the month before and the weeks before it for those with ten TK days there (a run of ten ending last
     * month). Read once for the whole recap: two range scans rather than two per unit. PTT (honorer) are left out:
     * PP 94/2021 is the discipline of civil servants (PPPK follow it through PP 49/2018); a PTT's contract decides.
     */
    public Map<Long, SanctionHistory> sanctionHistories(YearMonth month, DeductionRules rules) {
        if (rules.sanctions().isEmpty()) {
            return Map.of();
        }
        LocalDate lastMonthEnd = month.minusMonths(1).atEndOfMonth();
        LocalDate runsFrom = month.minusMonths(1).atDay(1).minusDays(31);
        return jdbi.withHandle(h -> {
            Map<Long, List<LocalDate>> tk = new HashMap<>();
            h.createQuery("""
                            SELECT a.employee_id, a.work_date FROM attendance a JOIN employee e ON e.id = a.employee_id
                             WHERE 'TK' = ANY(a.codes) AND a.work_date BETWEEN :since AND :until AND e.type <> 'PTT'
                             ORDER BY a.employee_id, a.work_date""")
                    .bind("since", LocalDate.of(month.getYear() - 1, 1, 1)).bind("until", lastMonthEnd)
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getObject(2, LocalDate.class)))
                    .forEach(e -> tk.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, List<SanctionHistory.WorkingDay>> working = workingDaysOfAbsentees(h, runsFrom, lastMonthEnd, Optional.empty());
            Map<Long, SanctionHistory> histories = new HashMap<>();
            tk.forEach((id, days) -> histories.put(id, new SanctionHistory(days, working.getOrDefault(id, List.of()))));
            return histories;
        });
    }

    /** Present, though perhaps late or leaving early. */
    private static final Set<StatusCode.Kind> PRESENT = EnumSet.of(StatusCode.Kind.PRESENT, StatusCode.Kind.LATE, StatusCode.Kind.EARLY);

    /** Per date: the share (0-100) of the unit's employees due at work who were present (H, TL or PSW). */
    public Map<LocalDate, Double> dailyAttendanceRate(Unit unit, YearMonth month) {
        Map<LocalDate, Double> rates = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT work_date, 100.0 * count(*) FILTER (WHERE codes && :present::text[])
                                          / nullif(count(*) FILTER (WHERE day_off IS NULL), 0) AS rate
                          FROM attendance WHERE unit_id = :unit AND work_date BETWEEN :from AND :to GROUP BY work_date""")
                .bind("unit", unit.id()).bind("from", month.atDay(1)).bind("to", month.atEndOfMonth())
                .bind("present", Arrays.stream(StatusCode.values()).filter(c -> PRESENT.contains(c.kind())).map(StatusCode::name)
                        .toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getObject("work_date", LocalDate.class), Optional.ofNullable(rs.getBigDecimal("rate")).map(BigDecimal::doubleValue)))
                .forEach(e -> rates.put(e.getKey(), e.getValue().orElse(null))));
        return rates;
    }

    /**
     * {@link #dailyAttendanceRate} tallied from a unit's records as the recap reads them, so the summary costs no
     * second read of the month: per date, those present among those due at work.
     */
    public static final class DailyRates implements Consumer<EmployeeMonth.Day> {
        private static final Set<StatusCode> PRESENT_CODES = Arrays.stream(StatusCode.values()).filter(c -> PRESENT.contains(c.kind()))
                .collect(Collectors.toUnmodifiableSet());
        /** Per date: records with a code of presence, and records of a working day. */
        private final Map<LocalDate, long[]> counts = new TreeMap<>();

        @Override
        public void accept(EmployeeMonth.Day day) {
            long[] c = counts.computeIfAbsent(day.date(), d -> new long[2]);
            for (StatusCode code : day.codes()) {
                if (PRESENT_CODES.contains(code)) {
                    c[0]++;
                    break;
                }
            }
            if (day.workingDay()) {
                c[1]++;
            }
        }

        /** The share (0-100) per date with records; null on a date nobody was due at work. */
        public Map<LocalDate, Double> rates() {
            Map<LocalDate, Double> rates = new TreeMap<>();
            counts.forEach((date, c) -> rates.put(date, c[1] == 0 ? null : 100.0 * c[0] / c[1]));
            return rates;
        }
    }

    /** The dates of the month that are holidays, for shading. */
    public List<LocalDate> holidays(YearMonth month) {
        return jdbi.withHandle(h -> CalendarStore.between(h, month.atDay(1), month.atEndOfMonth()).stream().map(x -> x.day()).toList());
    }

    /** The deduction rules in force on a date: a rule file's, or a CSV table's rates. */
    public DeductionRules deductionRules(LocalDate date) {
        return jdbi.withHandle(h -> rules(h, date));
    }

    static DeductionRules rules(Handle h, LocalDate date) {
        record Header(long id, String name, LocalDate validFrom, BigDecimal monthlyCap, Optional<String> document) {
        }
        Header t = h.createQuery("""
                        SELECT id, name, valid_from, monthly_cap, document FROM deduction_table WHERE valid_from <= :date
                         ORDER BY valid_from DESC LIMIT 1""").bind("date", date)
                .map((rs, ctx) -> new Header(rs.getLong("id"), rs.getString("name"), rs.getObject("valid_from", LocalDate.class),
                        rs.getBigDecimal("monthly_cap"), Optional.ofNullable(rs.getString("document"))))
                .findOne().orElseThrow(() -> new IllegalStateException("no deduction table is valid on " + date));
        if (t.document().isPresent()) {
            return DeductionRuleFile.parse(t.document().get(), "deduction rules \"" + t.name() + "\"");
        }
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        h.createQuery("SELECT code, percent FROM deduction_rate WHERE table_id = :id ORDER BY code").bind("id", t.id())
                .map((rs, ctx) -> Map.entry(rs.getString("code"), rs.getBigDecimal("percent"))).forEach(e -> rates.put(e.getKey(), e.getValue()));
        return DeductionRules.of(new DeductionTable(t.name(), t.validFrom(), rates, t.monthlyCap()));
    }

    /** Stores a CSV deduction table valid from its date (replacing whatever had that date), audited. */
    public void saveTable(Handle h, Audit audit, DeductionTable table) {
        long id = replace(h, audit, table.name(), table.validFrom(), table.monthlyCap(), null, table);
        table.rates().forEach((code, percent) -> h.createUpdate("INSERT INTO deduction_rate VALUES (:id, :code, :percent)")
                .bind("id", id).bind("code", code).bind("percent", percent).execute());
    }

    /** Stores a rule file valid from its date (replacing whatever had that date), audited; the file's text is kept as read. */
    public void saveRuleFile(Handle h, Audit audit, DeductionRules rules, String document) {
        // the database reads the cuti tahunan keys from the text at a CT's approval (V46 rule_file_leave_terms): a file
        // it would read otherwise than YAML does is refused, or staff would be shown one balance and approved by another
        Map<String, Object> read = h.createQuery("SELECT pppk_days, charges_cuti_bersama FROM rule_file_leave_terms(:document)")
                .bind("document", document).mapToMap().one();
        if (((Number) read.get("pppk_days")).intValue() != rules.pppkAnnualLeaveDays()) {
            throw new IllegalArgumentException("cuti_tahunan_pppk_hari: write it once, as a plain number at the start of a line"
                    + " (cuti_tahunan_pppk_hari: " + rules.pppkAnnualLeaveDays() + "), so the leave balance reads it as the file does");
        }
        if ((Boolean) read.get("charges_cuti_bersama") != rules.cutiBersamaIsAnnualLeave()) {
            throw new IllegalArgumentException("cuti_bersama_potong_cuti_tahunan: write it once, as true or false at the start of a line"
                    + " (cuti_bersama_potong_cuti_tahunan: " + rules.cutiBersamaIsAnnualLeave() + "), so the leave balance reads it as the file does");
        }
        replace(h, audit, rules.name(), rules.validFrom(), rules.monthlyCap(), document, Map.of("name", rules.name(), "document", document));
    }

    private static long replace(Handle h, Audit audit, String name, LocalDate validFrom, BigDecimal monthlyCap, String document, Object after) {
        Optional<Map<String, Object>> before = h.createQuery("""
                        SELECT name, document, (SELECT jsonb_object_agg(code, percent) FROM deduction_rate WHERE table_id = t.id) AS rates
                          FROM deduction_table t WHERE valid_from = :d""")
                .bind("d", validFrom).mapToMap().findOne();
        h.createUpdate("DELETE FROM deduction_table WHERE valid_from = :d").bind("d", validFrom).execute();
        long id = h.createQuery("""
                        INSERT INTO deduction_table (name, valid_from, monthly_cap, document) VALUES (:name, :from, :cap, :document)
                        RETURNING id""")
                .bind("name", name).bind("from", validFrom).bind("cap", monthlyCap).bind("document", document).mapTo(Long.class).one();
        audit.record(h, "deduction_table", validFrom.toString(), before.orElse(null), after);
        return id;
    }

    /** An employee's TK days of a year as the discipline report reads them (working days too, when ten or more). */
    public record DisciplineRecord(String key, String name, String unitCode, EmployeeType type, SanctionHistory history) {
        public int tkDays() {
            return history.tkDays().size();
        }
    }

    /**
     * Everyone in scope with TK days in the year, most first: their TK days, and for those with ten or more, every
     * working day of the year, which says whether ten of them came in a row. Civil servants only (PNS, PPPK):
     * PP 94/2021 does not reach PTT (honorer), whose contract decides.
     */
    public List<DisciplineRecord> discipline(int year, Optional<String> unitCode) {
        return jdbi.withHandle(h -> {
            Map<Long, List<SanctionHistory.WorkingDay>> working = workingDaysOfAbsentees(h, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31),
                    unitCode);
            return h.createQuery("""
                            SELECT e.id, coalesce(e.nip, e.nik) AS key, e.name, u.code, e.type, array_agg(a.work_date ORDER BY a.work_date) AS tk
                              FROM attendance a JOIN employee e ON e.id = a.employee_id JOIN unit u ON u.id = e.unit_id
                             WHERE 'TK' = ANY(a.codes) AND a.work_date BETWEEN :from AND :to AND e.unit_id IN (SELECT unit_scope(:unit))
                               AND e.type <> 'PTT'
                             GROUP BY e.id, e.nip, e.nik, e.name, u.code, e.type ORDER BY count(*) DESC, e.name""")
                    .bind("from", LocalDate.of(year, 1, 1)).bind("to", LocalDate.of(year, 12, 31)).bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                    .map((rs, ctx) -> new DisciplineRecord(rs.getString("key"), rs.getString("name"), rs.getString("code"),
                            EmployeeType.valueOf(rs.getString("type")),
                            new SanctionHistory(Arrays.stream((Date[]) rs.getArray("tk").getArray()).map(Date::toLocalDate).toList(),
                                    working.getOrDefault(rs.getLong("id"), List.of()))))
                    .list();
        });
    }

    /**
     * The working days (TK or not, days off and provisional days left out) of a range, per employee, for those in
     * the scope (empty: every unit) with enough TK days in it to hold a run of {@link SanctionHistory#CONSECUTIVE}.
     */
    private static Map<Long, List<SanctionHistory.WorkingDay>> workingDaysOfAbsentees(Handle h, LocalDate from, LocalDate to,
                                                                                    Optional<String> unitCode) {
        Map<Long, List<SanctionHistory.WorkingDay>> working = new HashMap<>();
        h.createQuery("""
                        SELECT a.employee_id, a.work_date, 'TK' = ANY(a.codes) FROM attendance a
                         WHERE a.employee_id IN (SELECT t.employee_id FROM attendance t JOIN employee e ON e.id = t.employee_id
                                                  WHERE 'TK' = ANY(t.codes) AND t.work_date BETWEEN :from AND :to
                                                    AND e.unit_id IN (SELECT unit_scope(:unit)) AND e.type <> 'PTT'
                                                  GROUP BY t.employee_id HAVING count(*) >= :consecutive)
                           AND a.work_date BETWEEN :from AND :to AND a.day_off IS NULL AND NOT 'BELUM' = ANY(a.codes)
                         ORDER BY a.employee_id, a.work_date""")
                .bind("from", from).bind("to", to).bind("unit", unitCode.map(String::toUpperCase).orElse(null))
                .bind("consecutive", SanctionHistory.CONSECUTIVE)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), new SanctionHistory.WorkingDay(rs.getObject(2, LocalDate.class), rs.getBoolean(3))))
                .forEach(e -> working.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return working;
    }
}
