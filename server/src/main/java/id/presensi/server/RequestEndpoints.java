package id.presensi.server;

import id.presensi.app.LeaveBalances;
import id.presensi.app.RequestDecisions;
import id.presensi.checkin.PunchType;
import id.presensi.photo.Photo;
import id.presensi.request.RequestKind;
import id.presensi.rules.RuleResolver;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestStore;
import id.presensi.store.RulesLoader;
import id.presensi.text.StaffText;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Requests from the phone (permohonan izin / koreksi): {@code POST /api/v1/requests} takes one (sent again with the
 * same requestId, it is stored once), {@code GET /api/v1/requests} lists the employee's own with their status and
 * the admin's note, {@code GET /api/v1/requests/{id}/attachment} gives back the photo of the letter. All under the
 * device token; refusals in Indonesian, for the page to show.
 */
final class RequestEndpoints {
    /** A photo resized on the phone is about 300 KB; base64 makes it 4/3 of that, plus the fields. */
    static final int MAX_BODY = 600 * 1024;
    private static final int MAX_PHOTO = 400 * 1024;
    /** The fields each kind of request takes, as api/openapi.json lists them; any other is refused, named. */
    static final Set<String> LEAVE_FIELDS = Set.of("requestId", "type", "reason", "dateFrom", "dateTo", "photo");
    static final Set<String> CORRECTION_FIELDS = Set.of("requestId", "type", "reason", "time", "punch", "photo");
    private static final Set<String> FIELDS = union(LEAVE_FIELDS, CORRECTION_FIELDS);

    private final RequestStore requests;
    private final LeaveBalances balances;
    private final RequestDecisions decisions;
    private final RulesLoader rulesLoader;
    private final Clock clock;
    private final PhoneLimits limits;
    private final Function<Context, DeviceStore.Authenticated> authenticate;
    private final Function<Context, Optional<DeviceStore.Authenticated>> knownDevice;
    /** An employee's zone, from the service's memory. */
    private final LongFunction<ZoneId> zoneOf;
    /** Requests sent per device and local day, and the answers to those stored. */
    private final DailyCounts sent = new DailyCounts();

    /**
     * @param authenticate the device of a request's token, else a 401 or 403
     * @param knownDevice  the device of a request's token if it is one in use, refusing nothing
     */
    RequestEndpoints(RequestStore requests, LeaveBalances balances, RequestDecisions decisions, RulesLoader rulesLoader, Clock clock, PhoneLimits limits,
                     Function<Context, DeviceStore.Authenticated> authenticate,
                     Function<Context, Optional<DeviceStore.Authenticated>> knownDevice, LongFunction<ZoneId> zoneOf) {
        this.requests = requests;
        this.balances = balances;
        this.decisions = decisions;
        this.rulesLoader = rulesLoader;
        this.clock = clock;
        this.limits = limits;
        this.authenticate = authenticate;
        this.knownDevice = knownDevice;
        this.zoneOf = zoneOf;
    }

