package id.presensi.report;

import id.presensi.attendance.StatusCode;
import id.presensi.recap.DeductionRules;
import id.presensi.recap.EmployeeMonth;
import id.presensi.store.RecapStore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The monthly recap workbook, its SpreadsheetML written straight into the file as the records are read ({@link
 * XlsxFile}), so a regency of any size fits a small heap and the writing costs little beside the reading. Per unit:
 * a recap sheet (one row per employee, a total row, the signature block) and a daily sheet (status codes by day,
 * colour-coded, weekends and holidays shaded); first, a summary sheet per unit with its daily attendance rate and a
 * chart of it. Sheets are print-ready: A4 landscape, fitted to the page width, header rows frozen and repeated.
 */
public final class MonthlyRecapWorkbook {
    private static final Locale ID = Locale.forLanguageTag("id-ID");

    private final XlsxFile file;
    private final YearMonth month;
    private final String regency;
    private final String city;
    private final DeductionRules rules;
    private final Set<LocalDate> holidays;
    private final Map<String, XlsxFile.Sheet> summaries = new HashMap<>();
    /** Each combination of codes' colour, worked out once: a regency's month has a few dozen, over 260,000 cells. */
    private final Map<List<String>, Optional<Integer>> kindStyles = new HashMap<>();

    /** Writes into {@code out}, which stays open; {@link #finish} completes the file. */
    public MonthlyRecapWorkbook(OutputStream out, YearMonth month, String regency, String city, DeductionRules rules, Set<LocalDate> holidays) {
        // the file's "created" property and its entries' times are the month, not the clock: the same records give the
        // same bytes, so the desk's download and the command's file can be compared, and a run again that changes
        // nothing changes no byte
        this.file = new XlsxFile(out, month.atDay(1).atStartOfDay());
        this.city = city;
        this.month = month;
        this.regency = regency;
        this.rules = rules;
        this.holidays = holidays;
    }

    /** Places the summary sheets of these units first, to be filled whenever {@link #addSummary} is given their rates. */
    public void reserveSummaries(List<String> codes) {
        codes.forEach(code -> summaries.put(code, file.reserve(sheetName("Ringkasan", code))));
    }

    /**
     * Writes a unit's summary sheet (in the place reserved, if one was): its daily attendance rate over the month as
     * a table and a line chart, so a head of agency sees the month at a glance.
     *
     * @param notice a warning under the title, e.g. that the month is not yet final
     */
    public void addSummary(String code, String name, Map<LocalDate, Double> ratePerDay, Optional<String> notice) throws IOException {
        XlsxFile.Sheet sheet = summaries.containsKey(code) ? summaries.get(code) : file.reserve(sheetName("Ringkasan", code));
        TreeMap<Integer, Integer> widths = new TreeMap<>(Map.of(0, 10, 1, 12));
        sheet.begin(new XlsxFile.Layout(widths, 0, 0, Optional.empty(), true, List.of()));
        sheet.row(0);
        sheet.text(0, "TINGKAT KEHADIRAN HARIAN " + name.toUpperCase(ID) + ", " + monthName() + " " + month.getYear(), Styles.NONE);
        if (notice.isPresent()) {
            sheet.row(1);
            sheet.text(0, notice.get(), Styles.NONE);
        }
        sheet.row(2);
        sheet.text(0, "TANGGAL", Styles.NONE);
        sheet.text(1, "HADIR (%)", Styles.NONE);
        int days = month.lengthOfMonth();
        double[] dates = new double[days];
        Double[] rates = new Double[days];
        for (int d = 1; d <= days; d++) {
            sheet.row(2 + d);
            sheet.number(0, d, Styles.NONE);
            dates[d - 1] = d;
            Double rate = ratePerDay.get(month.atDay(d));
            if (rate != null) {
                rates[d - 1] = Math.round(rate * 10) / 10.0;
                sheet.number(1, rates[d - 1], Styles.NONE);
            }
        }
        sheet.end(Optional.of(new XlsxFile.LineChart("Tingkat kehadiran harian (%)", "Tanggal", "Hadir (%)", 3, 2 + days, 0, 1, dates, rates,
                new int[] {3, 2, 17, 24})));
    }

