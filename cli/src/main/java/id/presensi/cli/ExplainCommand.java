package id.presensi.cli;

import id.presensi.apel.Apel;
import id.presensi.app.ApelAttendance;
import id.presensi.db.Database;
import id.presensi.imports.Values;
import id.presensi.rules.DayPlan;
import id.presensi.rules.RuleResolver.Situation;
import id.presensi.rules.RuleResolver;
import id.presensi.rules.SituationView;
import id.presensi.staff.WorkPattern;
import id.presensi.store.RulesLoader;
import id.presensi.unit.TimeZones;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Why can or can't this person check in? For a local time: the work date it counts for, the schedule "
                + "or rostered shift in force, the open window, accepted locations and radii, holiday or leave, and the rules behind them."})
class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DatabaseOptions db;
    @Parameters(paramLabel = "NIP|NIK") String employee;
    @Option(names = "--at", paramLabel = "\"YYYY-MM-DD HH:MM\"", description = "Local time of the person's unit (default: now).") String at;
    @Option(names = "--json", description = "Print as JSON.") boolean json;

    @Override
    public Integer call() {
        try (Database database = db.open()) {
            LocalDateTime probe = at == null ? LocalDateTime.now() : parse(at);
            RulesLoader.Loaded loaded = new RulesLoader(database.jdbi()).load(employee, probe.toLocalDate().minusDays(1), probe.toLocalDate());
            LocalDateTime local = at == null ? ZonedDateTime.now(loaded.rules().zone()).toLocalDateTime().withSecond(0).withNano(0) : parse(at);
            Situation s = RuleResolver.at(loaded.rules(), local);
            List<ApelAttendance.Today> apel = new ApelAttendance(database.jdbi()).today(loaded.employeeId(), loaded.rules(), local.toLocalDate());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>(SituationView.of(loaded.person(), s));
                view.put("apel", apel.stream().map(ExplainCommand::apelView).toList());
                Json.print(out, view);
            } else {
                print(out, loaded, s);
                apel.forEach(a -> out.println(apelLine(a, local.toLocalTime())));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    private static LocalDateTime parse(String text) {
        String[] parts = text.strip().split("[ T]+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--at must be \"YYYY-MM-DD HH:MM\", got '" + text + "'");
        }
        return Values.date(parts[0]).atTime(Values.time(parts[1]));
    }

    private static void print(PrintWriter out, RulesLoader.Loaded who, Situation s) {
        String zone = TimeZones.abbreviation(who.rules().zone());
        DayPlan plan = s.plan();
        out.printf("%s (%s), %s (%s), %s%n", who.name(), who.key(), who.unitName(), who.rules().unitCode(),
                who.rules().pattern() == WorkPattern.SHIFT ? "shift worker" : "office hours");
        out.printf("At %s %s this counts for work date %s (%s).%n", s.localTime().toString().replace('T', ' '), zone,
                plan.date(), Values.dayName(plan.date().getDayOfWeek()));
        plan.expected().ifPresentOrElse(e -> {
            out.printf("Expected: %s - %s; late after %s; early before %s%n", time(e.workStart()), time(e.workEnd()),
                    time(e.lateAfter()), time(e.earlyBefore()));
            out.printf("Check-in window:  %s .. %s%n", time(e.checkIn().opens()), time(e.checkIn().closes()));
            out.printf("Check-out window: %s .. %s%n", time(e.checkOut().opens()), time(e.checkOut().closes()));
        }, () -> out.printf("No work expected: %s%n", plan.dayOff().orElseThrow().source()));
        out.println(switch (s.open()) {
            case CHECK_IN -> "Open now: check-in (presensi masuk)";
            case CHECK_OUT -> "Open now: check-out (presensi pulang)";
            case CHECK_IN_AND_OUT -> "Open now: check-in and check-out";
            case NONE -> "Nothing open now: " + s.closedReason();
        });
        plan.holiday().ifPresent(h -> out.printf("Holiday: %s (%s)%n", h.description(), h.kind()));
        plan.leave().ifPresent(l -> out.printf("On leave: %s %s, %s .. %s%s%n", l.type(), l.type().description(), l.from(), l.to(),
                l.reference().map(r -> " (" + r + ")").orElse("")));
        out.printf("Accepted locations (GPS accuracy %d m or better):%n", s.maxAccuracyM());
        if (s.places().isEmpty()) {
            out.println("  none: add one with 'presensi location add --unit " + who.rules().unitCode() + " ...'");
        }
        s.places().forEach(p -> out.printf("  %-10s %-28s %.6f, %.6f  within %,d m%n", p.location().unitCode(), p.location().name(),
                p.location().point().latitude(), p.location().point().longitude(), p.radiusM()));
        s.wfh().ifPresent(w -> out.printf("Work from home '%s' (%s) widens the radius to %,.1f km.%n", w.name(), w.validity(), w.radiusM() / 1000.0));
        out.println("Rules:");
        SituationView.sources(s).forEach(src -> out.println("  " + src));
    }

    /** Today's apel as the person should hear it: when, where, and whether they must attend, are excused, or it is off. */
    private static String apelLine(ApelAttendance.Today t, LocalTime now) {
        Apel a = t.day().apel();
        String where = a.locations().isEmpty() ? "at the unit's own locations"
                : "at " + a.locations().stream().map(l -> l.unitCode() + ":" + l.name()).collect(Collectors.joining(", "));
        String state = switch (t.day().duty()) {
            case REQUIRED -> t.checkedIn().map(c -> "attended (presensi apel accepted)")
                    .orElse(a.within(now) ? "open now: must attend" : now.isBefore(a.opens()) ? "must attend" : "missed: TA (tidak apel)");
            case EXCUSED -> "excused (" + t.day().reason() + ")";
            case CANCELLED -> "cancelled (" + t.day().reason() + ")";
            case NONE -> "not held";
        };
        return "Apel: " + a.name() + " " + a.opens() + "-" + a.closes() + " " + where + ": " + state;
    }

    private static Map<String, Object> apelView(ApelAttendance.Today t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", t.day().apel().name());
        v.put("window", t.day().apel().opens() + "-" + t.day().apel().closes());
        v.put("duty", t.day().duty().name());
        v.put("reason", t.day().reason());
        v.put("checkedIn", t.checkedIn().isPresent());
        return v;
    }

    private static String time(LocalDateTime t) {
        return t.toString().replace('T', ' ');
    }
}