    void submit(Context ctx) {
        if (answeredUnread(ctx)) {
            return;
        }
        Json body = Json.body(ctx, MAX_BODY, Set.of()).only(FIELDS);
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        Instant now = clock.instant();
        ZoneId zone = zoneOf.apply(device.employeeId());
        LocalDate sentOn = LocalDate.ofInstant(now, zone);
        Fields fields;
        try {
            fields = fields(body);
            UnreadBody.idempotencyKey(ctx).filter(key -> !key.equals(fields.requestId())).ifPresent(key -> {
                throw ApiException.badRequest(StaffText.FIELD_CONTRADICTS.format(UnreadBody.IDEMPOTENCY_KEY, "requestId"));
            });
        } catch (ApiException invalid) {
            count(ctx, device, sentOn, now, zone); // an attempt all the same: over the bound, it is the 429
            throw invalid;
        }
        UUID requestId = fields.requestId();
        RequestKind kind = fields.kind();
        Optional<DailyCounts.Answer> again = sent.answered(device.deviceId(), sentOn, requestId);
        if (again.isPresent()) {
            again.get().send(ctx);
            return;
        }
        count(ctx, device, sentOn, now, zone);
        RequestStore.Submission submission;
        if (kind.isCorrection()) {
            LocalDateTime local = fields.time().orElseThrow();
            RulesLoader.Loaded who = rulesLoader.load(device.employeeId(), local.toLocalDate().minusDays(1), local.toLocalDate().plusDays(1));
            if (local.isAfter(LocalDateTime.now(clock.withZone(who.rules().zone())))) {
                throw refused("Jam koreksi belum tiba.");
            }
            LocalDate workDate = RuleResolver.planAt(who.rules(), local).date();
            submission = new RequestStore.Submission(requestId, device.employeeId(), device.deviceId(), kind, workDate, workDate,
                    Optional.of(local.atZone(who.rules().zone()).toInstant()), fields.punch(), fields.reason(), fields.photo());
        } else {
            submission = new RequestStore.Submission(requestId, device.employeeId(), device.deviceId(), kind, fields.from(), fields.to(),
                    Optional.empty(), Optional.empty(), fields.reason(), fields.photo());
        }
        LocalDate today = LocalDate.ofInstant(now, zone);
        RequestStore.Context context = requests.context(device.employeeId(), submission.from(), submission.to());
        if (context.closed()) {
            throw refused("Bulan " + submission.from().toString().substring(0, 7) + " sudah ditutup; hubungi admin OPD.");
        }
        context.policy().refusal(kind, submission.from(), submission.to(), today, context.holidays(), context.correctionsThatMonth())
                .ifPresent(reasonText -> {
                    throw refused(reasonText);
                });
        if (kind == RequestKind.CT) {
            balances.refusal(device.employeeId(), submission.from(), workingDays(submission.from(), submission.to(), context.holidays()))
                    .ifPresent(reasonText -> {
                        throw refused(reasonText);
                    });
        }
        RequestStore.Submitted submitted = requests.submit(submission, limits.requestsPerDayAskedFor());
        submitted.sameKind().ifPresent(first -> {
            throw new ApiException(409, "REQUEST_EXISTS", "Permohonan " + first.kind().label() + " untuk " + days(first)
                    + " sudah ada (nomor " + first.id() + ", " + status(first.status()) + "); tidak perlu dikirim lagi.");
        });
        RequestStore.Stored stored = submitted.stored().orElseThrow(() -> ApiException.tooMany("TOO_MANY_REQUESTS_FOR_DAY",
                "Sudah ada " + submitted.sameDays() + " permohonan untuk tanggal ini, batasnya " + limits.requestsPerDayAskedFor()
                        + "; tunggu keputusan admin OPD.", now, zone));
        if (stored.employeeId() != device.employeeId()) {
            throw new ApiException(409, "REQUEST_ID_IN_USE", "requestId ini sudah dipakai; kirim ulang dengan requestId baru.");
        }
        DailyCounts.Answer given = new DailyCounts.Answer(201, Json.write(view(stored)));
        sent.answered(device.deviceId(), sentOn, requestId, given);
        given.send(ctx);
    }

    /** Cuti tahunan is counted in working days: Monday to Friday, not a holiday (cuti bersama included). */
    private static int workingDays(LocalDate from, LocalDate to, Set<LocalDate> holidays) {
        return (int) from.datesUntil(to.plusDays(1))
                .filter(d -> d.getDayOfWeek().getValue() < 6 && !holidays.contains(d)).count();
    }