    /** Writes the two sheets of one unit; {@code employees} feeds the unit's employees one at a time. */
    public void addUnit(String code, String name, Optional<RecapStore.Head> head, Consumer<Consumer<EmployeeMonth>> employees) throws IOException {
        XlsxFile.Sheet recap = file.reserve(sheetName("Rekap", code));
        XlsxFile.Sheet daily = file.reserve(sheetName("Harian", code));
        List<String> headers = RecapColumns.headers();
        int days = month.lengthOfMonth();
        // the daily sheet is written as the employees come; the recap sheet's rows, a few numbers each, are kept until
        // the unit is read (its total row and signature follow them), then written: one read of the records for both
        int dailyHeader = 5;
        TreeMap<Integer, Integer> dailyWidths = new TreeMap<>(Map.of(0, 5, 1, 21, 2, 28));
        for (int d = 1; d <= days; d++) {
            dailyWidths.put(2 + d, 7);
        }
        daily.begin(new XlsxFile.Layout(dailyWidths, 3, dailyHeader + 1, Optional.of(dailyHeader), false, titleMerges(3 + days)));
        title(daily, "KEHADIRAN HARIAN PEGAWAI", name);
        daily.row(dailyHeader);
        daily.text(0, "NO", Styles.HEADER);
        daily.text(1, "NIP/NIK", Styles.HEADER);
        daily.text(2, "NAMA", Styles.HEADER);
        int[] dayStyle = new int[days + 1];
        LocalDate[] dates = new LocalDate[days + 1];
        for (int d = 1; d <= days; d++) {
            dates[d] = month.atDay(d);
            boolean off = isOff(month.atDay(d));
            daily.text(2 + d, Integer.toString(d), off ? Styles.OFF_HEADER : Styles.HEADER);
            dayStyle[d] = off ? Styles.OFF_DAY : Styles.CELL;
        }
        List<List<Object>> rows = new ArrayList<>();
        int[] rowIndex = {dailyHeader + 1};
        try {
            employees.accept(m -> {
                try {
                    rows.add(RecapColumns.values(m));
                    daily.row(rowIndex[0]++);
                    daily.number(0, rows.size(), Styles.CELL);
                    daily.text(1, m.key(), Styles.CELL);
                    daily.text(2, m.name(), Styles.CELL);
                    for (int d = 1; d <= days; d++) {
                        List<String> codes = m.codesByDate().getOrDefault(dates[d], List.of());
                        daily.text(2 + d, codes.size() == 1 ? codes.get(0) : String.join("/", codes),
                                kindStyles.computeIfAbsent(codes, Styles::kind).orElse(dayStyle[d]));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        legend(daily, rowIndex[0] + 1);
        daily.end(Optional.empty());

        int recapHeader = 5;
        TreeMap<Integer, Integer> recapWidths = new TreeMap<>();
        for (int i = 6; i < 6 + RecapColumns.CODES.size(); i++) {
            recapWidths.put(i, 6);
        }
        int[] first = {5, 21, 28, 24, 7, 6};
        for (int i = 0; i < first.length; i++) {
            recapWidths.put(i, first[i]);
        }
        for (int i = headers.size() - 3; i < headers.size(); i++) {
            recapWidths.put(i, 11);
        }
        recap.begin(new XlsxFile.Layout(recapWidths, 3, recapHeader + 1, Optional.of(recapHeader), false, titleMerges(headers.size())));
        title(recap, "REKAPITULASI KEHADIRAN PEGAWAI", name);
        recap.row(recapHeader, 32);
        for (int i = 0; i < headers.size(); i++) {
            recap.text(i, headers.get(i), Styles.HEADER);
        }
        long[] totals = new long[headers.size()];
        int row = recapHeader + 1;
        for (List<Object> values : rows) {
            recap.row(row);
            recap.number(0, row - recapHeader, Styles.CELL);
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof String s) {
                    recap.text(i + 1, s, Styles.CELL);
                } else if (v instanceof BigDecimal d) {
                    recap.number(i + 1, d.doubleValue(), Styles.PERCENT);
                } else {
                    long n = ((Number) v).longValue();
                    recap.number(i + 1, n, Styles.CELL);
                    totals[i + 1] += n;
                }
            }
            row++;
        }
        recap.row(row);
        recap.text(1, "JUMLAH", Styles.TOTAL);
        recap.text(2, rows.size() + " pegawai", Styles.TOTAL);
        for (int i = 5; i < headers.size() - 1; i++) {
            recap.number(i, totals[i], Styles.TOTAL);
        }
        recap.text(headers.size() - 1, "", Styles.TOTAL);
        recap.row(row + 2);
        recap.text(1, "Potongan TPP menurut aturan \"" + rules.name() + "\" (berlaku " + rules.validFrom() + ", batas "
                + rules.monthlyCap().stripTrailingZeros().toPlainString() + "% sebulan).", Styles.NONE);
        signature(recap, row + 4, headers.size() - 6, name, head);
        recap.end(Optional.empty());
    }

    /** Completes the file: the style sheet and the parts that list the sheets. */
    public void finish() throws IOException {
        file.finish(Styles.XML);
    }

    private boolean isOff(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY || holidays.contains(date);
    }

    private String monthName() {
        return month.getMonth().getDisplayName(TextStyle.FULL, ID).toUpperCase(ID);
    }

    /** The four title lines, each merged across the sheet's width. */
    private void title(XlsxFile.Sheet sheet, String title, String unitName) throws IOException {
        String[] lines = {title, unitName.toUpperCase(ID), "BULAN " + monthName() + " " + month.getYear(), regency.toUpperCase(ID)};
        for (int i = 0; i < lines.length; i++) {
            sheet.row(i);
            sheet.text(0, lines[i], i == 0 ? Styles.TITLE : Styles.SUBTITLE);
        }
    }

    private static List<int[]> titleMerges(int width) {
        List<int[]> merges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            merges.add(new int[] {i, 0, i, Math.max(1, width - 1)});
        }
        return merges;
    }

    private static void legend(XlsxFile.Sheet sheet, int rowIndex) throws IOException {
        String[][] entries = {{"H", "Hadir tepat waktu"}, {"TL1", "Terlambat 1-4 (menurut menit)"}, {"PSW1", "Pulang sebelum waktunya 1-4"},
                {"TK", "Tanpa keterangan"}, {"CT", "Cuti, sakit, izin, dinas luar, tugas belajar"}, {"LIBUR", "Libur, akhir pekan, libur jadwal dinas"}};
        sheet.row(rowIndex);
        sheet.text(1, "KETERANGAN", Styles.SUBTITLE);
        for (int i = 0; i < entries.length; i++) {
            sheet.row(rowIndex + 1 + i);
            sheet.text(1, entries[i][0], Styles.kind(List.of(entries[i][0])).orElseThrow());
            sheet.text(2, entries[i][1], Styles.NONE);
        }
    }

    /** The place and date line, the head's title, room to sign, and their name (with gelar) and NIP, or blanks to fill in. */
    private void signature(XlsxFile.Sheet sheet, int rowIndex, int column, String unitName, Optional<RecapStore.Head> head) throws IOException {
        String[] lines = {city + ", ........................ " + month.getYear(), head.map(RecapStore.Head::title).orElse("Kepala " + unitName),
                "", "", "", head.map(RecapStore.Head::name).orElse("(........................................)"),
                "NIP " + head.map(RecapStore.Head::nip).orElse("........................................")};
        for (int i = 0; i < lines.length; i++) {
            sheet.row(rowIndex + i);
            sheet.text(column, lines[i], Styles.NONE);
        }
    }

    private static String sheetName(String prefix, String code) {
        String name = prefix + " " + code;
        return name.length() > 31 ? name.substring(0, 31) : name;
    }

    /** What a day's cell is coloured by (TK over anything else, then the first code); the desk's grid colours the same way. */
    public static Optional<StatusCode.Kind> shade(List<String> codes) {
        if (codes.isEmpty()) {
            return Optional.empty();
        }
        String worst = codes.contains(StatusCode.TK.name()) ? StatusCode.TK.name() : codes.get(0);
        return Optional.of(StatusCode.parse(worst).map(StatusCode::kind).orElse(StatusCode.Kind.LEAVE));
    }

    /**
     * The workbook's few cell styles, as indexes into its one style sheet: Calibri, thin borders round the table's
     * cells, Excel's indexed colours (grey 25% for headers and days off, grey 50% for a day off's header, light green,
     * yellow, orange, rose and turquoise for a day's kind).
     */
    private static final class Styles {
        static final int NONE = 0;
        static final int TITLE = 1;
        static final int SUBTITLE = 2;
        static final int HEADER = 3;
        static final int OFF_HEADER = 4;
        static final int CELL = 5;
        static final int TOTAL = 6;
        static final int PERCENT = 7;
        static final int OFF_DAY = 8;
        private static final Map<StatusCode.Kind, Integer> KINDS = Map.of(StatusCode.Kind.PRESENT, 9, StatusCode.Kind.LATE, 10,
                StatusCode.Kind.EARLY, 11, StatusCode.Kind.ABSENT, 12, StatusCode.Kind.APEL, 12, StatusCode.Kind.DAY_OFF, 13, StatusCode.Kind.LEAVE, 14,
                StatusCode.Kind.PROVISIONAL, 14);

        /** A day's style by its kind's colour; none for a day without a record (plain, or shaded as a day off). */
        static Optional<Integer> kind(List<String> codes) {
            return shade(codes).map(KINDS::get);
        }

        private static String xf(int font, int fill, int border, int format, boolean center, boolean wrap) {
            String alignment = center || wrap ? "<alignment" + (center ? " horizontal=\"center\"" : "") + (wrap ? " wrapText=\"1\"" : "") + "/>" : "";
            return "<xf numFmtId=\"" + format + "\" fontId=\"" + font + "\" fillId=\"" + fill + "\" borderId=\"" + border + "\" xfId=\"0\""
                    + (font > 0 ? " applyFont=\"1\"" : "") + (fill > 0 ? " applyFill=\"1\"" : "") + (border > 0 ? " applyBorder=\"1\"" : "")
                    + (format > 0 ? " applyNumberFormat=\"1\"" : "") + (alignment.isEmpty() ? "/>" : " applyAlignment=\"1\">" + alignment + "</xf>");
        }

        private static String font(int points, boolean bold) {
            return "<font>" + (bold ? "<b/>" : "") + "<sz val=\"" + points + "\"/><name val=\"Calibri\"/><family val=\"2\"/></font>";
        }

        private static String fill(int indexed) {
            return "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"" + indexed + "\"/></patternFill></fill>";
        }

        // fonts: 0 default, 1 title, 2 subtitle, 3 bold 10, 4 plain 10, 5 plain 9; fills: 2 grey 25%, 3 grey 50%,
        // 4 light green, 5 light yellow, 6 light orange, 7 rose, 8 light turquoise; borders: 1 thin all round
        static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><fonts count=\"6\">"
                + "<font><sz val=\"11\"/><color indexed=\"8\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font>"
                + font(14, true) + font(11, true) + font(10, true) + font(10, false) + font(9, false) + "</fonts>"
                + "<fills count=\"9\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
                + fill(22) + fill(23) + fill(42) + fill(43) + fill(52) + fill(45) + fill(41) + "</fills>"
                + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style=\"thin\"/>"
                + "<right style=\"thin\"/><top style=\"thin\"/><bottom style=\"thin\"/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"15\">"
                + xf(0, 0, 0, 0, false, false) + xf(1, 0, 0, 0, false, false) + xf(2, 0, 0, 0, false, false)
                + xf(3, 2, 1, 0, true, true) + xf(3, 3, 1, 0, false, false) + xf(4, 0, 1, 0, false, false) + xf(3, 2, 1, 0, false, false)
                + xf(4, 0, 1, 2, false, false) + xf(5, 2, 1, 0, false, false)
                + xf(5, 4, 1, 0, true, false) + xf(5, 5, 1, 0, true, false) + xf(5, 6, 1, 0, true, false) + xf(5, 7, 1, 0, true, false)
                + xf(5, 2, 1, 0, true, false) + xf(5, 8, 1, 0, true, false)
                + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>";
    }
}
