package id.presensi.cli.demo;

import id.presensi.db.Database;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import id.presensi.store.EmployeeStore;
import id.presensi.unit.TimeZones;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's Paser morning, compressed: the service runs in this process on a clock the demo moves minute
 * by minute from 06:55 to 08:10; in each minute the employees whose moment it is check in over HTTP, most
 * between 07:15 and 07:30, a few late, early or from the wrong place.
 */
final class MorningReplay {
    private static final ZoneId WITA = TimeZones.DEFAULT;

    private final HttpClient http = SimulatedPhone.client();
    private final Random random = new Random(2021);

    void run(Database database, Path codes, LocalDate day, PrintWriter out) throws Exception {
        DemoClock clock = new DemoClock(day.atTime(6, 30).atZone(WITA).toInstant());
        try (CheckInServer server = CheckInServer.start(database, ServerSettings.defaults("127.0.0.1", 0).withClock(clock))) {
            String base = "http://127.0.0.1:" + server.port();
            List<SimulatedPhone> phones = activate(database, codes, base);
            out.printf("   activated %,d phones over HTTP; the morning of %s begins%n", phones.size(), day);
            Map<Integer, List<SimulatedPhone>> byMinute = new TreeMap<>();
            for (SimulatedPhone phone : phones) {
                byMinute.computeIfAbsent(minuteOf(), k -> new ArrayList<>()).add(phone);
            }
            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            List<Long> latencies = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(200);
            for (var minute : byMinute.entrySet()) {
                clock.set(day.atTime(LocalTime.of(6, 55).plusMinutes(minute.getKey())).atZone(WITA).toInstant());
                List<Future<Long>> sent = new ArrayList<>();
                for (SimulatedPhone phone : minute.getValue()) {
                    boolean away = random.nextInt(100) < 2;
                    sent.add(pool.submit(() -> send(phone, "IN", away, answers)));
                }
                for (Future<Long> f : sent) {
                    latencies.add(f.get());
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            out.printf("   %,d check-ins between 06:55 and 08:10: %s%n", sorted.length, new TreeMap<>(answers));
            out.printf("   latency ms: %s%n", Latency.summary(sorted));
            afternoon(day, clock, base, phones, pool, out);
            pool.shutdown();
        }
    }

    /** Check-outs from 15:55 to 17:30, most in the first half hour of the window; one in twenty forgets. */
    private void afternoon(LocalDate day, DemoClock clock, String base, List<SimulatedPhone> phones, ExecutorService pool, PrintWriter out)
            throws Exception {
        Map<Integer, List<SimulatedPhone>> byMinute = new TreeMap<>();
        for (SimulatedPhone phone : phones) {
            int pick = random.nextInt(100);
            if (pick >= 95) {
                continue;
            }
            int minute = pick < 3 ? random.nextInt(5) : pick < 85 ? 5 + random.nextInt(45) : 50 + random.nextInt(45);
            byMinute.computeIfAbsent(minute, k -> new ArrayList<>()).add(phone);
        }
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        for (var minute : byMinute.entrySet()) {
            clock.set(day.atTime(LocalTime.of(15, 55).plusMinutes(minute.getKey())).atZone(WITA).toInstant());
            List<Future<Long>> sent = new ArrayList<>();
            for (SimulatedPhone phone : minute.getValue()) {
                sent.add(pool.submit(() -> send(phone, "OUT", false, answers)));
            }
            for (Future<Long> f : sent) {
                f.get();
            }
        }
        out.printf("   and %,d check-outs between 15:55 and 17:30: %s%n", byMinute.values().stream().mapToInt(List::size).sum(),
                new TreeMap<>(answers));
    }

    /** Minutes after 06:55: most between 07:15 and 07:30 (20..35), some earlier, a few after 08:00. */
    private int minuteOf() {
        int pick = random.nextInt(100);
        if (pick < 75) {
            return 20 + random.nextInt(16);
        }
        if (pick < 90) {
            return 5 + random.nextInt(15);
        }
        if (pick < 97) {
            return 36 + random.nextInt(29);
        }
        return 66 + random.nextInt(9);
    }

    private List<SimulatedPhone> activate(Database database, Path codes, String base) throws Exception {
        Map<String, EmployeeStore.Placed> placed = new HashMap<>();
        new EmployeeStore(database.jdbi()).placedAtWork(0, Integer.MAX_VALUE).forEach(p -> placed.put(p.key(), p));
        Map<String, String> codeByKey = new LinkedHashMap<>();
        try (TableReader file = TableReaders.open(codes, Optional.empty())) { // as the OPD admin's CSV was written: for Excel
            HeaderMapping columns = HeaderMapping.resolve(file.source(), file.header(), List.of("NIP_NIK", "KODE_AKTIVASI"),
                    Set.of("NIP_NIK", "KODE_AKTIVASI"), Map.of());
            for (TableRow row = file.next(); row != null; row = file.next()) {
                codeByKey.put(columns.cell(row, "NIP_NIK").text(), columns.cell(row, "KODE_AKTIVASI").text());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<SimulatedPhone>> phones = new ArrayList<>();
        codeByKey.forEach((key, code) -> phones.add(pool.submit(() -> SimulatedPhone.activate(http, base, placed.get(key), code, "HP demo"))));
        List<SimulatedPhone> activated = new ArrayList<>();
        for (Future<SimulatedPhone> f : phones) {
            activated.add(f.get());
        }
        pool.shutdown();
        return activated;
    }

    /** A check-in from the office, or (away) from about 3 km off; counts the answer as the demo shows it. */
    private long send(SimulatedPhone phone, String type, boolean away, Map<String, LongAdder> answers) throws Exception {
        SimulatedPhone.Answer answer = phone.checkIn(type, away ? 0.03 : 0.0002);
        String shown = answer.status() == 201 ? "diterima" : answer.status() == 422 ? answer.label().substring(4) : "HTTP " + answer.status();
        answers.computeIfAbsent(shown, k -> new LongAdder()).increment();
        return answer.nanos();
    }
}
