package id.presensi.server;

import id.presensi.app.RequestDecisions;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestChainStore;
import id.presensi.text.StaffText;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Persetujuan: a head (or the plt of the period) who is an employee signs from the phone. {@code GET /api/v1/approvals}
 * lists what waits for the phone's employee, {@code POST /api/v1/approvals/{id}} decides it. The employee is never
 * taken from the phone's words: the database derives it from the bearer token itself (phone_decide_request), and
 * checks the turn, the head role, self-approval and the lock; refusals come back in Indonesian.
 */
final class ApprovalEndpoints {
    static final int MAX_BODY = 4 * 1024;

    private final RequestDecisions decisions;
    private final Function<Context, DeviceStore.Authenticated> authenticate;
    private final Function<Context, Optional<String>> token;

    ApprovalEndpoints(RequestDecisions decisions, Function<Context, DeviceStore.Authenticated> authenticate, Function<Context, Optional<String>> token) {
        this.decisions = decisions;
        this.authenticate = authenticate;
        this.token = token;
    }

    void list(Context ctx) {
        authenticate.apply(ctx);
        List<Map<String, Object>> waiting = decisions.toSign(token.apply(ctx).orElseThrow()).stream().map(s -> {
            Map<String, Object> v = RequestEndpoints.view(s.request());
            v.put("name", s.request().name());
            v.put("steps", steps(s.steps()));
            return v;
        }).toList();
        ctx.contentType("application/json").result(Json.write(Map.of("approvals", waiting)));
    }

    void decide(Context ctx) {
        authenticate.apply(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(StaffText.PATH_NUMBER.format("id"));
        }
        Json body = Json.body(ctx, MAX_BODY, Set.of()).only(Set.of("decision", "note"));
        String decision = body.text("decision", 10).toUpperCase(Locale.ROOT);
        if (!decision.equals("APPROVED") && !decision.equals("REJECTED")) {
            throw ApiException.badRequest(StaffText.FIELD_ONE_OF.format("decision", "APPROVED, REJECTED"));
        }
        Optional<String> note = body.optionalText("note", 500).map(String::strip).filter(n -> !n.isEmpty());
        if (decision.equals("REJECTED") && note.isEmpty()) {
            throw new ApiException(422, "REFUSED", "Tuliskan alasan penolakan; pemohon membacanya.");
        }
        try {
            decisions.decideFromPhone(token.apply(ctx).orElseThrow(), id, decision.equals("APPROVED"), note);
        } catch (RuntimeException e) {
            throw refusal(databaseMessage(e));
        }
        RequestDecisions.Standing s = decisions.standing(id);
        Map<String, Object> v = RequestEndpoints.view(s.request());
        v.put("steps", steps(s.steps()));
        ctx.contentType("application/json").result(Json.write(v));
    }

    /** The database's refusal (English, for operators) as the head reads it. */
    private static ApiException refusal(String message) {
        if (message.contains("no request #")) {
            return new ApiException(404, "NOT_FOUND", "Permohonan tidak ditemukan.");
        }
        String text;
        if (message.contains("is locked")) {
            text = "Permohonan ini sudah ditandatangani kepala dan terkunci.";
        } else if (message.contains("nobody decides their own request")) {
            text = "Permohonan Anda sendiri diputuskan oleh plt atau atasan Anda.";
        } else if (message.contains("was already")) {
            text = "Permohonan ini sudah diputuskan.";
        } else if (message.contains(" is at step ")) {
            text = "Permohonan ini belum sampai pada giliran kepala.";
        } else if (message.contains("cuti tahunan")) {
            text = "Sisa cuti tahunan pemohon tidak mencukupi; permohonan tidak dapat disetujui.";
        } else if (message.contains("to sign")) {
            text = "Permohonan ini bukan untuk Anda tanda tangani.";
        } else if (message.contains("already recorded")) {
            text = "Pada tanggal itu pemohon sudah tercatat cuti atau izin lain; permohonan tidak dapat disetujui.";
        } else {
            throw new IllegalStateException(message);
        }
        return new ApiException(422, "REFUSED", text);
    }

    /**
     * The database's own words, without the statement and its arguments that Jdbi's message carries: those hold the
     * phone's bearer token, which must not reach the log when the refusal is not one the phone is told.
     */
    private static String databaseMessage(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return String.valueOf(sql.getMessage());
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** The steps as the phone shows them, one line each. */
    static List<Map<String, Object>> steps(List<RequestChainStore.Step> steps) {
        return steps.stream().map(s -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("position", s.position());
            v.put("actor", s.actor().name());
            v.put("status", s.status().name());
            s.signer().ifPresent(n -> v.put("signer", n));
            s.dueAt().ifPresent(t -> v.put("dueAt", t.toString()));
            s.decidedAt().ifPresent(t -> v.put("decidedAt", t.toString()));
            s.note().ifPresent(n -> v.put("note", n));
            return v;
        }).toList();
    }
}
