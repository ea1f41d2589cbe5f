package id.presensi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.db.Database;
import id.presensi.store.Audit;
import id.presensi.store.DeviceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load tests against a running check-in service.",
        subcommands = BenchCommand.Rush.class)
class BenchCommand {

    @Command(name = "rush", mixinStandardHelpOptions = true, description = {
            "The 07:15 rush: enroll N employees with their own devices, activate them over HTTP, then send their check-ins",
            "at the given concurrency (once each, or for --duration seconds), print throughput, latency percentiles and",
            "counts by answer, and check that the database holds exactly the check-ins answered 201."})
    static class Rush implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Option(names = "--url", defaultValue = "http://127.0.0.1:8080") String url;
        @Option(names = "--employees", defaultValue = "8630") int employees;
        @Option(names = "--concurrency", defaultValue = "200") int concurrency;
        @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS",
                description = "Keep sending for this long (0: one check-in per employee).") int duration;
        @Option(names = "--outside", defaultValue = "2", paramLabel = "PERCENT", description = "Share sent from 2 km away.") int outsidePercent;
        @Option(names = "--skip", defaultValue = "0", paramLabel = "N", description = "Leave out the first N employees (another generator's phones).") int skip;
        @Option(names = "--phones-out", paramLabel = "FILE",
                description = "Only activate the phones and write 'token,lat,lon' lines for another load generator (wrk); send no check-ins.")
        java.nio.file.Path phonesOut;
        @Option(names = "--codes-out", paramLabel = "FILE",
                description = "Only enroll the employees and write 'NIP/NIK,code' lines for another load generator to activate.")
        java.nio.file.Path codesOut;

        // HTTP/1.1 outright: over plain http the default would try an h2c upgrade on every new connection
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper json = new ObjectMapper();

        private record Phone(String token, double lat, double lon) {
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Phone> phones;
            if (codesOut != null) {
                try (Database database = db.open()) {
                    List<Map<String, Object>> staff = staff(database);
                    List<String> codes = enroll(database, staff);
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < staff.size(); i++) {
                        lines.add(staff.get(i).get("key") + "," + codes.get(i));
                    }
                    java.nio.file.Files.write(codesOut, lines);
                    out.printf("enrolled %,d employees%n", staff.size());
                    return ExitCodes.OK;
                }
            }
            Instant activationStart = Instant.now();
            try (Database database = db.open()) {
                phones = enrollAndActivate(database, out);
            }
            if (phonesOut != null) {
                java.nio.file.Files.write(phonesOut, phones.stream().map(p -> p.token() + "," + p.lat() + "," + p.lon()).toList());
                out.printf("activated %,d phones in %.1f s%n", phones.size(), Duration.between(activationStart, Instant.now()).toMillis() / 1000.0);
                return ExitCodes.OK;
            }
            Instant start = Instant.now();
            Result result = fire(phones);
            Duration took = Duration.between(start, Instant.now());
            long[] latencies = result.latencies();
            Arrays.sort(latencies);
            out.printf("requests %,d in %.2f s: %,.0f per second at concurrency %d%n", latencies.length, took.toMillis() / 1000.0,
                    latencies.length / (took.toMillis() / 1000.0), concurrency);
            out.printf("latency ms: %s  max %.1f%n", Latency.summary(latencies), Latency.percentileMs(latencies, 100));
            out.println("answers: " + new TreeMap<>(result.byAnswer()));
            try (Database database = db.open()) {
                Map<String, Object> stored = database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT count(*) FILTER (WHERE accepted) AS accepted, count(*) AS total FROM checkin WHERE received_at >= :start""")
                        .bind("start", start.atOffset(java.time.ZoneOffset.UTC)).mapToMap().one());
                long answered201 = result.byAnswer().getOrDefault("201", new LongAdder()).sum();
                long answered422 = result.byAnswer().entrySet().stream().filter(e -> e.getKey().startsWith("422"))
                        .mapToLong(e -> e.getValue().sum()).sum();
                long accepted = ((Number) stored.get("accepted")).longValue();
                long total = ((Number) stored.get("total")).longValue();
                boolean exact = accepted == answered201 && total == answered201 + answered422;
                out.printf("database: %,d accepted (answered 201: %,d), %,d stored in all (answered 201 or 422: %,d): %s%n", accepted,
                        answered201, total, answered201 + answered422, exact ? "exact" : "MISMATCH");
                out.flush();
                return exact && result.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }

        private List<Phone> enrollAndActivate(Database database, PrintWriter out) throws Exception {
            List<Map<String, Object>> staff = staff(database);
            List<String> codes = enroll(database, staff);
            out.printf("enrolled %,d employees; activating their devices...%n", staff.size());
            out.flush();
            return activateAll(staff, codes);
        }

        /** Active employees with a work location (the first N after --skip), with that location's position. */
        private List<Map<String, Object>> staff(Database database) {
            List<Map<String, Object>> staff = database.jdbi().withHandle(h -> h.createQuery("""
                            SELECT coalesce(e.nip, e.nik) AS key, l.latitude::float8 AS lat, l.longitude::float8 AS lon
                              FROM employee e JOIN LATERAL (SELECT latitude, longitude FROM work_location w WHERE w.unit_id = e.unit_id
                                                              ORDER BY w.id LIMIT 1) l ON true
                             WHERE e.active ORDER BY e.id OFFSET :skip LIMIT :n""").bind("skip", skip).bind("n", employees).mapToMap().list());
            if (staff.size() < employees) {
                throw new IllegalArgumentException("only " + staff.size() + " active employees have a work location; need " + employees);
            }
            return staff;
        }

        private List<String> enroll(Database database, List<Map<String, Object>> staff) {
            Audit audit = new Audit("bench", "presensi bench rush");
            DeviceStore devices = new DeviceStore(database.jdbi());
            return database.jdbi().inTransaction(h -> staff.stream()
                    .map(s -> devices.enroll(h, audit, (String) s.get("key"), Duration.ofHours(1), "bench").code()).toList());
        }

        private List<Phone> activateAll(List<Map<String, Object>> staff, List<String> codes) throws Exception {
            List<Phone> phones = new ArrayList<>(Collections.nCopies(staff.size(), null));
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, 64));
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < staff.size(); i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    Map<String, Object> s = staff.get(index);
                    String body = json.writeValueAsString(Map.of("employee", s.get("key"), "code", codes.get(index), "deviceName", "bench"));
                    HttpResponse<String> response = post("/api/v1/activate", null, body);
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("activation of " + s.get("key") + " answered " + response.statusCode() + ": " + response.body());
                    }
                    String token = (String) json.readValue(response.body(), Map.class).get("token");
                    phones.set(index, new Phone(token, (Double) s.get("lat"), (Double) s.get("lon")));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            return phones;
        }

        private record Result(long[] latencies, Map<String, LongAdder> byAnswer, long errors) {
        }

        private Result fire(List<Phone> phones) throws Exception {
            Map<String, LongAdder> byAnswer = new ConcurrentHashMap<>();
            List<long[]> perThread = new ArrayList<>();
            LongAdder errors = new LongAdder();
            AtomicInteger next = new AtomicInteger();
            long deadline = duration > 0 ? System.nanoTime() + Duration.ofSeconds(duration).toNanos() : Long.MAX_VALUE;
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<long[]>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                int seed = t;
                workers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    long[] latencies = new long[1024];
                    int count = 0;
                    while (true) {
                        int i = next.getAndIncrement();
                        if (duration == 0 ? i >= phones.size() : System.nanoTime() > deadline) {
                            break;
                        }
                        Phone phone = phones.get(i % phones.size());
                        boolean outside = random.nextInt(100) < outsidePercent;
                        String body = "{\"type\":\"" + (duration == 0 || (i / phones.size()) % 2 == 0 ? "IN" : "OUT") + "\",\"lat\":" + phone.lat()
                                + ",\"lon\":" + (phone.lon() + (outside ? 0.02 : 0.0001)) + ",\"accuracy\":12,\"requestId\":\"" + UUID.randomUUID() + "\"}";
                        long started = System.nanoTime();
                        String answer;
                        try {
                            HttpResponse<String> response = post("/api/v1/checkins", phone.token(), body);
                            answer = response.statusCode() == 422
                                    ? "422 " + json.readTree(response.body()).path("reason").asText() : Integer.toString(response.statusCode());
                            if (response.statusCode() >= 500) {
                                errors.increment();
                            }
                        } catch (Exception e) {
                            answer = "error " + e.getClass().getSimpleName();
                            errors.increment();
                        }
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = System.nanoTime() - started;
                        byAnswer.computeIfAbsent(answer, k -> new LongAdder()).increment();
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
            for (Future<long[]> w : workers) {
                perThread.add(w.get());
            }
            pool.shutdown();
            long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
            return new Result(all, byAnswer, errors.sum());
        }

        private HttpResponse<String> post(String path, String token, String body) throws Exception {
            var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
