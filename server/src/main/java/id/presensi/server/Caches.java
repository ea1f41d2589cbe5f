package id.presensi.server;

import id.presensi.device.Secrets;
import id.presensi.rules.DayPool;
import id.presensi.rules.ResolvedDays;
import id.presensi.store.DeviceStore;
import id.presensi.store.MachineStore;
import id.presensi.store.RulesLoader;
import id.presensi.unit.TimeZones;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Devices and rules kept in memory, so a check-in costs no queries before its insert, and never emptied on
 * the hot path. Every second the database is asked what changed (migration V9): a new rules version builds
 * a complete snapshot beside the one in use and swaps it in; changed devices are re-read one by one, so an
 * activation or a revocation on any server, or from the CLI, is seen everywhere within a second and never
 * reloads anyone's rules.
 */
final class Caches implements AutoCloseable {
    /** A device row is re-read if it changed after the last look minus this (transactions commit late). */
    private static final Duration OVERLAP = Duration.ofSeconds(30);

    /**
     * Tokens not in memory looked up in the database, a second. A phone activated a moment ago on another server
     * needs one (within a second its device is in memory); a stream of made-up tokens must not keep the pool's
     * connections from the check-ins. Past it, such a token is answered 503, and the page sends again.
     */
    private static final int UNKNOWN_TOKEN_LOOKUPS_PER_SECOND = 20;

    private static final Logger log = LoggerFactory.getLogger(Caches.class);

    private final RulesLoader rulesLoader;
    private final Clock clock;
    private final DeviceStore devices;
    private final MachineStore machineStore;
    /** Registered fingerprint machines by serial, re-read every second: a machine added is served within a second. */
    private volatile Map<String, MachineStore.Machine> machines = Map.of();
    private final Map<ByteBuffer, DeviceStore.Authenticated> byTokenHash = new ConcurrentHashMap<>();
    private final PerSecond unknownTokenLookups = new PerSecond(UNKNOWN_TOKEN_LOOKUPS_PER_SECOND);
    private volatile Snapshot snapshot = new Snapshot(-1, LocalDate.MIN, Map.of(), DayPool.create());
    /** Employees missing from the snapshot (new today) or loaded for a day it does not cover; dropped at each swap. */
    private final Map<Long, Cached> extra = new ConcurrentHashMap<>();
    private volatile OffsetDateTime devicesSeenAt;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rules-watch");
        t.setDaemon(true);
        return t;
    });

    Caches(Jdbi jdbi, Clock clock) {
        this.rulesLoader = new RulesLoader(jdbi);
        this.clock = clock;
        this.devices = new DeviceStore(jdbi);
        this.machineStore = new MachineStore(jdbi);
        watch.scheduleWithFixedDelay(this::checkForChanges, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * The device of a token: from memory, else (a device activated a moment ago elsewhere) from the database, within
     * {@link #UNKNOWN_TOKEN_LOOKUPS_PER_SECOND}.
     */
    Optional<DeviceStore.Authenticated> device(String token) {
        ByteBuffer hash = ByteBuffer.wrap(Secrets.sha256(token));
        DeviceStore.Authenticated known = byTokenHash.get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        // unknown tokens are not remembered: a stream of random tokens must not fill the memory
        if (!unknownTokenLookups.tryTake()) {
            throw ApiException.unavailable("Server sedang sibuk, coba lagi sebentar.");
        }
        Optional<DeviceStore.Authenticated> found = devices.authenticate(token);
        found.ifPresent(d -> byTokenHash.put(hash, d));
        return found;
    }

    /** The device of a token if it is in memory, never asking the database. */
    Optional<DeviceStore.Authenticated> cached(String token) {
        return Optional.ofNullable(byTokenHash.get(ByteBuffer.wrap(Secrets.sha256(token))));
    }

    Optional<MachineStore.Machine> machine(String serial) {
        return Optional.ofNullable(machines.get(serial));
    }

    /** A device activated on this server is known here at once. */
    void activated(String token, long deviceId, long employeeId) {
        byTokenHash.put(ByteBuffer.wrap(Secrets.sha256(token)), new DeviceStore.Authenticated(deviceId, employeeId, false));
    }

    /** The rules of an employee around today in their unit's zone (two days back for night shifts and offline sync). */
    RulesLoader.Loaded rules(long employeeId) {
        return person(employeeId).loaded();
    }

    /** The same rules with the work dates a check-in asks about resolved once and kept (ResolvedDays). */
    ResolvedDays days(long employeeId) {
        return person(employeeId).days();
    }

    /** The rules and resolved dates together, from one look-up (the same snapshot), for a caller that needs both. */
    Cached person(long employeeId) {
        Snapshot current = snapshot;
        Cached cached = current.rules().get(employeeId);
        if (cached == null || !cached.isFor(clock)) {
            cached = extra.get(employeeId);
        }
        if (cached != null && cached.isFor(clock)) {
            return cached;
        }
        LocalDate today = LocalDate.now(clock.withZone(rulesLoader.zoneOf(employeeId)));
        RulesLoader.Loaded loaded = rulesLoader.load(employeeId, today.minusDays(2), today.plusDays(1));
        Cached made = new Cached(loaded, LocalDate.now(clock.withZone(loaded.rules().zone())), new ResolvedDays(loaded.rules(), current.days()));
        extra.put(employeeId, made);
        return made;
    }

    record Cached(RulesLoader.Loaded loaded, LocalDate day, ResolvedDays days) {
        boolean isFor(Clock clock) {
            return day.equals(LocalDate.now(clock.withZone(loaded.rules().zone())));
        }
    }

    /** Everyone's rules as of one rules version and one day, and the work dates resolved from them (shared in one pool). */
    private record Snapshot(long version, LocalDate day, Map<Long, Cached> rules, DayPool days) {
    }

    private void checkForChanges() {
        try {
            long version = rulesLoader.version();
            // a new day anywhere in the regency's default zone; each employee's rules are checked against their own zone
            LocalDate today = LocalDate.now(clock.withZone(TimeZones.DEFAULT));
            if (version != snapshot.version() || !today.equals(snapshot.day())) {
                snapshot = build(version, today);
                extra.clear();
            }
            refreshDevices();
            machines = Map.copyOf(machineStore.all());
        } catch (RuntimeException e) {
            // the database is away; requests will say so, and the caches are checked again in a second
            log.debug("Could not check for changes", e);
        }
    }

    /** Loads everyone's rules in a dozen queries, beside the snapshot in use; requests never wait for it. */
    private Snapshot build(long version, LocalDate today) {
        Map<Long, RulesLoader.Loaded> all = rulesLoader.loadAll(today.minusDays(2), today.plusDays(1));
        Map<Long, Cached> rules = new HashMap<>(all.size() * 2);
        DayPool days = DayPool.create();
        all.forEach((id, loaded) -> rules.put(id, new Cached(loaded, LocalDate.now(clock.withZone(loaded.rules().zone())),
                new ResolvedDays(loaded.rules(), days))));
        return new Snapshot(version, today, Map.copyOf(rules), days);
    }

    private void refreshDevices() {
        OffsetDateTime since = devicesSeenAt == null ? null : devicesSeenAt.minus(OVERLAP);
        DeviceStore.Changes changes = devices.changedSince(Optional.ofNullable(since));
        changes.devices().forEach(d -> byTokenHash.put(ByteBuffer.wrap(d.getKey()), d.getValue()));
        devicesSeenAt = changes.asOf();
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
