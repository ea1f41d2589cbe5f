package id.presensi.anomaly;

import id.presensi.anomaly.AnomalyThresholds.Threshold;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * The kinds read from the month's check-ins, from one read of them ({@link MonthPunches}): SAME_HAND,
 * REPEATED_POSITION, CONSTANT_ACCURACY and ON_CENTRE as signals, and for IMPOSSIBLE_TRAVEL and MACHINE_APP the moves
 * the database judges (their distances and speeds are its numeric and float arithmetic). Each step is a linear sort of
 * row numbers or one walk over one person's punches: check-ins are never paired with each other, so a month where
 * every phone reports one point costs what any other month of as many check-ins costs. Each signal is written as the
 * signals' SQL wrote it, sentence and evidence alike, one employee-day at a time.
 */
public final class MonthSignals {

    /** A signal as the anomaly_signal table holds it; the evidence is JSON. */
    public record Signal(long employeeId, LocalDate date, AnomalyKind kind, float strength, String message, String evidence) {
    }

    /**
     * Two consecutive punches of one person ("APP" or "FINGERPRINT" at a place, "aplikasi" for the app) far enough
     * apart, for the time between them, that they may be IMPOSSIBLE_TRAVEL or MACHINE_APP; positions as numeric(9, 6)
     * prints them, instants in microseconds, local times as the messages show them.
     */
    public record Move(long employeeId, LocalDate workDate, long atMicros, String latitude, String longitude, String source, String place,
                       String local, long previousAtMicros, String previousLatitude, String previousLongitude, String previousSource,
                       String previousPlace, String previousLocal) {
    }

    /** Slack for the moves handed to the database: its exact arithmetic decides, so a near miss here is sent, not dropped. */
    private static final double SLACK = 1e-9;
    /**
     * Millionths of a degree in both latitude and longitude within which two punches are under 4.8 km apart wherever
     * they are (111.32 km a degree x 0.03 x the square root of 2, a degree of longitude never longer than one of latitude).
     */
    private static final int NEAR = 30_000;

    private final MonthPunches month;
    private final int firstDay;
    private final int lastDay;
    private final TextOrder order;
    private final int sameHandDays;
    private final int repeatedPositionDays;
    private final int constantAccuracyCheckins;
    private final int onCentreTimes;
    private final int speedKmh;
    private final int machineAppKm;
    private final int[] previousNear;
    private final int[] nextNear;
    private final int[] people;
    /** Per check-in: the days its person used its exact position, and the work locations centred on it. */
    private final int[] ownDays;
    private final int[] centred;
    private final IntPredicate fromApp;
    /** The dates of the days, made once each (every employee-day names its date). */
    private final LocalDate[] dates;

    private MonthSignals(MonthPunches month, int firstDay, int lastDay, AnomalyThresholds t, TextOrder order, int[] byTime,
                         int[] byEmployeeDay) {
        this.month = month;
        this.firstDay = firstDay;
        this.lastDay = lastDay;
        this.order = order;
        this.sameHandDays = t.get(Threshold.SAME_HAND_DAYS);
        this.repeatedPositionDays = t.get(Threshold.REPEATED_POSITION_DAYS);
        this.constantAccuracyCheckins = t.get(Threshold.CONSTANT_ACCURACY_CHECKINS);
        this.onCentreTimes = t.get(Threshold.ON_CENTRE_TIMES);
        this.speedKmh = t.get(Threshold.SPEED_KMH);
        this.machineAppKm = t.get(Threshold.MACHINE_APP_KM);
        int n = month.size();
        previousNear = new int[n];
        nextNear = new int[n];
        people = new int[n];
        ownDays = new int[n];
        centred = new int[n];
        fromApp = r -> !month.fromMachine(r);
        dates = new LocalDate[lastDay + 1];
        sameHands(byTime, t.get(Threshold.SAME_HAND_SECONDS) * 1_000_000L);
        positions(byEmployeeDay);
    }

