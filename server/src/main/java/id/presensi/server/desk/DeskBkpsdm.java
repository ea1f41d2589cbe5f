package id.presensi.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import id.presensi.app.MonthClosing;
import id.presensi.attendance.ClosedMonth;
import id.presensi.attendance.StatusBands;
import id.presensi.report.DayBoard;
import id.presensi.store.Audit;
import id.presensi.unit.TimeZones;
import io.javalin.http.Context;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The BKPSDM pages of the desk: today across all units (one line per OPD, each opening its own board), and closing
 * and reopening months ({@code month close|reopen|list}) through {@link MonthClosing}, as the command does, audited as the operator.
 * Only a BKPSDM session gets here (403 for an OPD admin); the database refuses an OPD admin's close or reopen too,
 * as it refuses their CLI (no write on closed_month).
 */
final class DeskBkpsdm {
    private final Desk desk;

    DeskBkpsdm(Desk desk) {
        this.desk = desk;
    }

    /** A BKPSDM session, or a 403: an OPD admin never sees these pages, whatever URL they type. */
    static DeskSession bkpsdm(DeskSession session) {
        if (!session.operator.seesAll()) {
            throw new DeskException(403, "BKPSDM_ONLY", "Halaman ini hanya untuk operator BKPSDM.");
        }
        return session;
    }

    /** Today's counts per OPD (a unit at the top, with the units under it): the regency at a glance, without 8,000 lines. */
    void units(Context ctx) {
        DeskSession session = desk.renewUnits(bkpsdm(desk.session(ctx)));
        Map<String, Optional<String>> parents = new HashMap<>();
        session.operator.units().forEach(u -> parents.put(u.code(), u.parentCode()));
        DayBoard.Board board = desk.as(session, jdbi -> DayBoard.at(jdbi, desk.now(), Optional.empty(), StatusBands.DEFAULT));
        Map<String, Map<DayBoard.Group, Long>> byTop = new LinkedHashMap<>();
        Map<String, Long> staff = new HashMap<>();
        session.operator.units().stream().filter(u -> u.parentCode().isEmpty()).forEach(u -> byTop.put(u.code(), zero()));
        for (DayBoard.Person p : board.people()) {
            String top = top(p.unitCode(), parents);
            Map<DayBoard.Group, Long> counts = byTop.computeIfAbsent(top, k -> zero());
            p.groups().forEach(g -> counts.merge(g, 1L, Long::sum));
            staff.merge(top, 1L, Long::sum);
        }
        Map<String, String> names = new HashMap<>();
        session.operator.units().forEach(u -> names.put(u.code(), u.name()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", board.at().toString());
        v.put("localTime", TimeZones.local(board.at()).toLocalTime().withNano(0).toString());
        v.put("groups", Arrays.stream(DayBoard.Group.values()).map(g -> Map.of("group", g.name(), "label", g.label())).toList());
        v.put("units", byTop.entrySet().stream().map(e -> {
            Map<String, Object> unit = new LinkedHashMap<>();
            unit.put("code", e.getKey());
            unit.put("name", names.getOrDefault(e.getKey(), e.getKey()));
            unit.put("staff", staff.getOrDefault(e.getKey(), 0L));
            Map<String, Long> counts = new LinkedHashMap<>();
            e.getValue().forEach((g, n) -> counts.put(g.name(), n));
            unit.put("counts", counts);
            return unit;
        }).toList());
        Desk.json(ctx, v);
    }

    private static Map<DayBoard.Group, Long> zero() {
        Map<DayBoard.Group, Long> counts = new EnumMap<>(DayBoard.Group.class);
        for (DayBoard.Group g : DayBoard.Group.values()) {
            counts.put(g, 0L);
        }
        return counts;
    }

    private static String top(String code, Map<String, Optional<String>> parents) {
        String c = code;
        for (int depth = 0; depth < 32 && parents.getOrDefault(c, Optional.empty()).isPresent(); depth++) {
            c = parents.get(c).orElseThrow();
        }
        return c;
    }

    void months(Context ctx) {
        DeskSession session = bkpsdm(desk.session(ctx));
        List<ClosedMonth> closed = desk.as(session, jdbi -> new MonthClosing(jdbi).list());
        Desk.json(ctx, Map.of("months", closed.stream().map(c -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("month", c.month().toString());
            v.put("unit", c.unitCode().orElse(null));
            v.put("closedAt", c.closedAt().toString());
            v.put("closedBy", c.closedBy());
            return v;
        }).toList()));
    }

    /** {"month": "2026-08", "unit": "DINKES" (none: the whole regency)}. */
    void close(Context ctx) {
        DeskSession session = bkpsdm(desk.changing(ctx));
        JsonNode body = Desk.body(ctx);
        YearMonth month = month(body);
        Optional<String> unit = unit(desk, body, session);
        Audit audit = new Audit(session.operator.name(), "desk: month close " + month + unit.map(u -> " --unit " + u).orElse(""));
        boolean closed = desk.as(session, jdbi -> jdbi.inTransaction(h -> new MonthClosing(jdbi).close(h, audit, month, unit)));
        Desk.json(ctx, Map.of("closed", closed, "message", (closed ? "Bulan " + month + " ditutup untuk " : "Bulan " + month + " sudah ditutup sebelumnya untuk ")
                + scope(unit) + "."));
    }

    /** {"month": "2026-08", "unit": .., "reason": "why"}: the reason is required and goes into the audit trail. */
    void reopen(Context ctx) {
        DeskSession session = bkpsdm(desk.changing(ctx));
        JsonNode body = Desk.body(ctx);
        YearMonth month = month(body);
        Optional<String> unit = unit(desk, body, session);
        String reason = Desk.text(body, "reason", 500);
        Audit audit = new Audit(session.operator.name(), "desk: month reopen " + month + unit.map(u -> " --unit " + u).orElse(""));
        boolean reopened = desk.as(session, jdbi -> jdbi.inTransaction(h -> new MonthClosing(jdbi).reopen(h, audit, month, unit, reason)));
        if (!reopened) {
            throw new DeskException(409, "NOT_CLOSED", "Bulan " + month + " tidak sedang ditutup untuk " + scope(unit) + ".");
        }
        Desk.json(ctx, Map.of("reopened", true, "message", "Bulan " + month + " dibuka kembali untuk " + scope(unit) + "."));
    }

    private static String scope(Optional<String> unit) {
        return unit.map(u -> "unit " + u).orElse("seluruh kabupaten");
    }

    static YearMonth month(JsonNode body) {
        String text = Desk.text(body, "month", 7);
        try {
            YearMonth month = YearMonth.parse(text);
            if (month.getYear() < 2000 || month.getYear() > 2100) {
                throw DeskException.badRequest("month di luar jangkauan");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw DeskException.badRequest("month harus YYYY-MM");
        }
    }

    /** The unit a BKPSDM change names, one that exists; none (absent or blank) for the whole regency. */
    static Optional<String> unit(Desk desk, JsonNode body, DeskSession session) {
        JsonNode value = body.get("unit");
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return Optional.empty();
        }
        String code = Desk.text(body, "unit", 32).toUpperCase(Locale.ROOT);
        if (!desk.inScope(session, code)) {
            throw DeskException.notFound("Unit " + code + " tidak ada.");
        }
        return Optional.of(code);
    }
}
