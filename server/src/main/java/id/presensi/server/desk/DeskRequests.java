package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.app.RequestDecisions;
import id.presensi.photo.Photo;
import id.presensi.store.Audit;
import id.presensi.store.RequestChainStore;
import id.presensi.store.RequestStore;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * "Permohonan": the inbox (pending first), the letter or photo shown inline, and decisions, one or several at once,
 * each in its own transaction on the operator's connection through {@link RequestStore}, audited as the operator: a
 * request they may not decide (another unit's, their own, a closed month's) fails alone and says why.
 */
final class DeskRequests {
    private static final int MAX_AT_ONCE = 200;
    private final Desk desk;

    DeskRequests(Desk desk) {
        this.desk = desk;
    }

    void list(Context ctx) {
        DeskSession session = desk.session(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        Optional<String> status = Optional.ofNullable(ctx.queryParam("status")).map(s -> s.strip().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty());
        if (status.isPresent() && !List.of("PENDING", "APPROVED", "REJECTED").contains(status.get())) {
            throw DeskException.badRequest("status harus PENDING, APPROVED atau REJECTED");
        }
        List<Map<String, Object>> requests = desk.as(session, jdbi -> {
            RequestStore store = new RequestStore(jdbi);
            List<RequestDecisions.Standing> listed = new RequestDecisions(jdbi).list(unit, status);
            Map<Long, RequestStore.Deadline> deadlines = store.deadlines(listed.stream().map(RequestDecisions.Standing::request).toList());
            return listed.stream().map(s -> {
                Map<String, Object> v = view(s.request());
                Optional.ofNullable(deadlines.get(s.request().id())).ifPresent(d -> v.put("deadline", deadline(d)));
                v.put("steps", steps(s.steps()));
                return v;
            }).toList();
        });
        Desk.json(ctx, Map.of("requests", requests));
    }

    /**
     * The request's deadline: the last day it could be made (its unit's working days after its last day), and
     * whether its month is closed already, when a decision cannot take effect until BKPSDM reopens the month.
     */
    private static Map<String, Object> deadline(RequestStore.Deadline d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("submitBy", d.submitBy().toString());
        v.put("workdays", d.workdays());
        v.put("monthClosed", d.monthClosed());
        return v;
    }

    /** The approval steps, as the inbox shows where a request stands (none without a chain). */
    private static List<Map<String, Object>> steps(List<RequestChainStore.Step> steps) {
        return steps.stream().map(s -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("position", s.position());
            v.put("actor", s.actor().name());
            v.put("status", s.status().name());
            v.put("signer", s.signer().orElse(null));
            v.put("dueAt", s.dueAt().map(Object::toString).orElse(null));
            v.put("decidedBy", s.decidedBy().orElse(null));
            v.put("note", s.note().orElse(null));
            return v;
        }).toList();
    }

    static Map<String, Object> view(RequestStore.Stored r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("key", r.employeeKey());
        v.put("name", r.name());
        v.put("unit", r.unitCode());
        v.put("type", r.kind().name());
        v.put("label", r.kind().label());
        v.put("dateFrom", r.from().toString());
        v.put("dateTo", r.to().toString());
        v.put("at", r.at().map(Object::toString).orElse(null));
        v.put("punch", r.punchType().map(Enum::name).orElse(null));
        v.put("reason", r.reason());
        v.put("status", r.status());
        v.put("submittedAt", r.submittedAt().toString());
        v.put("decidedBy", r.decidedBy().orElse(null));
        v.put("note", r.note().orElse(null));
        v.put("attachment", r.attachmentBytes().isPresent());
        return v;
    }

    void attachment(Context ctx) {
        DeskSession session = desk.session(ctx);
        long id = id(ctx.pathParam("id"));
        Photo photo = desk.as(session, jdbi -> new RequestStore(jdbi).attachment(id, Optional.empty()))
                .orElseThrow(() -> DeskException.notFound("Lampiran tidak ditemukan."));
        // shown inline as an image only: a stored body is never served as a page of ours
        String type = photo.contentType().startsWith("image/") ? photo.contentType() : "application/octet-stream";
        ctx.contentType(type).header("Content-Disposition", "inline; filename=\"lampiran-" + id + "\"").result(photo.bytes());
    }