    /**
     * Answers from the request's line and headers alone, leaving the body (a letter's photo of 300 KB) unparsed, when
     * the phone sends again a request stored today (its requestId in the Idempotency-Key header, as the page sends
     * it), or is over its day's requests with more than a few fields to send.
     */
    private boolean answeredUnread(Context ctx) {
        Optional<DeviceStore.Authenticated> device = knownDevice.apply(ctx);
        if (device.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        ZoneId zone = zoneOf.apply(device.get().employeeId());
        LocalDate sentOn = LocalDate.ofInstant(now, zone);
        long id = device.get().deviceId();
        Optional<DailyCounts.Answer> again = UnreadBody.idempotencyKey(ctx).flatMap(requestId -> sent.answered(id, sentOn, requestId));
        if (again.isPresent()) {
            UnreadBody.answer(ctx, again.get(), Map.of(), MAX_BODY);
            return true;
        }
        if (sent.count(id, sentOn) >= limits.requestsPerDay() && !UnreadBody.isSmall(ctx)) {
            UnreadBody.refuse(ctx, tooMany(now, zone), MAX_BODY);
            return true;
        }
        return false;
    }

    private ApiException tooMany(Instant now, ZoneId zone) {
        return ApiException.tooMany("TOO_MANY_REQUESTS", "Perangkat ini sudah mengirim " + limits.requestsPerDay()
                + " permohonan hari ini, batas sehari. Coba lagi besok.", now, zone);
    }

    /** A request's fields, each checked, without asking the database anything: a correction's time, a leave's days. */
    private record Fields(UUID requestId, RequestKind kind, String reason, Optional<Photo> photo, Optional<LocalDateTime> time,
                          Optional<PunchType> punch, LocalDate from, LocalDate to) {
    }

    private static Fields fields(Json body) {
        UUID requestId = body.uuid("requestId");
        RequestKind kind = kind(body.text("type", 20));
        Set<String> ofKind = kind.isCorrection() ? CORRECTION_FIELDS : LEAVE_FIELDS;
        FIELDS.stream().filter(f -> !ofKind.contains(f) && body.has(f)).findFirst().ifPresent(f -> {
            throw ApiException.badRequest(StaffText.FIELD_NOT_FOR.format(f, kind.name()));
        });
        String reason = body.text("reason", 500);
        if (reason.length() < 3) {
            throw refused("Tuliskan alasannya (paling sedikit 3 huruf).");
        }
        Optional<Photo> photo = Photos.field(body, "photo", MAX_PHOTO);
        if (kind.isCorrection()) {
            LocalDateTime local = localTime(body.text("time", 16));
            Optional<PunchType> given = body.optionalText("punch", 3).map(RequestEndpoints::punchType);
            if (given.isPresent() && kind.punch().filter(p -> p != given.get()).isPresent()) {
                throw ApiException.badRequest(StaffText.FIELD_CONTRADICTS.format("punch", "type " + kind.name()));
            }
            PunchType punch = kind.punch().or(() -> given).orElseThrow(() -> ApiException.badRequest(StaffText.FIELD_REQUIRED.format("punch")));
            return new Fields(requestId, kind, reason, photo, Optional.of(local), Optional.of(punch), local.toLocalDate(), local.toLocalDate());
        }
        LocalDate from = date(body.text("dateFrom", 10), "dateFrom");
        LocalDate to = body.optionalText("dateTo", 10).map(t -> date(t, "dateTo")).orElse(from);
        if (to.isBefore(from) || to.isAfter(from.plusDays(31))) {
            throw refused("Tanggal akhir harus pada atau setelah tanggal awal, paling lama 31 hari.");
        }
        return new Fields(requestId, kind, reason, photo, Optional.empty(), Optional.empty(), from, to);
    }

    /** Counts a request of the device's day; over the bound, the 429. */
    private void count(Context ctx, DeviceStore.Authenticated device, LocalDate sentOn, Instant now, ZoneId zone) {
        if (sent.add(device.deviceId(), sentOn) > limits.requestsPerDay()) {
            UnreadBody.quiet(ctx);
            throw tooMany(now, zone);
        }
    }

    /** The employee's own requests, each with its approval steps (none without a chain), decision by decision. */
    void list(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        ctx.contentType("application/json").result(Json.write(Map.of("requests",
                decisions.ofEmployee(device.employeeId()).stream().map(s -> {
                    Map<String, Object> v = view(s.request());
                    if (!s.steps().isEmpty()) {
                        v.put("steps", ApprovalEndpoints.steps(s.steps()));
                    }
                    return v;
                }).toList())));
    }

    void attachment(Context ctx) {
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(StaffText.PATH_NUMBER.format("id"));
        }
        Photo a = requests.attachment(id, Optional.of(device.employeeId()))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "Lampiran tidak ditemukan."));
        ctx.contentType(a.contentType()).header("Cache-Control", "private, max-age=86400").result(a.bytes());
    }

    /** A request as the phone shows it; Riwayat lists them the same way. */
    static Map<String, Object> view(RequestStore.Stored r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("requestId", r.requestId().toString());
        v.put("type", r.kind().name());
        v.put("label", r.kind().label());
        v.put("dateFrom", r.from().toString());
        v.put("dateTo", r.to().toString());
        r.at().ifPresent(t -> v.put("at", t.toString()));
        r.punchType().ifPresent(p -> v.put("punch", p.name()));
        v.put("reason", r.reason());
        v.put("status", r.status());
        r.note().ifPresent(n -> v.put("note", n));
        v.put("hasAttachment", r.attachmentBytes().isPresent());
        return v;
    }

    private static String days(RequestStore.Stored r) {
        return r.from().equals(r.to()) ? "tanggal " + r.from() : "tanggal " + r.from() + " s.d. " + r.to();
    }

    private static String status(String status) {
        return switch (status) {
            case "APPROVED" -> "sudah disetujui";
            case "REJECTED" -> "ditolak";
            default -> "menunggu keputusan";
        };
    }

    private static RequestKind kind(String text) {
        try {
            return RequestKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(StaffText.FIELD_ONE_OF.format("type", "I, S, DL, LUPA_MASUK, LUPA_PULANG, DI_LUAR_LOKASI"));
        }
    }

    private static PunchType punchType(String text) {
        return PunchType.parse(text).orElseThrow(() -> ApiException.badRequest(StaffText.FIELD_ONE_OF.format("punch", "IN, OUT")));
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(StaffText.FIELD_DATE.format(field));
        }
    }

    private static LocalDateTime localTime(String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(StaffText.FIELD_LOCAL_TIME.format("time"));
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static ApiException refused(String message) {
        return new ApiException(422, "REQUEST_REFUSED", message);
    }
}
