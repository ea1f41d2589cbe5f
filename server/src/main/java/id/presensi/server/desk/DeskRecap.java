package id.presensi.server.desk;

import id.presensi.imports.PeopleCsv;
import id.presensi.recap.EmployeeMonth;
import id.presensi.recap.Percent;
import id.presensi.report.MonthlyRecap;
import id.presensi.report.MonthlyRecapWorkbook;
import id.presensi.store.RecapStore;
import id.presensi.unit.TimeZones;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Rekap": the month as a grid (employees by days, the codes), one person's deduction lines ({@code report monthly
 * --explain}), and the downloads, written by {@link MonthlyRecap} as {@code report monthly} writes them: the same
 * scope gives the same bytes.
 */
final class DeskRecap {
    private final Desk desk;

    DeskRecap(Desk desk) {
        this.desk = desk;
    }

    void grid(Context ctx) {
        DeskSession session = desk.session(ctx);
        YearMonth month = month(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        Map<String, Object> v = desk.as(session, jdbi -> {
            MonthlyRecap recap = new MonthlyRecap(jdbi, month, unit);
            List<Map<String, Object>> employees = new ArrayList<>();
            recap.employees((u, m) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("unit", u.code());
                e.put("key", m.key());
                e.put("name", m.name());
                List<List<String>> days = new ArrayList<>();
                for (int d = 1; d <= month.lengthOfMonth(); d++) {
                    List<String> codes = m.codesByDate().getOrDefault(month.atDay(d), List.of());
                    days.add(List.of(String.join("/", codes), MonthlyRecapWorkbook.shade(codes).map(Enum::name).orElse("")));
                }
                e.put("days", days);
                e.put("deduction", Percent.text(m.deductionPercent()));
                employees.add(e);
            });
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("month", month.toString());
            answer.put("unit", unit.orElse(null));
            answer.put("days", month.lengthOfMonth());
            answer.put("offDays", offDays(month, new RecapStore(jdbi).holidays(month)));
            answer.put("notice", recap.completeness().notice().orElse(null));
            answer.put("rules", recap.rules().name());
            answer.put("employees", employees);
            return answer;
        });
        Desk.json(ctx, v);
    }

    /** Weekends and holidays, shaded as in the workbook's daily sheet. */
    private static List<Integer> offDays(YearMonth month, List<LocalDate> holidays) {
        List<Integer> off = new ArrayList<>();
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate date = month.atDay(d);
            if (date.getDayOfWeek().getValue() >= 6 || holidays.contains(date)) {
                off.add(d);
            }
        }
        return off;
    }

    void explain(Context ctx) {
        DeskSession session = desk.session(ctx);
        YearMonth month = month(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        String key = Optional.ofNullable(ctx.queryParam("key")).map(String::strip).filter(k -> k.matches("\\d{16}|\\d{18}"))
                .orElseThrow(() -> DeskException.badRequest("key harus NIP (18 angka) atau NIK (16 angka)"));
        Map<String, Object> v = desk.as(session, jdbi -> {
            MonthlyRecap recap = new MonthlyRecap(jdbi, month, unit);
            EmployeeMonth[] found = {null};
            recap.employees((u, m) -> {
                if (m.key().equals(key)) {
                    found[0] = m;
                }
            });
            if (found[0] == null) {
                throw DeskException.notFound("Tidak ada catatan pegawai ini pada " + month + " di unit Anda.");
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("key", found[0].key());
            answer.put("name", found[0].name());
            answer.put("rules", recap.rules().name());
            answer.put("lines", found[0].deductionLines().stream().map(l -> Map.of("date", l.date().map(LocalDate::toString).orElse("bulan ini"),
                    "what", l.what(), "percent", Percent.text(l.percent()))).toList());
            answer.put("total", Percent.text(found[0].deductionPercent()));
            return answer;
        });
        Desk.json(ctx, v);
    }

    void xlsx(Context ctx) {
        DeskSession session = desk.session(ctx);
        YearMonth month = month(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        byte[] bytes = desk.as(session, jdbi -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                new MonthlyRecap(jdbi, month, unit).writeXlsx(out, Optional.empty());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
        download(ctx, bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName(month, unit, "xlsx"));
    }

    void csv(Context ctx) {
        DeskSession session = desk.session(ctx);
        YearMonth month = month(ctx);
        Optional<String> unit = desk.unit(ctx, session);
        byte[] bytes = desk.as(session, jdbi -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                new MonthlyRecap(jdbi, month, unit).writeCsv(writer, PeopleCsv.DEFAULT_DELIMITER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
        download(ctx, bytes, "text/csv; charset=UTF-8", fileName(month, unit, "csv"));
    }

    private static void download(Context ctx, byte[] bytes, String type, String name) {
        ctx.contentType(type).header("Content-Disposition", "attachment; filename=\"" + name + "\"").result(bytes);
    }

    private static String fileName(YearMonth month, Optional<String> unit, String extension) {
        return "rekap-" + month + unit.map(u -> "-" + u.replaceAll("[^A-Za-z0-9._-]", "_")).orElse("") + "." + extension;
    }

    private YearMonth month(Context ctx) {
        String text = ctx.queryParam("month");
        if (text == null || text.isBlank()) {
            return YearMonth.from(desk.now().atZone(TimeZones.DEFAULT));
        }
        try {
            YearMonth month = YearMonth.parse(text.strip());
            if (month.getYear() < 2000 || month.getYear() > 2100) {
                throw DeskException.badRequest("month di luar jangkauan");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw DeskException.badRequest("month harus YYYY-MM");
        }
    }
}
