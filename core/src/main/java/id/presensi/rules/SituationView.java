package id.presensi.rules;

import id.presensi.rules.RuleResolver.Situation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One employee's situation at a moment as the outside world reads it: the same fields, with the same
 * meanings, for the phone ({@code GET /api/v1/me}) and the operator ({@code policy explain --json}). Times
 * are local to the employee's unit; what does not apply (no schedule, no holiday) is left out.
 */
public final class SituationView {
    private SituationView() {
    }

    /** Who the situation is about. */
    public record Person(String employee, String name, String unitCode, String unitName, PersonRules rules) {
    }

    public static Map<String, Object> of(Person who, Situation s) {
        DayPlan plan = s.plan();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("employee", who.employee());
        map.put("name", who.name());
        map.put("unitCode", who.unitCode());
        map.put("unitName", who.unitName());
        map.put("timeZone", who.rules().zone().getId());
        map.put("localTime", s.localTime().withNano(0).toString());
        map.put("workDate", plan.date().toString());
        map.put("workingDay", plan.isWorkingDay());
        plan.expected().ifPresent(e -> {
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("start", e.workStart().toString());
            expected.put("end", e.workEnd().toString());
            expected.put("lateAfter", e.lateAfter().toString());
            expected.put("earlyBefore", e.earlyBefore().toString());
            expected.put("checkIn", Map.of("opens", e.checkIn().opens().toString(), "closes", e.checkIn().closes().toString()));
            expected.put("checkOut", Map.of("opens", e.checkOut().opens().toString(), "closes", e.checkOut().closes().toString()));
            e.shiftCode().ifPresent(c -> expected.put("shift", c));
            map.put("expected", expected);
        });
        plan.dayOff().ifPresent(d -> map.put("dayOff", Map.of("reason", d.reason().name(), "source", d.source())));
        s.overtimeOnDayOff().ifPresent(o -> map.put("overtimeOnDayOff", Map.of("minutes", o.toMinutes())));
        map.put("open", s.open().name());
        map.put("closedReason", s.closedReason());
        plan.holiday().ifPresent(h -> map.put("holiday", Map.of("description", h.description(), "kind", h.kind().name())));
        plan.leave().ifPresent(l -> map.put("leave", Map.of("type", l.type().name(), "description", l.type().description(),
                "from", l.from().toString(), "to", l.to().toString())));
        map.put("maxAccuracyM", s.maxAccuracyM());
        map.put("selfie", who.rules().selfieRequired());
        map.put("locations", s.places().stream().map(p -> Map.of("unitCode", p.location().unitCode(), "name", p.location().name(),
                "latitude", p.location().point().latitude(), "longitude", p.location().point().longitude(), "radiusM", p.radiusM())).toList());
        s.wfh().ifPresent(w -> map.put("workFromHome", Map.of("name", w.name(), "radiusM", w.radiusM())));
        return map;
    }

    /** The rules behind the situation, one line each, as operators find them with the CLI. */
    public static List<String> sources(Situation s) {
        List<String> sources = new ArrayList<>();
        s.plan().expected().map(Expected::source).ifPresent(sources::add);
        s.plan().dayOff().ifPresent(d -> sources.add(d.source()));
        s.overtimeOnDayOff().ifPresent(o -> sources.add("lembur " + o.toMinutes() + " min ordered on this day off: check-in and check-out open all day"));
        s.plan().holiday().ifPresent(h -> sources.add("holiday " + h.day() + ": " + h.description()));
        s.plan().leave().ifPresent(l -> sources.add("leave " + l.type() + " " + l.from() + " .. " + l.to() + l.reference().map(r -> " (" + r + ")").orElse("")));
        s.wfh().ifPresent(w -> sources.add("work from home '" + w.name() + "' valid " + w.validity()));
        return sources;
    }
}
