package id.presensi.report;

import id.presensi.recap.DeductionRules;
import id.presensi.recap.EmployeeMonth;
import id.presensi.store.RecapStore;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.MarkerStyle;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFLineChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The monthly recap workbook as it was written with POI's streaming writer (SXSSF) before {@link MonthlyRecapWorkbook}
 * wrote its SpreadsheetML directly: kept in the tests as the reference the lean writer is compared with, cell by cell. Per unit: a recap sheet (one row per employee, a total row, the
 * signature block) and a daily sheet (status codes by day, colour-coded, weekends and holidays shaded).
 * Both are print-ready: A4 landscape, fitted to the page width, header rows frozen and repeated.
 */
final class PoiRecapWorkbook implements AutoCloseable {
    private static final Locale ID = Locale.forLanguageTag("id-ID");

    /** Charts need POI's full model: the small summary sheets live in it; the large sheets stream through SXSSF. */
    private final XSSFWorkbook template = new XSSFWorkbook();
    private final SXSSFWorkbook workbook = new SXSSFWorkbook(template, 200);
    private final YearMonth month;
    private final String regency;
    private final String city;
    private final DeductionRules rules;
    private final Set<LocalDate> holidays;
    private final Styles styles;

    PoiRecapWorkbook(YearMonth month, String regency, String city, DeductionRules rules, Set<LocalDate> holidays) {
        // the file's "created" property is the month, not the clock: the same records give the same bytes, so the desk's
        // download and the command's file can be compared, and a run again that changes nothing changes no byte
        template.getProperties().getCoreProperties().setCreated(Optional.of(Date.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
        this.city = city;
        this.month = month;
        this.regency = regency;
        this.rules = rules;
        this.holidays = holidays;
        this.styles = new Styles();
    }

    /** Makes the summary sheets of these units, empty, so that they come first whenever {@link #addSummary} fills them. */
    public void reserveSummaries(List<String> codes) {
        codes.forEach(code -> template.createSheet(sheetName("Ringkasan", code)));
    }

    /**
     * Adds a unit's summary sheet (or fills the one reserved): its daily attendance rate over the month as a table
     * and a line chart, so a head of agency sees the month at a glance. Summary sheets come first in the workbook.
     *
     * @param notice a warning under the title, e.g. that the month is not yet final
     */
    public void addSummary(String code, String name, Map<LocalDate, Double> ratePerDay, Optional<String> notice) {
        XSSFSheet reserved = template.getSheet(sheetName("Ringkasan", code));
        XSSFSheet sheet = reserved != null ? reserved : template.createSheet(sheetName("Ringkasan", code));
        XSSFRow title = sheet.createRow(0);
        title.createCell(0).setCellValue("TINGKAT KEHADIRAN HARIAN " + name.toUpperCase(ID) + ", "
                + month.getMonth().getDisplayName(TextStyle.FULL, ID).toUpperCase(ID) + " " + month.getYear());
        notice.ifPresent(text -> sheet.createRow(1).createCell(0).setCellValue(text));
        XSSFRow header = sheet.createRow(2);
        header.createCell(0).setCellValue("TANGGAL");
        header.createCell(1).setCellValue("HADIR (%)");
        int last = 2;
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            XSSFRow row = sheet.createRow(2 + d);
            row.createCell(0).setCellValue(d);
            Double rate = ratePerDay.get(month.atDay(d));
            if (rate != null) {
                row.createCell(1).setCellValue(Math.round(rate * 10) / 10.0);
            }
            last = 2 + d;
        }
        sheet.setColumnWidth(0, 10 * 256);
        sheet.setColumnWidth(1, 12 * 256);
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, 3, 2, 17, 24));
        chart.setTitleText("Tingkat kehadiran harian (%)");
        chart.setTitleOverlay(false);
        XDDFCategoryAxis days = chart.createCategoryAxis(AxisPosition.BOTTOM);
        days.setTitle("Tanggal");
        XDDFValueAxis percent = chart.createValueAxis(AxisPosition.LEFT);
        percent.setTitle("Hadir (%)");
        percent.setMinimum(0);
        percent.setMaximum(100);
        XDDFDataSource<Double> x = XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(3, last, 0, 0));
        XDDFNumericalDataSource<Double> y = XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(3, last, 1, 1));
        XDDFLineChartData data = (XDDFLineChartData) chart.createData(ChartTypes.LINE, days, percent);
        XDDFLineChartData.Series series = (XDDFLineChartData.Series) data.addSeries(x, y);
        series.setTitle("Hadir (%)", null);
        series.setMarkerStyle(MarkerStyle.CIRCLE);
        chart.plot(data);
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 1);
        sheet.setFitToPage(true);
    }

    /** Adds the two sheets of one unit; {@code employees} feeds the unit's employees one at a time. */
    public void addUnit(String code, String name, Optional<RecapStore.Head> head, Consumer<Consumer<EmployeeMonth>> employees) {
        SXSSFSheet recap = workbook.createSheet(sheetName("Rekap", code));
        SXSSFSheet daily = workbook.createSheet(sheetName("Harian", code));
        List<String> headers = RecapColumns.headers();
        int recapHeader = title(recap, "REKAPITULASI KEHADIRAN PEGAWAI", name, headers.size());
        header(recap, recapHeader, headers);
        int dailyHeader = title(daily, "KEHADIRAN HARIAN PEGAWAI", name, 3 + month.lengthOfMonth());
        dailyHeader(daily, dailyHeader);
        int[] rowIndex = {recapHeader + 1, dailyHeader + 1};
        int[] number = {0};
        long[] totals = new long[headers.size()];
        BigDecimal[] deduction = {BigDecimal.ZERO};
        employees.accept(m -> {
            number[0]++;
            Row row = recap.createRow(rowIndex[0]++);
            number(row, 0, number[0], styles.cell);
            List<Object> values = RecapColumns.values(m);
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof String s) {
                    text(row, i + 1, s, styles.cell);
                } else if (v instanceof BigDecimal d) {
                    Cell c = row.createCell(i + 1);
                    c.setCellValue(d.doubleValue());
                    c.setCellStyle(styles.percent);
                    deduction[0] = deduction[0].add(d);
                } else {
                    number(row, i + 1, ((Number) v).longValue(), styles.cell);
                    totals[i + 1] += ((Number) v).longValue();
                }
            }
            Row dailyRow = daily.createRow(rowIndex[1]++);
            number(dailyRow, 0, number[0], styles.cell);
            text(dailyRow, 1, m.key(), styles.cell);
            text(dailyRow, 2, m.name(), styles.cell);
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                List<String> codes = m.codesByDate().getOrDefault(month.atDay(d), List.of());
                text(dailyRow, 2 + d, String.join("/", codes), styles.code(codes, isOff(month.atDay(d))));
            }
        });
        Row total = recap.createRow(rowIndex[0]++);
        text(total, 1, "JUMLAH", styles.total);
        text(total, 2, number[0] + " pegawai", styles.total);
        for (int i = 5; i < headers.size() - 1; i++) {
            number(total, i, totals[i], styles.total);
        }
        text(total, headers.size() - 1, "", styles.total);
        Row note = recap.createRow(rowIndex[0] + 1);
        text(note, 1, "Potongan TPP menurut aturan \"" + rules.name() + "\" (berlaku " + rules.validFrom() + ", batas "
                + rules.monthlyCap().stripTrailingZeros().toPlainString() + "% sebulan).", null);
        signature(recap, rowIndex[0] + 3, headers.size() - 6, name, head);
        legend(daily, rowIndex[1] + 1);
        printSetup(recap, recapHeader, headers.size());
        printSetup(daily, dailyHeader, 3 + month.lengthOfMonth());
        widths(recap, new int[] {5, 21, 28, 24, 7, 6});
        recap.setColumnWidth(headers.size() - 3, 11 * 256);
        recap.setColumnWidth(headers.size() - 2, 11 * 256);
        recap.setColumnWidth(headers.size() - 1, 11 * 256);
        widths(daily, new int[] {5, 21, 28});
    }

    private boolean isOff(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY || holidays.contains(date);
    }

    private int title(SXSSFSheet sheet, String title, String unitName, int width) {
        String[] lines = {title, unitName.toUpperCase(ID), "BULAN " + month.getMonth().getDisplayName(TextStyle.FULL, ID).toUpperCase(ID)
                + " " + month.getYear(), regency.toUpperCase(ID)};
        for (int i = 0; i < lines.length; i++) {
            Row row = sheet.createRow(i);
            text(row, 0, lines[i], i == 0 ? styles.title : styles.subtitle);
            sheet.addMergedRegion(new CellRangeAddress(i, i, 0, Math.max(1, width - 1)));
        }
        return lines.length + 1;
    }

    private void header(SXSSFSheet sheet, int rowIndex, List<String> headers) {
        Row row = sheet.createRow(rowIndex);
        row.setHeightInPoints(32);
        for (int i = 0; i < headers.size(); i++) {
            text(row, i, headers.get(i), styles.header);
        }
        for (int i = 6; i < 6 + RecapColumns.CODES.size(); i++) {
            sheet.setColumnWidth(i, 6 * 256);
        }
    }

    private void dailyHeader(SXSSFSheet sheet, int rowIndex) {
        Row row = sheet.createRow(rowIndex);
        text(row, 0, "NO", styles.header);
        text(row, 1, "NIP/NIK", styles.header);
        text(row, 2, "NAMA", styles.header);
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            text(row, 2 + d, Integer.toString(d), isOff(month.atDay(d)) ? styles.offHeader : styles.header);
            sheet.setColumnWidth(2 + d, 7 * 256);
        }
    }

    private void legend(SXSSFSheet sheet, int rowIndex) {
        String[][] entries = {{"H", "Hadir tepat waktu"}, {"TL1", "Terlambat 1-4 (menurut menit)"}, {"PSW1", "Pulang sebelum waktunya 1-4"},
                {"TK", "Tanpa keterangan"}, {"CT", "Cuti, sakit, izin, dinas luar, tugas belajar"}, {"LIBUR", "Libur, akhir pekan, libur jadwal dinas"}};
        text(sheet.createRow(rowIndex), 1, "KETERANGAN", styles.subtitle);
        for (int i = 0; i < entries.length; i++) {
            Row row = sheet.createRow(rowIndex + 1 + i);
            text(row, 1, entries[i][0], styles.code(List.of(entries[i][0]), false));
            text(row, 2, entries[i][1], null);
        }
    }

    /** The place and date line, the head's title, room to sign, and their name (with gelar) and NIP, or blanks to fill in. */
    private void signature(SXSSFSheet sheet, int rowIndex, int column, String unitName, Optional<RecapStore.Head> head) {
        String[] lines = {city + ", ........................ " + month.getYear(), head.map(RecapStore.Head::title).orElse("Kepala " + unitName),
                "", "", "", head.map(RecapStore.Head::name).orElse("(........................................)"),
                "NIP " + head.map(RecapStore.Head::nip).orElse("........................................")};
        for (int i = 0; i < lines.length; i++) {
            text(sheet.createRow(rowIndex + i), column, lines[i], null);
        }
    }

    private static void printSetup(SXSSFSheet sheet, int headerRow, int width) {
        sheet.createFreezePane(3, headerRow + 1);
        sheet.setRepeatingRows(new CellRangeAddress(headerRow, headerRow, 0, width - 1));
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setFitToPage(true);
        sheet.setAutobreaks(true);
    }

    private static void widths(SXSSFSheet sheet, int[] characters) {
        for (int i = 0; i < characters.length; i++) {
            sheet.setColumnWidth(i, characters[i] * 256);
        }
    }

    private static String sheetName(String prefix, String code) {
        String name = prefix + " " + code;
        return name.length() > 31 ? name.substring(0, 31) : name;
    }

    private static void text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        if (style != null) {
            cell.setCellStyle(style);
        }
    }

    private static void number(Row row, int column, long value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    public void write(OutputStream out) throws IOException {
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        workbook.close();
        template.close();
    }

    /** The styles, created once per workbook (Excel allows a limited number). */
    private final class Styles {
        final CellStyle title = style(true, 14, null, false);
        final CellStyle subtitle = style(true, 11, null, false);
        final CellStyle header = style(true, 10, IndexedColors.GREY_25_PERCENT, true);
        final CellStyle offHeader = style(true, 10, IndexedColors.GREY_50_PERCENT, true);
        final CellStyle cell = style(false, 10, null, true);
        final CellStyle total = style(true, 10, IndexedColors.GREY_25_PERCENT, true);
        final CellStyle percent = style(false, 10, null, true);
        private final Map<IndexedColors, CellStyle> codeStyles = new EnumMap<>(IndexedColors.class);
        private final Map<String, CellStyle> off = new HashMap<>();

        Styles() {
            percent.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            header.setWrapText(true);
            header.setAlignment(HorizontalAlignment.CENTER);
        }

        CellStyle code(List<String> codes, boolean offDay) {
            IndexedColors color = colorOf(codes);
            if (color == null) {
                return offDay ? off.computeIfAbsent("off", k -> style(false, 9, IndexedColors.GREY_25_PERCENT, true)) : cell;
            }
            return codeStyles.computeIfAbsent(color, c -> {
                CellStyle s = style(false, 9, c, true);
                s.setAlignment(HorizontalAlignment.CENTER);
                return s;
            });
        }

        private IndexedColors colorOf(List<String> codes) {
            return MonthlyRecapWorkbook.shade(codes).map(kind -> switch (kind) {
                case PRESENT -> IndexedColors.LIGHT_GREEN;
                case LATE -> IndexedColors.LIGHT_YELLOW;
                case EARLY -> IndexedColors.LIGHT_ORANGE;
                case ABSENT, APEL -> IndexedColors.ROSE;
                case DAY_OFF -> IndexedColors.GREY_25_PERCENT;
                case LEAVE, PROVISIONAL -> IndexedColors.LIGHT_TURQUOISE;
            }).orElse(null);
        }

        private CellStyle style(boolean bold, int points, IndexedColors fill, boolean border) {
            CellStyle s = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(bold);
            font.setFontHeightInPoints((short) points);
            s.setFont(font);
            if (fill != null) {
                s.setFillForegroundColor(fill.getIndex());
                s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            }
            if (border) {
                s.setBorderBottom(BorderStyle.THIN);
                s.setBorderTop(BorderStyle.THIN);
                s.setBorderLeft(BorderStyle.THIN);
                s.setBorderRight(BorderStyle.THIN);
            }
            return s;
        }
    }
}
