package id.presensi.server;

import id.presensi.store.DeviceStore;
import id.presensi.store.RulesLoader;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Devices and rules kept in memory, so a check-in costs no queries before its insert. Every operator
 * change leaves an audit row; the caches are emptied within a second of a new one (revocations included).
 */
final class Caches implements AutoCloseable {
    private final Jdbi jdbi;
    private final DeviceStore devices;
    private final Map<String, Optional<DeviceStore.Authenticated>> byToken = new ConcurrentHashMap<>();
    private final Map<Long, Cached> rules = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rules-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastChange = -1;
    private volatile LocalDate preloadedFor = LocalDate.MIN;

    private final Clock clock;

    Caches(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.devices = new DeviceStore(jdbi);
        watch.scheduleWithFixedDelay(this::checkForChanges, 0, 1, TimeUnit.SECONDS);
    }

    Optional<DeviceStore.Authenticated> device(String token) {
        return byToken.computeIfAbsent(token, devices::authenticate);
    }

    /** The rules of an employee around today in their unit's zone (two days back for night shifts and offline sync). */
    RulesLoader.Loaded rules(long employeeId) {
        Cached cached = rules.get(employeeId);
        if (cached != null && cached.day().equals(LocalDate.now(clock.withZone(cached.loaded().rules().zone())))) {
            return cached.loaded();
        }
        RulesLoader.Loaded loaded = jdbi.withHandle(h -> {
            LocalDate today = LocalDate.now(clock.withZone(RulesLoader.zoneOf(h, employeeId)));
            return RulesLoader.load(h, employeeId, today.minusDays(2), today.plusDays(1));
        });
        rules.put(employeeId, new Cached(loaded, LocalDate.now(clock.withZone(loaded.rules().zone()))));
        return loaded;
    }

    private record Cached(RulesLoader.Loaded loaded, LocalDate day) {
    }

    /** Loads everyone's rules at once, so the first check-in of the morning costs no queries either. */
    private void preload() {
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Makassar")));
        Map<Long, RulesLoader.Loaded> all = jdbi.withHandle(h -> RulesLoader.loadAll(h, today.minusDays(2), today.plusDays(1)));
        all.forEach((id, loaded) -> rules.putIfAbsent(id, new Cached(loaded, LocalDate.now(clock.withZone(loaded.rules().zone())))));
        preloadedFor = today;
    }

    private void checkForChanges() {
        try {
            long latest = jdbi.withHandle(h -> h.createQuery("SELECT rules_version()").mapTo(Long.class).one());
            LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Makassar")));
            if (latest != lastChange || !today.equals(preloadedFor)) {
                lastChange = latest;
                byToken.clear();
                rules.clear();
                preload();
            }
        } catch (RuntimeException e) {
            // the database is away; requests will say so, and the caches are checked again in a second
        }
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
