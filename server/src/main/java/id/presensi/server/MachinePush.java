package id.presensi.server;

import id.presensi.machine.AttLog;
import id.presensi.machine.MachinePunch;
import id.presensi.store.CheckInStore;
import id.presensi.store.MachinePinStore;
import id.presensi.store.MachineStore;
import id.presensi.store.RulesLoader;
import id.presensi.store.UnmatchedPunchStore;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The push protocol of ZKTeco machines (ADMS, "iClock"), which they speak over HTTP once given a server address:
 * a handshake ({@code GET /iclock/cdata?options=all}), punches ({@code POST /iclock/cdata?table=ATTLOG}), polling for
 * commands ({@code GET /iclock/getrequest}) and command results ({@code POST /iclock/devicecmd}). Answers are plain
 * text, as the firmware expects. Punches are answered OK only once committed (the same group commit as check-ins),
 * so a machine that hears nothing sends them again, and a resend stores nothing twice. Other tables (OPERLOG,
 * ATTPHOTO, USERINFO) are acknowledged and dropped: refusing them would make the machine stall. Only registered
 * serial numbers are served; others get 403 and are remembered for 'machine list'.
 */
final class MachinePush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MachinePush.class);
    /** A machine's last contact is written at most this often (a machine polls every few seconds). */
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(30);
    /** An unregistered serial is written at most this often, and at most this many are tracked in memory. */
    private static final Duration SIGHTING_EVERY = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 10_000;
    /** A machine back online sends its backlog in one request. */
    static final int MAX_BODY = 2 * 1024 * 1024;

    private final MachineStore machines;
    private final MachinePinStore pins;
    private final RulesLoader rulesLoader;
    private final Caches caches;
    private final Clock clock;
    private final Duration commitTimeout;
    private final GroupCommit<CheckInStore.MachineRecord, Boolean> writer;
    private final Map<String, Instant> contactWritten = new ConcurrentHashMap<>();
    private final Map<String, Instant> sightingWritten = new ConcurrentHashMap<>();
    private final Counter unregistered;
    private final Map<String, Counter> punches = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    MachinePush(MachineStore machines, MachinePinStore pins, RulesLoader rulesLoader, CheckInStore checkins, Caches caches,
                ServerSettings settings, MeterRegistry metrics) {
        this.machines = machines;
        this.pins = pins;
        this.rulesLoader = rulesLoader;
        this.caches = caches;
        this.clock = settings.clock();
        this.commitTimeout = settings.commitTimeout();
        this.writer = new GroupCommit<>("machine", checkins::storeFromMachines, checkins::isAvailable, settings.queueCapacity(),
                settings.maxBatch());
        this.metrics = metrics;
        this.unregistered = Counter.builder("presensi_machine_unregistered_requests").description("requests from unregistered serial numbers")
                .register(metrics);
    }

    /** The handshake (options=all) or any other GET of cdata: the option block that makes the machine start sending. */
    void handshake(Context ctx) {
        MachineStore.Machine m = machine(ctx);
        int offsetHours = m.zone().getRules().getOffset(clock.instant()).getTotalSeconds() / 3600;
        text(ctx, String.join("\n",
                "GET OPTION FROM: " + m.serial(),
                "Stamp=9999", "OpStamp=9999", "ErrorDelay=60", "Delay=10", "TransTimes=00:00;14:05", "TransInterval=1",
                "TransFlag=1111000000", "Realtime=1", "Encrypt=0", "TimeZone=" + offsetHours) + "\n");
    }

    /** A table of records: ATTLOG is stored, every other table acknowledged. */
    void upload(Context ctx) {
        MachineStore.Machine m = machine(ctx);
        String table = Optional.ofNullable(ctx.queryParam("table")).orElse("");
        if (!table.equalsIgnoreCase("ATTLOG")) {
            count("ignored_" + (table.matches("[A-Za-z]{1,16}") ? table.toLowerCase(Locale.ROOT) : "other"), 1);
            text(ctx, "OK");
            return;
        }
        List<MachinePunch> read = new ArrayList<>();
        int malformed = 0;
        byte[] body = Bodies.read(ctx, MAX_BODY, () -> new PlainTextError(413, "send at most 2 MB at a time"),
                () -> new PlainTextError(400, "unreadable body"));
        for (String line : new String(body, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (AttLog.parse(line, AttLog.Layout.PUSH) instanceof AttLog.Read r) {
                read.add(r.punch());
            } else {
                malformed++;
            }
        }
        if (malformed > 0) {
            log.warn("Machine {} sent {} line(s) that are not punches; they were skipped", m.serial(), malformed);
            count("malformed", malformed);
        }
        List<CheckInStore.MachineRecord> records = records(m, read);
        List<Boolean> fresh = commit(records);
        long unmatched = records.stream().filter(r -> r instanceof UnmatchedPunchStore.Unmatched).count();
        long stored = fresh.stream().filter(b -> b).count() - unmatched;
        count("stored", stored);
        count("unmatched", unmatched);
        count("resent", records.size() - unmatched - stored);
        contacted(m, !records.isEmpty());
        text(ctx, "OK");
    }

    /** Each punch filed under the employee its PIN names on this machine, on the work date their rules give it. */
    private List<CheckInStore.MachineRecord> records(MachineStore.Machine m, List<MachinePunch> read) {
        Set<String> distinct = new LinkedHashSet<>();
        read.forEach(p -> distinct.add(p.pin()));
        Map<String, Long> employees = distinct.isEmpty() ? Map.of() : pins.employees(m.id(), distinct);
        List<CheckInStore.MachineRecord> records = new ArrayList<>(read.size());
        for (MachinePunch p : read) {
            Long employeeId = employees.get(p.pin());
            if (employeeId == null) {
                records.add(new UnmatchedPunchStore.Unmatched(m.id(), p));
                continue;
            }
            Instant at = p.time().atZone(m.zone()).toInstant();
            records.add(CheckInStore.FromMachine.filed(m.serial(), p, at, employeeId, rules(employeeId, at).rules()));
        }
        return records;
    }

    /** Today's and yesterday's punches from memory; a machine's backlog of older days from the database. */
    private RulesLoader.Loaded rules(long employeeId, Instant at) {
        RulesLoader.Loaded cached = caches.rules(employeeId);
        LocalDate day = LocalDateTime.ofInstant(at, cached.rules().zone()).toLocalDate();
        LocalDate today = LocalDate.now(clock.withZone(cached.rules().zone()));
        if (!day.isBefore(today.minusDays(1)) && !day.isAfter(today)) {
            return cached;
        }
        return rulesLoader.load(employeeId, day.minusDays(1), day.plusDays(1));
    }

    private List<Boolean> commit(List<CheckInStore.MachineRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        try {
            return writer.submit(records).get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupCommit.RefusedRow) {
                throw new PlainTextError(400, "the punches have a value the server cannot store");
            }
            throw busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private static PlainTextError busy() {
        return new PlainTextError(503, "busy, send again");
    }

    /** Polling for commands: none yet. */
    void getRequest(Context ctx) {
        contacted(machine(ctx), false);
        text(ctx, "OK");
    }

    /** Results of commands: acknowledged. */
    void deviceCommand(Context ctx) {
        machine(ctx);
        text(ctx, "OK");
    }

    /** The registered machine the request names by SN; anything else is refused and remembered. */
    private MachineStore.Machine machine(Context ctx) {
        String serial = Optional.ofNullable(ctx.queryParam("SN")).orElse("").strip();
        if (serial.isEmpty()) {
            throw new PlainTextError(400, "SN is required");
        }
        Optional<MachineStore.Machine> m = caches.machine(serial);
        if (m.isPresent()) {
            return m.get();
        }
        unregistered.increment();
        Instant now = clock.instant();
        Instant last = sightingWritten.get(serial);
        if ((last == null && sightingWritten.size() < MAX_TRACKED) || (last != null && last.plus(SIGHTING_EVERY).isBefore(now))) {
            sightingWritten.put(serial, now);
            try {
                machines.sighted(serial, CheckInServer.client(ctx), now);
            } catch (RuntimeException e) {
                log.debug("Could not record the sighting of machine {}", serial, e);
            }
        }
        throw new PlainTextError(403, "unknown device; register it with: presensi machine add SERIAL --unit CODE --name NAME");
    }

    private void contacted(MachineStore.Machine m, boolean punched) {
        Instant now = clock.instant();
        Instant last = contactWritten.get(m.serial());
        if (!punched && last != null && last.plus(CONTACT_EVERY).isAfter(now)) {
            return;
        }
        contactWritten.put(m.serial(), now);
        try {
            machines.contacted(m.id(), m.serial(), now);
        } catch (RuntimeException e) {
            log.debug("Could not record the contact of machine {}", m.serial(), e);
        }
    }

    private void count(String outcome, long n) {
        if (n > 0) {
            punches.computeIfAbsent(outcome, o -> Counter.builder("presensi_machine_records").tag("outcome", o).register(metrics)).increment(n);
        }
    }

    private static void text(Context ctx, String body) {
        ctx.contentType("text/plain; charset=UTF-8").result(body);
    }

    int queued() {
        return writer.queued();
    }

    @Override
    public void close() throws InterruptedException {
        writer.close();
    }

    /** A refusal as the machines read it: a status and one plain line. */
    static final class PlainTextError extends RuntimeException {
        final int status;

        PlainTextError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
