package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.anomaly.AnomalyKind;
import id.presensi.store.AnomalyStore;
import id.presensi.store.Audit;
import id.presensi.unit.TimeZones;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "Titip absen": the signals of the operator's units with their evidence, as {@code report anomalies} lists them, and
 * marking one "sudah diperiksa" with a note through {@link AnomalyStore#review} (the database function checks the
 * scope and writes the audit row, as the operator). A signal is named by its employee, day and kind.
 */
final class DeskSignals {
    /** The default window: the nightly run looks 30 days back for patterns, the desk shows as much. */
    private static final int DEFAULT_DAYS = 30;
    private static final int MAX_DAYS = 92;
    private final Desk desk;

    DeskSignals(Desk desk) {
        this.desk = desk;
    }

    void list(Context ctx) {
        DeskSession session = desk.session(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        LocalDate today = TimeZones.local(desk.now()).toLocalDate();
        LocalDate to = Optional.ofNullable(ctx.queryParam("to")).filter(t -> !t.isBlank()).map(t -> date(t, "to")).orElse(today);
        LocalDate from = Optional.ofNullable(ctx.queryParam("from")).filter(t -> !t.isBlank()).map(t -> date(t, "from"))
                .orElse(to.minusDays(DEFAULT_DAYS - 1));
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw DeskException.badRequest("rentang tanggal harus 1 sampai " + MAX_DAYS + " hari, dari sebelum sampai");
        }
        List<AnomalyStore.Signal> signals = desk.as(session, jdbi -> new AnomalyStore(jdbi).signals(from, to, unit));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from", from.toString());
        v.put("to", to.toString());
        v.put("signals", signals.stream().map(DeskSignals::view).toList());
        Desk.json(ctx, v);
    }

    private static Map<String, Object> view(AnomalyStore.Signal s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key", s.employeeKey());
        v.put("name", s.name());
        v.put("unit", s.unitCode());
        v.put("date", s.date().toString());
        v.put("kind", s.kind().name());
        v.put("title", s.kind().title());
        v.put("strength", Math.round(s.strength() * 10) / 10.0);
        v.put("message", s.message());
        v.put("evidence", evidence(s.evidence()));
        v.put("review", s.review().map(DeskSignals::review).orElse(null));
        return v;
    }

    private static Object evidence(String json) {
        try {
            return Desk.JSON.readTree(json);
        } catch (IOException e) {
            return json; // stored by our own statements as jsonb: cannot happen, and the text is still the evidence
        }
    }

    private static Map<String, Object> review(AnomalyStore.Review r) {
        return Map.of("note", r.note(), "by", r.by(), "at", r.at().toString(), "localTime",
                TimeZones.local(r.at()).withNano(0).toString().replace('T', ' '));
    }

    /** {"key": NIP/NIK, "date": "YYYY-MM-DD", "kind": KIND, "note": ".."}: one signal marked "sudah diperiksa". */
    void review(Context ctx) {
        DeskSession session = desk.changing(ctx);
        JsonNode body = Desk.body(ctx);
        String key = Desk.text(body, "key", 18).replace(" ", "");
        if (!key.matches("[0-9]{16,18}")) {
            throw DeskException.badRequest("key harus NIP (18 angka) atau NIK (16 angka)");
        }
        LocalDate date = date(Desk.text(body, "date", 10), "date");
        AnomalyKind kind = kind(Desk.text(body, "kind", 32));
        String note = Desk.text(body, "note", 500);
        Audit audit = new Audit(session.operator.name(), "desk: signal review " + key + " --date " + date + " --kind " + kind);
        AnomalyStore.Review review;
        try {
            review = desk.as(session, jdbi -> jdbi.inTransaction(h -> AnomalyStore.review(h, audit, key, date, kind, note)));
        } catch (DeskException e) {
            throw e.status == 404 ? DeskException.notFound("Sinyal " + kind.title() + " untuk " + key + " pada " + date + " tidak ada di unit Anda.") : e;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key", key);
        v.put("date", date.toString());
        v.put("kind", kind.name());
        v.put("review", review(review));
        Desk.json(ctx, v);
    }

    private static AnomalyKind kind(String text) {
        try {
            return AnomalyKind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DeskException.badRequest("kind tidak dikenal");
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw DeskException.badRequest(field + " harus tanggal YYYY-MM-DD");
        }
    }
}