    /** {"ids": [..], "decision": "APPROVE"|"REJECT", "note": ".."}: each request decided alone; the answer says how each went. */
    void decide(Context ctx) {
        DeskSession session = desk.changing(ctx);
        JsonNode body = Desk.body(ctx);
        String decision = Desk.text(body, "decision", 10).toUpperCase(Locale.ROOT);
        if (!decision.equals("APPROVE") && !decision.equals("REJECT")) {
            throw DeskException.badRequest("decision harus APPROVE atau REJECT");
        }
        Optional<String> note = Optional.ofNullable(body.get("note")).filter(JsonNode::isTextual).map(JsonNode::asText).map(String::strip)
                .filter(n -> !n.isEmpty());
        if (note.filter(n -> n.length() > 500).isPresent()) {
            throw DeskException.badRequest("catatan paling banyak 500 huruf");
        }
        if (decision.equals("REJECT") && note.isEmpty()) {
            throw DeskException.badRequest("Tuliskan alasan penolakan (pegawai membacanya).");
        }
        JsonNode ids = body.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > MAX_AT_ONCE) {
            throw DeskException.badRequest("ids harus daftar 1 sampai " + MAX_AT_ONCE + " nomor permohonan");
        }
        Set<Long> unique = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.canConvertToLong() || id.asLong() <= 0) {
                throw DeskException.badRequest("ids harus nomor permohonan");
            }
            unique.add(id.asLong());
        }
        Audit audit = new Audit(session.operator.name(), "desk: " + decision.toLowerCase(Locale.ROOT) + " request");
        List<Map<String, Object>> results = new ArrayList<>();
        for (long id : unique) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", id);
            try {
                // said in the desk's words; the store checks it again in the transaction that decides
                desk.as(session, jdbi -> new RequestStore(jdbi).find(id)).filter(found -> !found.status().equals("PENDING"))
                        .ifPresent(found -> {
                            throw new DeskException(409, "ALREADY_DECIDED", "Permohonan #" + id + " sudah "
                                    + (found.status().equals("APPROVED") ? "disetujui" : "ditolak") + found.decidedBy().map(b -> " oleh " + b).orElse("") + ".");
                        });
                // at the request's current step when it has a chain (the admin's step in bulk), else the single decision
                RequestStore.Stored r = desk.as(session, jdbi -> jdbi.inTransaction(h ->
                        new RequestDecisions(jdbi).decide(h, audit, id, decision.equals("APPROVE"), note)));
                result.put("ok", true);
                result.put("request", view(r));
            } catch (DeskException e) {
                if (e.status == 401) {
                    throw e;
                }
                result.put("ok", false);
                result.put("error", e.error);
                result.put("message", e.status == 404 ? "Permohonan #" + id + " tidak ditemukan di unit Anda." : e.getMessage());
            }
            results.add(result);
        }
        boolean allFailed = results.stream().noneMatch(r -> Boolean.TRUE.equals(r.get("ok")));
        ctx.status(allFailed && unique.size() == 1 ? status(results.get(0)) : 200);
        Desk.json(ctx, Map.of("results", results));
    }

    private static int status(Map<String, Object> failed) {
        return switch (String.valueOf(failed.get("error"))) {
            case "NOT_FOUND" -> 404;
            case "FORBIDDEN" -> 403;
            case "REFUSED", "ALREADY_DECIDED" -> 409;
            default -> 400;
        };
    }

    private static long id(String text) {
        try {
            long id = Long.parseLong(text);
            if (id <= 0) {
                throw DeskException.badRequest("id harus nomor permohonan");
            }
            return id;
        } catch (NumberFormatException e) {
            throw DeskException.badRequest("id harus nomor permohonan");
        }
    }
}