    /**
     * Finds the signals of days {@code firstDay} to {@code lastDay} of the month (its context before them counts too),
     * handing them over one by one, and the moves of each employee, an employee's all at once.
     */
    public static void find(MonthPunches month, int firstDay, int lastDay, AnomalyThresholds thresholds, TextOrder order,
                            Consumer<Signal> signals, Consumer<List<Move>> moves) {
        month.complete();
        int n = month.size();
        int[] byTime = RowOrder.sort(everyRow(n), month.atHighColumn(), month.atLowColumn());
        int[] byEmployeeTime = RowOrder.sort(byTime, month.staffColumn());
        int[] byEmployeeDay = RowOrder.sort(byEmployeeTime, month.staffColumn(), month.dayColumn());
        MonthSignals found = new MonthSignals(month, firstDay, lastDay, thresholds, order, byTime, byEmployeeDay);
        for (int start = 0, end; start < n; start = end) {
            int s = month.staffOf(byEmployeeDay[start]);
            end = start;
            while (end < n && month.staffOf(byEmployeeDay[end]) == s) {
                end++;
            }
            found.employee(s, byEmployeeDay, start, end, signals);
            List<Move> employeeMoves = found.moves(s, byEmployeeTime, start, end);
            if (!employeeMoves.isEmpty()) {
                moves.accept(employeeMoves);
            }
        }
    }

    /*
     * The walks below are plain loops over int arrays, without streams, boxed keys or arrays made per row: the step runs
     * once a night in a fresh JVM, where every library method it makes hot is interpreted, profiled and then compiled
     * while the month is searched (a stream per employee-day made some forty of them hot for nothing).
     */

