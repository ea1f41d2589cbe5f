package id.presensi.server;

import id.presensi.apel.ApelDuty;
import id.presensi.app.ApelAttendance;
import id.presensi.rules.GeoPoint;
import id.presensi.store.ApelStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.RulesLoader;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The phone's apel: {@code GET /api/v1/apel} says which apel is held for the employee today, whether it is open now
 * (its window), where, and whether they are in; {@code POST /api/v1/apel/checkins} is "Presensi apel", with the
 * check-in's conventions: an idempotent requestId, 201 accepted or 422 refused with an Indonesian reason.
 */
final class ApelEndpoints {
    static final int MAX_BODY = 2_048;
    private static final Set<String> FIELDS = Set.of("requestId", "apelId", "lat", "lon", "accuracy", "mock");

    private final ApelAttendance apel;
    private final Function<Long, RulesLoader.Loaded> rules;
    private final Clock clock;
    private final PhoneLimits limits;
    private final Function<Context, DeviceStore.Authenticated> authenticate;
    /** Per device and local day: looks at today's apel (the page's, bounded as Riwayat's reads) and attempts (as check-ins). */
    private final DailyCounts reads = new DailyCounts();
    private final DailyCounts sends = new DailyCounts();

    ApelEndpoints(Jdbi jdbi, Function<Long, RulesLoader.Loaded> rules, Clock clock, PhoneLimits limits,
                  Function<Context, DeviceStore.Authenticated> authenticate) {
        this.apel = new ApelAttendance(jdbi);
        this.rules = rules;
        this.clock = clock;
        this.limits = limits;
        this.authenticate = authenticate;
    }

    void today(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        RulesLoader.Loaded who = rules.apply(device.employeeId());
        Instant now = clock.instant();
        ZoneId zone = who.rules().zone();
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        bound(reads, limits.historyPerDay(), device, local.toLocalDate(), now, zone);
        List<Map<String, Object>> held = apel.today(device.employeeId(), who.rules(), local.toLocalDate()).stream().map(t -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("id", t.day().apel().id());
            a.put("name", t.day().apel().name());
            a.put("opens", t.day().apel().opens().toString());
            a.put("closes", t.day().apel().closes().toString());
            a.put("duty", t.day().duty().name());
            a.put("note", t.day().reason());
            a.put("open", t.day().duty() != ApelDuty.CANCELLED && t.day().apel().within(local.toLocalTime()) && t.checkedIn().isEmpty());
            a.put("places", (t.day().apel().locations().isEmpty() ? who.rules().on(local.toLocalDate()).locations() : t.day().apel().locations())
                    .stream().map(l -> Map.of("name", l.name(), "lat", l.point().latitude(), "lon", l.point().longitude(), "radiusM", l.radiusM()))
                    .toList());
            t.checkedIn().ifPresent(c -> a.put("checkedInAt", OffsetDateTime.ofInstant(c.at(), zone).toString()));
            return a;
        }).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("date", local.toLocalDate().toString());
        answer.put("apel", held);
        ctx.contentType("application/json").header("Cache-Control", "private, no-cache").result(Json.write(answer));
    }

    void checkIn(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        RulesLoader.Loaded who = rules.apply(device.employeeId());
        Instant now = clock.instant();
        ZoneId zone = who.rules().zone();
        bound(sends, limits.checkInsPerDay(), device, LocalDate.ofInstant(now, zone), now, zone);
        Json body = Json.body(ctx, MAX_BODY, Set.of()).only(FIELDS);
        UUID requestId = body.uuid("requestId");
        long apelId = body.whole("apelId", 1, Long.MAX_VALUE);
        var attempt = new ApelAttendance.Attempt(requestId, apelId, device.employeeId(), device.deviceId(),
                new GeoPoint(body.number("lat", -90, 90), body.number("lon", -180, 180)), body.number("accuracy", 0, 100_000), body.flag("mock"));
        ApelStore.CheckIn stored;
        try {
            stored = apel.checkIn(attempt, who.rules(), now);
        } catch (IllegalArgumentException noSuchApel) {
            throw new ApiException(404, "NOT_FOUND", "Apel ini tidak ditemukan; muat ulang halaman.");
        }
        if (stored.employeeId() != device.employeeId()) {
            throw new ApiException(409, "REQUEST_ID_IN_USE", "requestId ini sudah dipakai perangkat lain; kirim ulang dengan requestId baru.");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", stored.requestId().toString());
        answer.put("apelId", stored.apelId());
        answer.put("accepted", stored.accepted());
        stored.reason().ifPresent(r -> answer.put("reason", r));
        answer.put("message", stored.requestId().equals(requestId) ? stored.message()
                : "Presensi apel Anda sudah tercatat pukul " + OffsetDateTime.ofInstant(stored.at(), zone).toLocalTime().withNano(0) + ".");
        answer.put("at", OffsetDateTime.ofInstant(stored.at(), zone).toString());
        ctx.status(stored.accepted() ? 201 : 422).contentType("application/json").result(Json.write(answer));
    }

    private static void bound(DailyCounts counts, int limit, DeviceStore.Authenticated device, LocalDate today, Instant now, ZoneId zone) {
        if (counts.add(device.deviceId(), today) > limit) {
            throw ApiException.tooMany("TOO_MANY_APEL_CALLS", "Perangkat ini sudah " + limit
                    + " kali membuka atau mengirim presensi apel hari ini, batas sehari. Coba lagi besok.", now, zone);
        }
    }

}
