package id.presensi.server.desk;

import id.presensi.attendance.StatusBands;
import id.presensi.report.DayBoard;
import id.presensi.rules.RuleResolver;
import id.presensi.rules.SituationView;
import id.presensi.store.CheckInStore;
import id.presensi.store.RulesLoader;
import id.presensi.unit.TimeZones;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Hari ini": the board of the operator's units (counts by group, and everyone's line), polled by the page; and one
 * person's day: their attempts with refusals and reasons (phone, machine, approved corrections), and what
 * {@code policy explain} says about them now.
 */
final class DeskToday implements AutoCloseable {
    private final Desk desk;
    private final DeskBoards boards;

    DeskToday(Desk desk, java.time.Duration boardTtl, java.time.Duration boardMaxStale, java.util.function.BooleanSupplier rushOn) {
        this.desk = desk;
        this.boards = new DeskBoards(boardTtl, boardMaxStale, rushOn);
    }

    void board(Context ctx) {
        DeskSession session = desk.session(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        DeskBoards.Answer answer = boards.board(desk, session, unit, compute(session, unit));
        ctx.header("ETag", answer.etag());
        // how old the board is (seconds): the page asks again shortly when it was given an old one being computed again
        ctx.header("Age", Long.toString(Math.max(0, java.time.Duration.between(answer.at(), desk.now()).toSeconds())));
        if (answer.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(answer.json());
    }

    /** Right after sign-in: the board the page opens on, computed in the background before the page asks for it. */
    void warm(DeskSession session) {
        Optional<String> unit = session.homeUnit();
        boards.warm(desk, session, unit, compute(session, unit));
    }

    private java.util.function.Function<java.time.Instant, String> compute(DeskSession session, Optional<String> unit) {
        return now -> Desk.write(view(unit, desk.as(session, jdbi -> DayBoard.at(jdbi, now, unit, StatusBands.DEFAULT))));
    }

    private static Map<String, Object> view(Optional<String> unit, DayBoard.Board board) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", board.at().toString());
        v.put("localTime", TimeZones.local(board.at()).toLocalTime().withNano(0).toString());
        v.put("unit", unit.orElse(null));
        v.put("groups", board.counts().entrySet().stream().map(e -> Map.of("group", e.getKey().name(), "label", e.getKey().label(),
                "count", e.getValue())).toList());
        v.put("people", board.people().stream().map(DeskToday::person).toList());
        return v;
    }

    private static Map<String, Object> person(DayBoard.Person p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key", p.key());
        v.put("name", p.name());
        v.put("unit", p.unitCode());
        v.put("workDate", p.workDate().toString());
        v.put("codes", p.codes());
        v.put("shift", p.shiftCode().orElse(null));
        v.put("start", p.expectedStart().map(DeskToday::time).orElse(null));
        v.put("in", p.firstIn().map(DeskToday::time).orElse(null));
        v.put("out", p.lastOut().map(DeskToday::time).orElse(null));
        v.put("lateMin", p.lateMin());
        v.put("explanation", p.explanation());
        v.put("groups", p.groups().stream().map(Enum::name).toList());
        return v;
    }

    void person(Context ctx) {
        DeskSession session = desk.session(ctx);
        String key = Optional.ofNullable(ctx.queryParam("key")).map(String::strip).filter(k -> k.matches("\\d{16}|\\d{18}"))
                .orElseThrow(() -> DeskException.badRequest("key harus NIP (18 angka) atau NIK (16 angka)"));
        Map<String, Object> v = desk.as(session, jdbi -> {
            LocalDate around = LocalDate.ofInstant(desk.now(), java.time.ZoneOffset.UTC);
            // the employee is looked up on the operator's connection: one outside their units is simply not there
            RulesLoader.Loaded who;
            try {
                who = new RulesLoader(jdbi).load(key, around.minusDays(2), around.plusDays(1));
            } catch (IllegalArgumentException e) {
                throw DeskException.notFound("Pegawai tidak ditemukan di unit Anda.");
            }
            LocalDateTime local = LocalDateTime.ofInstant(desk.now(), who.rules().zone());
            RuleResolver.Situation situation = RuleResolver.at(who.rules(), local);
            LocalDate workDate = situation.plan().date();
            List<CheckInStore.Attempt> attempts = new CheckInStore(jdbi).attempts(workDate, Optional.empty(), Optional.of(key), false);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("explain", SituationView.of(who.person(), situation));
            answer.put("attempts", attempts.stream().map(DeskToday::attempt).toList());
            return answer;
        });
        Desk.json(ctx, v);
    }

    private static Map<String, Object> attempt(CheckInStore.Attempt a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", a.at().toString());
        v.put("type", a.type().orElse(null));
        v.put("accepted", a.accepted());
        v.put("reason", a.reason().orElse(null));
        v.put("message", a.message());
        v.put("distanceM", a.distanceM().orElse(null));
        v.put("accuracyM", a.accuracyM().orElse(null));
        v.put("offlineSynced", a.offlineSynced());
        v.put("source", a.source());
        return v;
    }

    private static String time(LocalDateTime t) {
        return t.withSecond(0).withNano(0).toLocalTime().toString();
    }

    @Override
    public void close() {
        boards.close();
    }
}