    private static int[] everyRow(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** The rows {@code from} to {@code to} (exclusive) of the order that {@code keep} keeps, in that order. */
    private static int[] rows(int[] ordered, int from, int to, IntPredicate keep) {
        int[] kept = new int[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (keep.test(ordered[i])) {
                kept[n++] = ordered[i];
            }
        }
        return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }

    private LocalDate date(int day) {
        LocalDate date = dates[day];
        if (date == null) {
            date = month.date(day);
            dates[day] = date;
        }
        return date;
    }

    /**
     * SAME_HAND's neighbours: each check-in from an address beside the one before it from that address, that day, in
     * that direction, when they are another person's and at most the seconds apart (the SQL's lag over the address).
     */
    private void sameHands(int[] byTime, long nearMicros) {
        Arrays.fill(previousNear, -1);
        Arrays.fill(nextNear, -1);
        int[] dayAndDirection = new int[month.size()];
        for (int r = 0; r < dayAndDirection.length; r++) {
            dayAndDirection[r] = month.day(r) * 2 + (month.arriving(r) ? 1 : 0);
        }
        int[] byAddress = RowOrder.sort(rows(byTime, 0, byTime.length, r -> !month.fromMachine(r) && month.address(r) != MonthPunches.NONE),
                month.addressColumn(), dayAndDirection);
        for (int i = 1; i < byAddress.length; i++) {
            int before = byAddress[i - 1];
            int r = byAddress[i];
            if (month.address(r) == month.address(before) && month.day(r) == month.day(before) && month.arriving(r) == month.arriving(before)
                && month.staffOf(r) != month.staffOf(before) && month.at(r) - month.at(before) <= nearMicros) {
                previousNear[r] = before;
                nextNear[before] = r;
            }
        }
    }

    /**
     * Each app check-in's exact position, counted once for all its check-ins by one sort of the month (position, person,
     * day): how many people used it on the check-in's day (REPEATED_POSITION's "same day"), on how many days the
     * check-in's person used it (REPEATED_POSITION's own days), and how many work locations are centred on it
     * (ON_CENTRE). Each person's positions counted in a map of their own, and the centres looked up a check-in at a
     * time, were a third of the walk over the staff. Sorted from the rows by person and day, so that only the position's
     * keys are sorted.
     */
    private void positions(int[] byEmployeeDay) {
        int[] placed = rows(byEmployeeDay, 0, byEmployeeDay.length, r -> !month.fromMachine(r) && month.longitude(r) != MonthPunches.NONE);
        int[] byPosition = RowOrder.sort(placed, month.latitudeColumn(), month.longitudeColumn());
        int days = 0;
        for (int r : byPosition) {
            days = Math.max(days, month.day(r) + 1);
        }
        // a day's count of people at the position, and the position it counts for (positions are numbered, so that no
        // count is cleared between them)
        int[] peopleOnDay = new int[days];
        int[] countedFor = new int[days];
        int position = 0;
        for (int start = 0, end; start < byPosition.length; start = end) {
            position++;
            int first = byPosition[start];
            end = start + 1;
            while (end < byPosition.length && month.latitude(byPosition[end]) == month.latitude(first)
                   && month.longitude(byPosition[end]) == month.longitude(first)) {
                end++;
            }
            // one person's check-ins at the position come together, by day
            for (int i = start, personEnd; i < end; i = personEnd) {
                int s = month.staffOf(byPosition[i]);
                int personDays = 0;
                int previousDay = -1;
                for (personEnd = i; personEnd < end && month.staffOf(byPosition[personEnd]) == s; personEnd++) {
                    int day = month.day(byPosition[personEnd]);
                    if (day != previousDay) {
                        previousDay = day;
                        personDays++;
                        if (countedFor[day] != position) {
                            countedFor[day] = position;
                            peopleOnDay[day] = 0;
                        }
                        peopleOnDay[day]++;
                    }
                }
                for (int j = i; j < personEnd; j++) {
                    ownDays[byPosition[j]] = personDays;
                }
            }
            int centres = month.centresAt(first).size();
            for (int i = start; i < end; i++) {
                people[byPosition[i]] = peopleOnDay[month.day(byPosition[i])];
                centred[byPosition[i]] = centres;
            }
        }
    }

    /** One employee's signals of the four kinds, from their check-ins by day and time. */
    private void employee(int s, int[] byDay, int start, int end, Consumer<Signal> signals) {
        int checkIns = 0;
        int accuracy = MonthPunches.NONE;
        boolean steady = true;
        int onCentre = 0;
        int sharedDays = 0;
        int lastSharedDay = Integer.MIN_VALUE;
        Map<Integer, int[]> pairDays = new HashMap<>();
        for (int i = start; i < end; i++) {
            int r = byDay[i];
            if (month.fromMachine(r)) {
                continue;
            }
            int day = month.day(r);
            checkIns++;
            int a = month.accuracy(r);
            if (a != MonthPunches.NONE) {
                if (accuracy == MonthPunches.NONE) {
                    accuracy = a;
                } else if (!sameReal(month.accuracyValue(a), month.accuracyValue(accuracy))) {
                    steady = false;
                }
            }
            if (month.longitude(r) != MonthPunches.NONE) {
                onCentre += centred[r];
                if (people[r] >= 2 && lastSharedDay != day) {
                    lastSharedDay = day;
                    sharedDays++;
                }
            }
            if (previousNear[r] >= 0) {
                countDay(pairDays.computeIfAbsent(month.staffOf(previousNear[r]), k -> newDayCount()), day);
            }
            if (nextNear[r] >= 0) {
                countDay(pairDays.computeIfAbsent(month.staffOf(nextNear[r]), k -> newDayCount()), day);
            }
        }
        boolean constant = checkIns >= constantAccuracyCheckins && accuracy != MonthPunches.NONE && steady;
        Set<Integer> repeatedPairs = new HashSet<>();
        pairDays.forEach((other, days) -> {
            if (days[1] >= sameHandDays) {
                repeatedPairs.add(other);
            }
        });
        boolean shared = sharedDays >= repeatedPositionDays;
        Day today = new Day();
        for (int i = start, dayEnd; i < end; i = dayEnd) {
            int day = month.day(byDay[i]);
            dayEnd = i;
            while (dayEnd < end && month.day(byDay[dayEnd]) == day) {
                dayEnd++;
            }
            if (day < firstDay || day > lastDay) {
                continue;
            }
            int[] rows = rows(byDay, i, dayEnd, fromApp);
            if (rows.length == 0) {
                continue;
            }
            long employeeId = month.staff(s).id();
            LocalDate date = date(day);
            if (!repeatedPairs.isEmpty()) {
                sameHand(employeeId, date, rows, repeatedPairs, signals);
            }
            repeatedPosition(employeeId, date, rows, shared ? sharedDays : 0, today, signals);
            if (constant) {
                String printed = month.accuracyText(accuracy);
                StringBuilder evidence = new StringBuilder("{\"points\": ").append(today.points(rows)).append(", \"checkins\": ").append(checkIns)
                        .append(", \"accuracyM\": ");
                SignalText.appendReal(evidence, printed);
                evidence.append('}');
                signals.accept(new Signal(employeeId, date, AnomalyKind.CONSTANT_ACCURACY, perThreshold(checkIns, constantAccuracyCheckins),
                        "Akurasi GPS selalu tepat " + printed + " m pada " + checkIns + " presensi dalam rentang ini; hari ini pukul "
                        + today.locals(rows) + ".", evidence.toString()));
            }
            if (onCentre >= onCentreTimes) {
                onCentre(employeeId, date, rows, onCentre, today, signals);
            }
        }
    }

    private static int[] newDayCount() {
        return new int[] {Integer.MIN_VALUE, 0};
    }

    /** Counts a day once: rows come by day, so a day is new when it is not the last one counted. */
    private static void countDay(int[] lastAndCount, int day) {
        if (lastAndCount[0] != day) {
            lastAndCount[0] = day;
            lastAndCount[1]++;
        }
    }

    /** Equal as PostgreSQL compares reals: NaN equals NaN. */
    private static boolean sameReal(float a, float b) {
        return a == b || Float.isNaN(a) && Float.isNaN(b);
    }

    /** {@code n::real / threshold}, a double stored in a real column. */
    private static float perThreshold(int n, int threshold) {
        return (float) ((double) (float) n / threshold);
    }

    /** A point of the evidence, compared as jsonb compares them: time, then latitude, then longitude (a missing one first). */
    private record Point(int local, int latitude, int longitude) implements Comparable<Point> {
        @Override
        public int compareTo(Point o) {
            return Comparator.comparingInt(Point::local).thenComparingInt(Point::latitude).thenComparingInt(Point::longitude).compare(this, o);
        }
    }

    private void sameHand(long employeeId, LocalDate date, int[] rows, Set<Integer> repeatedPairs, Consumer<Signal> signals) {
        TreeSet<Integer> locals = new TreeSet<>();
        TreeSet<String> hosts = new TreeSet<>(order);
        Set<Integer> others = new HashSet<>();
        TreeSet<String> otherTimes = new TreeSet<>(order);
        TreeSet<String> otherKeys = new TreeSet<>(order);
        TreeSet<Point> points = new TreeSet<>();
        for (int r : rows) {
            for (int other : new int[] {previousNear[r], nextNear[r]}) {
                if (other < 0 || !repeatedPairs.contains(month.staffOf(other))) {
                    continue;
                }
                String otherKey = month.staff(month.staffOf(other)).key();
                locals.add(month.local(r));
                hosts.add(month.host(month.address(r)));
                others.add(month.staffOf(other));
                otherTimes.add(otherKey + " pukul " + SignalText.local(month.local(other)));
                otherKeys.add(otherKey);
                points.add(new Point(month.local(r), month.latitude(r), month.longitude(r)));
            }
        }
        if (others.isEmpty()) {
            return;
        }
        StringBuilder evidence = new StringBuilder("{\"with\": ");
        strings(evidence, otherKeys);
        evidence.append(", \"points\": [");
        String separator = "";
        for (Point p : points) {
            evidence.append(separator);
            SignalText.appendPoint(evidence, p.local(), p.latitude(), p.longitude());
            separator = ", ";
        }
        evidence.append("], \"addresses\": ");
        strings(evidence, hosts);
        evidence.append('}');
        signals.accept(new Signal(employeeId, date, AnomalyKind.SAME_HAND, others.size(),
                "Presensi pukul " + SignalText.list(locals.stream().map(SignalText::local).toList()) + " dari alamat "
                + SignalText.list(List.copyOf(hosts), 3, ", ") + " berselang beberapa detik dengan " + others.size() + " pegawai lain ("
                + SignalText.list(List.copyOf(otherTimes)) + "); pasangan yang sama berulang pada " + sameHandDays + " hari atau lebih.",
                evidence.toString()));
    }

    private static void strings(StringBuilder json, Set<String> texts) {
        json.append('[');
        String separator = "";
        for (String t : texts) {
            json.append(separator);
            SignalText.appendString(json, t);
            separator = ", ";
        }
        json.append(']');
    }

    /**
     * REPEATED_POSITION: a check-in at a position this person used on enough days, or, for someone who shared a position
     * with others on enough days, at a position shared that day.
     */
    private void repeatedPosition(long employeeId, LocalDate date, int[] rows, int sharedDays, Day today,
                                  Consumer<Signal> signals) {
        int[] hits = new int[rows.length];
        int count = 0;
        long strength = 0;
        int days = 0;
        int most = 0;
        TreeSet<String> positions = null; // most days have none
        for (int r : rows) {
            if (month.longitude(r) == MonthPunches.NONE) {
                continue;
            }
            int own = ownDays[r];
            int mine = own >= repeatedPositionDays ? own : 0;
            int withOthers = people[r] >= 2 ? sharedDays : 0;
            if (mine == 0 && withOthers == 0) {
                continue;
            }
            int rowDays = Math.max(mine, withOthers);
            int rowPeople = Math.max(people[r], 1);
            hits[count++] = r;
            strength = Math.max(strength, (long) rowDays * rowPeople);
            days = Math.max(days, rowDays);
            most = Math.max(most, rowPeople);
            if (positions == null) {
                positions = new TreeSet<>(order);
            }
            positions.add(SignalText.degrees(month.latitude(r)) + ", " + SignalText.degrees(month.longitude(r)));
        }
        if (count == 0) {
            return;
        }
        int[] hit = Arrays.copyOf(hits, count);
        signals.accept(new Signal(employeeId, date, AnomalyKind.REPEATED_POSITION, strength,
                "Posisi persis sama (" + SignalText.list(List.copyOf(positions), 3, "; ") + ") dipakai pada " + days + " hari oleh " + most
                + " pegawai; hari ini pukul " + today.locals(hit) + ".", today.evidence(hit)));
    }

    /** ON_CENTRE: each check-in once per work location centred exactly on it. */
    private void onCentre(long employeeId, LocalDate date, int[] rows, int times, Day today, Consumer<Signal> signals) {
        int[] joined = new int[rows.length];
        int count = 0;
        TreeSet<String> places = new TreeSet<>(order);
        for (int r : rows) {
            for (int place : month.centresAt(r)) {
                if (count == joined.length) {
                    joined = Arrays.copyOf(joined, count * 2); // a check-in on several centres cites itself once for each
                }
                joined[count++] = r;
                places.add(month.placeName(place));
            }
        }
        if (count == 0) {
            return;
        }
        int[] centred = count == joined.length ? joined : Arrays.copyOf(joined, count);
        signals.accept(new Signal(employeeId, date, AnomalyKind.ON_CENTRE, perThreshold(times, onCentreTimes),
                "Posisi tepat di titik pusat lokasi " + SignalText.list(List.copyOf(places), 3, ", ") + " pukul " + today.locals(centred)
                + " (" + times + " kali dalam rentang ini).", today.evidence(centred)));
    }

    /**
     * The day's list of times, its points and the evidence of only those points, made once for the kinds that cite the
     * same check-ins (on a shared-point day REPEATED_POSITION, CONSTANT_ACCURACY and ON_CENTRE cite them all).
     */
    private final class Day {
        private int[] rows = new int[0];
        private String locals;
        private String points;
        private String evidence;

        String locals(int[] cited) {
            remember(cited);
            if (locals == null) {
                List<String> shown = new ArrayList<>(5);
                for (int i = 0; i < Math.min(cited.length, 5); i++) {
                    shown.add(SignalText.local(month.local(cited[i])));
                }
                locals = SignalText.list(shown) + (cited.length > 5 ? " dan " + (cited.length - 5) + " lainnya" : "");
            }
            return locals;
        }

        String points(int[] cited) {
            remember(cited);
            if (points == null) {
                StringBuilder json = new StringBuilder(cited.length * 48).append('[');
                for (int i = 0; i < cited.length; i++) {
                    if (i > 0) {
                        json.append(", ");
                    }
                    SignalText.appendPoint(json, month.local(cited[i]), month.latitude(cited[i]), month.longitude(cited[i]));
                }
                points = json.append(']').toString();
            }
            return points;
        }

        /** {"points": [...]}: REPEATED_POSITION's and ON_CENTRE's evidence. */
        String evidence(int[] cited) {
            String p = points(cited);
            if (evidence == null) {
                evidence = "{\"points\": " + p + "}";
            }
            return evidence;
        }

        private void remember(int[] cited) {
            if (!Arrays.equals(rows, cited)) {
                rows = cited;
                locals = null;
                points = null;
                evidence = null;
            }
        }
    }

    /**
     * One employee's consecutive punches (app and fingerprint) in time order that the database must judge: far enough
     * apart for MACHINE_APP, or 5 km and more at more than the speed.
     */
    private List<Move> moves(int s, int[] byTime, int start, int end) {
        List<Move> moves = new ArrayList<>();
        for (int i = start + 1; i < end; i++) {
            int before = byTime[i - 1];
            int r = byTime[i];
            int day = month.day(r);
            if (day < firstDay || day > lastDay || month.longitude(before) == MonthPunches.NONE || month.longitude(r) == MonthPunches.NONE) {
                continue;
            }
            if (month.fromMachine(r) == month.fromMachine(before) && Math.abs(month.latitude(r) - month.latitude(before)) <= NEAR
                && Math.abs(month.longitude(r) - month.longitude(before)) <= NEAR) {
                continue; // under 5 km: neither MACHINE_APP (a machine and the app) nor too fast (5 km and more)
            }
            double latitude = month.latitude(r) / 1e6;
            double previousLatitude = month.latitude(before) / 1e6;
            double km = 111.32 * Math.sqrt(Math.pow(latitude - previousLatitude, 2)
                                           + Math.pow(Math.cos(Math.toRadians((latitude + previousLatitude) / 2))
                                                      * (month.longitude(r) - month.longitude(before)) / 1e6, 2));
            double hours = (month.at(r) - month.at(before)) / 3.6e9;
            boolean machineApp = month.fromMachine(r) != month.fromMachine(before) && hours <= 1 + SLACK && km >= machineAppKm * (1 - SLACK);
            boolean tooFast = km >= 5 * (1 - SLACK) && km / Math.max(hours, 1 / 3600.0) > speedKmh * (1 - SLACK);
            if (machineApp || tooFast) {
                moves.add(new Move(month.staff(s).id(), date(day), month.at(r), SignalText.degrees(month.latitude(r)),
                        SignalText.degrees(month.longitude(r)), source(r), month.place(r), SignalText.local(month.local(r)), month.at(before),
                        SignalText.degrees(month.latitude(before)), SignalText.degrees(month.longitude(before)), source(before),
                        month.place(before), SignalText.local(month.local(before))));
            }
        }
        return moves;
    }

    private String source(int row) {
        return month.fromMachine(row) ? "FINGERPRINT" : "APP";
    }
}
