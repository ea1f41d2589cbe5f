package id.presensi.server;

import id.presensi.app.LeaveBalances;
import id.presensi.app.RequestDecisions;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.MonthlyDeduction;
import id.presensi.recap.Percent;
import id.presensi.report.EmployeeRecap;
import id.presensi.staff.EmployeeType;
import id.presensi.store.AttendanceStore;
import id.presensi.store.ClosedMonthStore;
import id.presensi.store.DeviceStore;
import id.presensi.store.RequestStore;
import id.presensi.store.RulesLoader;
import id.presensi.text.StaffText;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * "Riwayat", the employee's own record: {@code GET /api/v1/history} answers the current and the previous month (or one
 * of them, {@code ?month=YYYY-MM}) day by day as {@code attendance list} lists them, the month's TPP deduction with its
 * lines as {@code report monthly --explain} computes it (provisional until the month is closed), and the corrections
 * left this month with the requests of those months. Read-only, under the device token, and bounded per device and day
 * like the rest of the phone API: each answer reads two months of records.
 */
final class HistoryEndpoint {
    static final String MONTH = "month";

    private final Jdbi jdbi;
    private final AttendanceStore attendance;
    private final ClosedMonthStore closedMonths;
    private final RequestStore requests;
    private final RequestDecisions decisions;
    private final LeaveBalances balances;
    private final Function<Long, RulesLoader.Loaded> rules;
    private final Clock clock;
    private final PhoneLimits limits;
    private final Function<Context, DeviceStore.Authenticated> authenticate;
    /** Reads per device and local day. */
    private final DailyCounts reads = new DailyCounts();

    HistoryEndpoint(Jdbi jdbi, Function<Long, RulesLoader.Loaded> rules, Clock clock, PhoneLimits limits,
                    Function<Context, DeviceStore.Authenticated> authenticate) {
        this.jdbi = jdbi;
        this.attendance = new AttendanceStore(jdbi);
        this.closedMonths = new ClosedMonthStore(jdbi);
        this.requests = new RequestStore(jdbi);
        this.decisions = new RequestDecisions(jdbi);
        this.balances = new LeaveBalances(jdbi);
        this.rules = rules;
        this.clock = clock;
        this.limits = limits;
        this.authenticate = authenticate;
    }

