package id.presensi.server;

import id.presensi.app.MachineCheckIn;
import id.presensi.machine.AttLog;
import id.presensi.machine.Cidr;
import id.presensi.machine.MachinePunch;
import id.presensi.machine.PunchWindow;
import id.presensi.machine.Sightings;
import id.presensi.store.CheckInStore;
import id.presensi.store.HeldPunchStore;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * serial numbers are served; others get 403 and are remembered (a bounded few) for 'machine list'.
 *
 * <p>Who is calling. The serial is on the machine's label and sent in clear, so it proves nothing. The attendance
 * firmware these regencies run (push versions 2.x: ZKTeco, Solution, Fingerspot, Revo) sends nothing else: no key,
 * no signature, plain HTTP. ZKTeco's later "Security PUSH" protocol (3.x, mostly access-control firmware) adds a
 * registration step ({@code POST /iclock/registry} answered with a {@code RegistryCode}) and a {@code SessionID} in
 * the configuration, but how a machine presents them afterwards varies by firmware and could not be confirmed from
 * public notes (ZKTeco's "Security PUSH Communication Protocol" 3.1.2, §7; the s0x90/zkteco-adms field notes), so a
 * machine is not asked for them. What a machine on an office network does have is the office's address: each
 * machine has an allowlist of source addresses, or, without one, the first address it called from, and punches from
 * any other address are held (kept, not filed) until an operator confirms the address ('machine confirm') or the
 * allowlist covers it ('machine allow'). Punches are filed only within the {@link PunchWindow} of the server's
 * clock, never for staff whose employment had ended, and never under a regency-wide PIN of someone whose unit the
 * machine does not serve; those are set aside. Unmatched and held punches are capped per push and per machine.
 */
final class MachinePush implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MachinePush.class);
    /** A machine's last contact is written at most this often (a machine polls every few seconds). */
    private static final Duration CONTACT_EVERY = Duration.ofSeconds(30);
    /** An unregistered serial is written at most this often; this many are remembered, a few per source address. */
    private static final Duration SIGHTING_EVERY = Duration.ofMinutes(1);
    static final int SIGHTINGS_TRACKED = 1_000;
    static final int SIGHTINGS_PER_ADDRESS = 8;
    /** A machine back online sends its backlog in one request. */
    static final int MAX_BODY = 2 * 1024 * 1024;

    private final MachineStore machines;
    private final MachineCheckIn checkIn;
    private final RulesLoader rulesLoader;
    private final Caches caches;
    private final Clock clock;
    private final Duration commitTimeout;
    private final GroupCommit<CheckInStore.MachineRecord, Boolean> writer;
    private final Map<String, Instant> contactWritten = new ConcurrentHashMap<>();
    private final Map<String, String> addressWritten = new ConcurrentHashMap<>();
    /** Warnings about a registered machine (held, out of window), by serial and kind: logged once a minute at most. */
    private final Map<String, Instant> warned = new ConcurrentHashMap<>();
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);
    private final Sightings sightings = new Sightings(SIGHTINGS_TRACKED, SIGHTINGS_PER_ADDRESS, SIGHTING_EVERY);
    /** The first address of machines with none yet, as the database kept it, until the cache of machines has it. */
    private final Map<Long, String> firstAddresses = new ConcurrentHashMap<>();
    private final PunchWindow window = PunchWindow.DEFAULT;
    private final Counter unregistered;
    private final Map<String, Counter> punches = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    MachinePush(MachineStore machines, MachinePinStore pins, RulesLoader rulesLoader, CheckInStore checkins, Caches caches,
                ServerSettings settings, MeterRegistry metrics) {
        this.machines = machines;
        this.checkIn = new MachineCheckIn(pins);
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
        Optional<String> address = address(ctx);
        trusted(m, address);
        contacted(m, address, false);
        int offsetHours = m.zone().getRules().getOffset(clock.instant()).getTotalSeconds() / 3600;
        text(ctx, String.join("\n",
                "GET OPTION FROM: " + m.serial(),
                "Stamp=9999", "OpStamp=9999", "ErrorDelay=60", "Delay=10", "TransTimes=00:00;14:05", "TransInterval=1",
                "TransFlag=1111000000", "Realtime=1", "Encrypt=0", "TimeZone=" + offsetHours) + "\n");
    }

    /** A table of records: ATTLOG is stored, every other table acknowledged. */
    void upload(Context ctx) {
        MachineStore.Machine m = machine(ctx);
        Optional<String> address = address(ctx);
        boolean trusted = trusted(m, address);
        String table = Optional.ofNullable(ctx.queryParam("table")).orElse("");
        if (!table.equalsIgnoreCase("ATTLOG")) {
            count("ignored_" + (table.matches("[A-Za-z]{1,16}") ? table.toLowerCase(Locale.ROOT) : "other"), 1);
            text(ctx, "OK");
            return;
        }
        List<MachinePunch> read = new ArrayList<>();
        int malformed = 0;
        int outOfWindow = 0;
        byte[] body = Bodies.read(ctx, MAX_BODY, () -> new PlainTextError(413, "send at most 2 MB at a time"),
                () -> new PlainTextError(408, "the body was cut off or sent too slowly"));
        Instant now = clock.instant();
        for (String line : new String(body, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (AttLog.parse(line, AttLog.Layout.PUSH) instanceof AttLog.Read r) {
                if (window.contains(r.punch().time().atZone(m.zone()).toInstant(), now)) {
                    read.add(r.punch());
                } else {
                    outOfWindow++;
                }
            } else {
                malformed++;
            }
        }
        if (malformed > 0 && warnNow(m, "malformed")) {
            log.warn("Machine {} sent {} line(s) that are not punches; they were skipped", m.serial(), malformed);
        }
        count("malformed", malformed);
        if (outOfWindow > 0 && warnNow(m, "window")) {
            log.warn("Machine {} sent {} punch(es) dated outside the last {} days to {} minutes ahead; they were dropped", m.serial(),
                    outOfWindow, window.back().toDays(), window.ahead().toMinutes());
        }
        count("out_of_window", outOfWindow);
        List<CheckInStore.MachineRecord> records = trusted ? checkIn.trusted(m, read, address, (employee, at) -> rules(employee, at).rules())
                : MachineCheckIn.held(m, read, address);
        if (!trusted && !read.isEmpty() && warnNow(m, "address")) {
            log.warn("Machine {} pushed {} punch(es) from {}, an address it is not known from; they are held until "
                    + "'presensi machine confirm' or 'machine allow'", m.serial(), read.size(), address.orElse("an unreadable address"));
        }
        count("dropped", read.size() - records.size());
        List<Boolean> fresh = commit(records);
        long stored = 0;
        for (int i = 0; i < records.size(); i++) {
            CheckInStore.MachineRecord r = records.get(i);
            String outcome = r instanceof CheckInStore.FromMachine ? (fresh.get(i) ? "stored" : "resent")
                    : r instanceof UnmatchedPunchStore.Unmatched ? (fresh.get(i) ? "unmatched" : "dropped")
                    : ((HeldPunchStore.Held) r).reason() == HeldPunchStore.Reason.ADDRESS ? (fresh.get(i) ? "held" : "dropped")
                    : (fresh.get(i) ? "set_aside" : "dropped");
            count(outcome, 1);
            stored += outcome.equals("stored") ? 1 : 0;
        }
        contacted(m, address, stored > 0);
        if (!trusted && (records.size() < read.size() || fresh.contains(false))) {
            // not all of it could be held (the caps): not OK, so a real machine keeps its punches and sends them again,
            // to be filed once its address is confirmed; lines a forger sends beyond the caps are simply refused
            throw new PlainTextError(503, "punches from this address are held until an operator confirms it; send again later");
        }
        text(ctx, "OK");
    }

    /**
     * Whether a machine is believed from this address: its allowlist, else the address it first called from (which
     * a machine with neither gets now).
     */
    private boolean trusted(MachineStore.Machine m, Optional<String> address) {
        if (address.isEmpty()) {
            return false;
        }
        if (!m.allowedFrom().isEmpty() || m.trustedAddress().isPresent()) {
            firstAddresses.remove(m.id());
            return m.trusts(address.get());
        }
        String first = firstAddresses.computeIfAbsent(m.id(), id -> machines.firstAddress(id, address.get()).orElse(null));
        return first != null && Cidr.parse(first).contains(address.get());
    }

    /** Whether to log this kind of warning for a machine now: at most once a minute, whoever floods its serial. */
    private boolean warnNow(MachineStore.Machine m, String kind) {
        Instant now = clock.instant();
        Instant last = warned.get(m.serial() + " " + kind);
        if (last != null && last.plus(WARN_EVERY).isAfter(now)) {
            return false;
        }
        warned.put(m.serial() + " " + kind, now);
        return true;
    }

    private static Optional<String> address(Context ctx) {
        return ClientAddress.address(ClientAddress.client(ctx));
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
        MachineStore.Machine m = machine(ctx);
        Optional<String> address = address(ctx);
        trusted(m, address);
        contacted(m, address, false);
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
        if (!Sightings.isPlausibleSerial(serial)) {
            throw new PlainTextError(400, "SN is not a machine serial number");
        }
        Instant now = clock.instant();
        String from = address(ctx).orElse("?");
        if (sightings.seen(serial, from, now)) {
            try {
                machines.sighted(serial, from, now);
            } catch (RuntimeException e) {
                log.debug("Could not record the sighting of machine {}", serial, e);
            }
        }
        throw new PlainTextError(403, "unknown device; register it with: presensi machine add SERIAL --unit CODE --name NAME");
    }

    private void contacted(MachineStore.Machine m, Optional<String> address, boolean punched) {
        Instant now = clock.instant();
        Instant last = contactWritten.get(m.serial());
        boolean moved = !address.equals(Optional.ofNullable(addressWritten.get(m.serial())));
        if (!punched && !moved && last != null && last.plus(CONTACT_EVERY).isAfter(now)) {
            return;
        }
        contactWritten.put(m.serial(), now);
        address.ifPresent(a -> addressWritten.put(m.serial(), a));
        try {
            machines.contacted(m.id(), m.serial(), now, address);
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
