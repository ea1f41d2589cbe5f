package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.db.Database;
import id.presensi.server.CheckInServer;
import id.presensi.server.ServerSettings;
import id.presensi.server.SettableClock;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
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
    private static final ZoneId WITA = ZoneId.of("Asia/Makassar");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(2021);

    private record Phone(String key, String token, double lat, double lon) {
    }

    void run(Database database, Path codes, LocalDate day, PrintWriter out) throws Exception {
        SettableClock clock = new SettableClock(day.atTime(6, 30).atZone(WITA).toInstant());
        try (CheckInServer server = CheckInServer.start(database, ServerSettings.defaults("127.0.0.1", 0).withClock(clock))) {
            String base = "http://127.0.0.1:" + server.port();
            List<Phone> phones = activate(database, codes, base);
            out.printf("   activated %,d phones over HTTP; the morning of %s begins%n", phones.size(), day);
            Map<Integer, List<Phone>> byMinute = new TreeMap<>();
            for (Phone phone : phones) {
                byMinute.computeIfAbsent(minuteOf(), k -> new ArrayList<>()).add(phone);
            }
            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            List<Long> latencies = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(200);
            for (var minute : byMinute.entrySet()) {
                clock.set(day.atTime(LocalTime.of(6, 55).plusMinutes(minute.getKey())).atZone(WITA).toInstant());
                List<Future<Long>> sent = new ArrayList<>();
                for (Phone phone : minute.getValue()) {
                    boolean away = random.nextInt(100) < 2;
                    sent.add(pool.submit(() -> checkIn(base, phone, away, answers)));
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
    private void afternoon(LocalDate day, SettableClock clock, String base, List<Phone> phones, ExecutorService pool, PrintWriter out)
            throws Exception {
        Map<Integer, List<Phone>> byMinute = new TreeMap<>();
        for (Phone phone : phones) {
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
            for (Phone phone : minute.getValue()) {
                sent.add(pool.submit(() -> send(base, phone, "OUT", false, answers)));
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

    private List<Phone> activate(Database database, Path codes, String base) throws Exception {
        Map<String, double[]> position = new ConcurrentHashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("""
                        SELECT coalesce(e.nip, e.nik) AS key, l.latitude::float8 AS lat, l.longitude::float8 AS lon
                          FROM employee e JOIN LATERAL (SELECT latitude, longitude FROM work_location w WHERE w.unit_id = e.unit_id
                                                          ORDER BY w.id LIMIT 1) l ON true""")
                .mapToMap().forEach(r -> position.put((String) r.get("key"), new double[] {(Double) r.get("lat"), (Double) r.get("lon")})));
        List<CSVRecord> rows;
        try (Reader in = Files.newBufferedReader(codes)) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Phone>> phones = new ArrayList<>();
        for (CSVRecord row : rows) {
            phones.add(pool.submit(() -> {
                String body = json.writeValueAsString(Map.of("employee", row.get("NIP_NIK"), "code", row.get("KODE_AKTIVASI"), "deviceName", "HP demo"));
                HttpResponse<String> response = send(base + "/api/v1/activate", null, body);
                double[] at = position.get(row.get("NIP_NIK"));
                return new Phone(row.get("NIP_NIK"), (String) json.readValue(response.body(), Map.class).get("token"), at[0], at[1]);
            }));
        }
        List<Phone> activated = new ArrayList<>();
        for (Future<Phone> f : phones) {
            activated.add(f.get());
        }
        pool.shutdown();
        return activated;
    }

    private long checkIn(String base, Phone phone, boolean away, Map<String, LongAdder> answers) throws Exception {
        return send(base, phone, "IN", away, answers);
    }

    private long send(String base, Phone phone, String type, boolean away, Map<String, LongAdder> answers) throws Exception {
        String body = "{\"type\":\"" + type + "\",\"lat\":" + phone.lat() + ",\"lon\":" + (phone.lon() + (away ? 0.03 : 0.0002))
                + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
        long started = System.nanoTime();
        HttpResponse<String> response = send(base + "/api/v1/checkins", phone.token(), body);
        long took = System.nanoTime() - started;
        String answer = response.statusCode() == 201 ? "diterima"
                : response.statusCode() == 422 ? json.readTree(response.body()).path("reason").asText() : "HTTP " + response.statusCode();
        answers.computeIfAbsent(answer, k -> new LongAdder()).increment();
        return took;
    }

    private HttpResponse<String> send(String url, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