    void history(Context ctx) {
        ctx.queryParamMap().keySet().stream().filter(name -> !name.equals(MONTH)).findFirst().ifPresent(name -> {
            throw ApiException.badRequest(StaffText.QUERY_UNKNOWN.format(name));
        });
        DeviceStore.Authenticated device = authenticate.apply(ctx);
        RulesLoader.Loaded who = rules.apply(device.employeeId());
        ZoneId zone = who.rules().zone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        YearMonth current = YearMonth.from(today);
        List<YearMonth> months = Optional.ofNullable(ctx.queryParam(MONTH)).map(text -> List.of(recent(text, current)))
                .orElse(List.of(current, current.minusMonths(1)));
        if (reads.add(device.deviceId(), today) > limits.historyPerDay()) {
            throw ApiException.tooMany("TOO_MANY_HISTORY_READS", "Riwayat sudah dibuka " + limits.historyPerDay()
                    + " kali hari ini dari perangkat ini, batas sehari. Riwayat terakhir tetap tampil; coba lagi besok.", now, zone);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fetchedAt", OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS), zone).toString());
        answer.put("employee", who.key());
        answer.put("name", who.name());
        answer.put("months", months.stream().map(m -> month(device.employeeId(), who.key(), m)).toList());
        answer.put("corrections", corrections(device.employeeId(), today, current));
        annualLeave(device.employeeId(), today.getYear()).ifPresent(leave -> answer.put("annualLeave", leave));
        ctx.contentType("application/json").header("Cache-Control", "private, no-cache").result(Json.write(answer));
    }

    /** "Sisa cuti saya berapa?": the year's cuti tahunan balance, for ASN (PTT have no entitlement to show). */
    private Optional<Map<String, Object>> annualLeave(long employeeId, int year) {
        LeaveBalances.Balance b = balances.of(employeeId, year);
        if (b.person().type() == EmployeeType.PTT) {
            return Optional.empty();
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("year", year);
        v.put("remaining", b.remaining());
        v.put("text", "Sisa cuti tahunan: " + Math.max(0, b.remaining()) + " hari");
        return Optional.of(v);
    }

    private Map<String, Object> month(long employeeId, String key, YearMonth month) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("month", month.toString());
        boolean closed = closedMonths.isClosed(employeeId, month);
        v.put("final", closed);
        v.put("days", attendance.list(month.atDay(1), month.atEndOfMonth(), Optional.empty(), Optional.of(key)).stream()
                .map(HistoryEndpoint::day).toList());
        EmployeeRecap recap = EmployeeRecap.of(jdbi, month, key, Optional.empty());
        Map<String, Object> deduction = new LinkedHashMap<>();
        deduction.put("provisional", !closed);
        deduction.put("rules", recap.rules().name());
        List<Map<String, Object>> parts = new ArrayList<>();
        recap.byUnit().forEach((unit, m) -> parts.add(part(unit, m)));
        deduction.put("parts", parts);
        v.put("deduction", deduction);
        return v;
    }

    private static Map<String, Object> day(AttendanceStore.Listed r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("date", r.date().toString());
        d.put("codes", r.codes());
        r.firstIn().ifPresent(t -> d.put("checkIn", time(t)));
        r.lastOut().ifPresent(t -> d.put("checkOut", time(t)));
        d.put("lateMin", r.lateMin());
        d.put("earlyMin", r.earlyMin());
        d.put("flags", r.flags());
        d.put("explanation", r.explanation());
        return d;
    }

    /** Local date and time, not the time alone: a night shift's check-out falls on the day after its work date. */
    private static String time(LocalDateTime t) {
        return t.withNano(0).toString();
    }

    private static Map<String, Object> part(String unit, EmployeeMonth m) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("unit", unit);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (MonthlyDeduction.Line line : m.deductionLines()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("date", line.date().map(LocalDate::toString).orElse(null));
            l.put("what", line.what());
            l.put("percent", Percent.text(line.percent()));
            lines.add(l);
        }
        p.put("lines", lines);
        p.put("total", Percent.text(m.deductionPercent()));
        return p;
    }

    /**
     * The corrections this month's quota still allows, and the requests of the months shown with their decisions and,
     * on a chain, each step (who signs, where it stands, its deadline), kept on the phone with the rest for offline.
     */
    private Map<String, Object> corrections(long employeeId, LocalDate today, YearMonth current) {
        RequestStore.Context context = requests.context(employeeId, today, today);
        int allowed = context.policy().monthlyCorrections();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("month", current.toString());
        c.put("allowed", allowed);
        c.put("used", context.correctionsThatMonth());
        c.put("left", Math.max(0, allowed - context.correctionsThatMonth()));
        LocalDate since = current.minusMonths(1).atDay(1);
        c.put("requests", decisions.ofEmployee(employeeId).stream().filter(s -> !s.request().to().isBefore(since)).map(s -> {
            Map<String, Object> v = RequestEndpoints.view(s.request());
            if (!s.steps().isEmpty()) {
                v.put("steps", ApprovalEndpoints.steps(s.steps()));
            }
            return v;
        }).toList());
        return c;
    }

    private static YearMonth recent(String text, YearMonth current) {
        try {
            YearMonth month = YearMonth.parse(text.strip());
            if (month.equals(current) || month.equals(current.minusMonths(1))) {
                return month;
            }
        } catch (DateTimeParseException e) {
            // refused below, as a month out of reach is
        }
        throw ApiException.badRequest(StaffText.QUERY_RECENT_MONTH.format(MONTH));
    }
}
