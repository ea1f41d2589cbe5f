package id.presensi.cli.demo;

import id.presensi.cli.DatabaseOptions;
import id.presensi.cli.ExitCodes;
import id.presensi.db.Database;
import id.presensi.files.PrivateFiles;
import id.presensi.store.Audit;
import id.presensi.store.CheckInStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.EmployeeStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load tests against a running check-in service.",
        subcommands = BenchCommand.Rush.class)
public class BenchCommand {

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
        Path phonesOut;
        @Option(names = "--codes-out", paramLabel = "FILE",
                description = "Only enroll the employees and write 'NIP/NIK,code' lines for another load generator to activate.")
        Path codesOut;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (codesOut != null) {
                try (Database database = db.open()) {
                    List<EmployeeStore.Placed> staff = staff(database);
                    List<String> codes = enroll(database, staff);
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < staff.size(); i++) {
                        lines.add(staff.get(i).key() + "," + codes.get(i));
                    }
                    PrivateFiles.writeString(codesOut, String.join("\n", lines) + "\n"); // the codes: as secret as the real ones
                    out.printf("enrolled %,d employees%n", staff.size());
                    return ExitCodes.OK;
                }
            }
            Instant activationStart = Instant.now();
            List<SimulatedPhone> phones;
            try (Database database = db.open()) {
                List<EmployeeStore.Placed> staff = staff(database);
                List<String> codes = enroll(database, staff);
                out.printf("enrolled %,d employees; activating their devices...%n", staff.size());
                out.flush();
                phones = activateAll(SimulatedPhone.client(), staff, codes);
            }
            if (phonesOut != null) {
                PrivateFiles.writeString(phonesOut, phones.stream().map(p -> p.line() + "\n").collect(Collectors.joining())); // device tokens
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
                CheckInStore.Tally stored = new CheckInStore(database.jdbi()).receivedSince(start);
                long answered201 = result.byAnswer().getOrDefault("201", new LongAdder()).sum();
                long answered422 = result.byAnswer().entrySet().stream().filter(e -> e.getKey().startsWith("422"))
                        .mapToLong(e -> e.getValue().sum()).sum();
                boolean exact = stored.accepted() == answered201 && stored.total() == answered201 + answered422;
                out.printf("database: %,d accepted (answered 201: %,d), %,d stored in all (answered 201 or 422: %,d): %s%n", stored.accepted(),
                        answered201, stored.total(), answered201 + answered422, exact ? "exact" : "MISMATCH");
                out.flush();
                return exact && result.errors() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }

        /** Active employees with a work location (the first N after --skip), with that location's position. */
        private List<EmployeeStore.Placed> staff(Database database) {
            List<EmployeeStore.Placed> staff = new EmployeeStore(database.jdbi()).placedAtWork(skip, employees);
            if (staff.size() < employees) {
                throw new IllegalArgumentException("only " + staff.size() + " active employees have a work location; need " + employees);
            }
            return staff;
        }

        private List<String> enroll(Database database, List<EmployeeStore.Placed> staff) {
            Audit audit = new Audit("bench", "presensi bench rush");
            DeviceStore devices = new DeviceStore(database.jdbi());
            return database.jdbi().inTransaction(h -> devices.enroll(h, audit, staff.stream().map(EmployeeStore.Placed::key).toList(),
                    Duration.ofHours(1), "bench").stream().map(DeviceStore.Issued::code).toList());
        }

        private List<SimulatedPhone> activateAll(HttpClient http, List<EmployeeStore.Placed> staff, List<String> codes) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, 64));
            List<Future<SimulatedPhone>> done = new ArrayList<>();
            for (int i = 0; i < staff.size(); i++) {
                int index = i;
                done.add(pool.submit(() -> SimulatedPhone.activate(http, url, staff.get(index), codes.get(index), "bench")));
            }
            List<SimulatedPhone> phones = new ArrayList<>();
            for (Future<SimulatedPhone> f : done) {
                phones.add(f.get());
            }
            pool.shutdown();
            return phones;
        }

        private record Result(long[] latencies, Map<String, LongAdder> byAnswer, long errors) {
        }

        private Result fire(List<SimulatedPhone> phones) throws Exception {
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
                        SimulatedPhone phone = phones.get(i % phones.size());
                        boolean outside = random.nextInt(100) < outsidePercent;
                        String type = duration == 0 || (i / phones.size()) % 2 == 0 ? "IN" : "OUT";
                        long started = System.nanoTime();
                        String answer;
                        try {
                            SimulatedPhone.Answer a = phone.checkIn(type, outside ? 0.02 : 0.0001);
                            answer = a.label();
                            if (a.status() >= 500) {
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
    }
}
