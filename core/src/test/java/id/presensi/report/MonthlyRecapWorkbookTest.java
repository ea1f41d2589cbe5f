package id.presensi.report;

import id.presensi.recap.DeductionRules;
import id.presensi.recap.DeductionTable;
import id.presensi.recap.EmployeeMonth;
import id.presensi.store.RecapStore;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean recap writer against the POI (SXSSF) writer it replaced: the same months give workbooks that POI reads back
 * alike, sheet by sheet and cell by cell (value, type and look), with the same widths, panes, merges, print setup
 * and charts.
 */
class MonthlyRecapWorkbookTest {
    private static final DeductionRules RULES = DeductionRules.of(new DeductionTable("Perbup \"Paser\" <2026> & co", LocalDate.of(2026, 1, 1),
            Map.of("TL1", new BigDecimal("0.5"), "TK", new BigDecimal("3")), new BigDecimal("100")));
    private static final String[] CODES = {"H", "TL1", "TL2/PSW1", "PSW4", "TK", "CT", "S", "DL", "LIBUR", "BELUM", "TL3/TK", "", "CB", "I"};
    private static final String[] NAMES = {"Andi Staf", "Sri \"Perawat\" <b>&amp;</b>", "  Dr. Ir. Ébé, M.Kes.  ", "tab\there\nnew\rline",
            "kontrol\u0001\u001f\u007f\u0085", "emoji \uD83D\uDE00 ok", "", "Ni Luh Putu Ayu Kadek 'Komang' Wayan"};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-08", "2027-02"})
    void the_lean_workbook_reads_back_as_the_poi_workbook_did(String yearMonth) throws IOException {
        YearMonth month = YearMonth.parse(yearMonth);
        Set<LocalDate> holidays = Set.of(month.atDay(17), month.atDay(18));
        Map<String, List<EmployeeMonth>> units = units(month);

        byte[] lean = lean(month, holidays, units);
        ByteArrayOutputStream poi = new ByteArrayOutputStream();
        try (PoiRecapWorkbook workbook = new PoiRecapWorkbook(month, "Kabupaten Paser", "Tana Paser", RULES, holidays)) {
            workbook.reserveSummaries(List.copyOf(units.keySet()));
            units.forEach((code, staff) -> workbook.addUnit(code, "Unit " + code, head(code), feed(staff)));
            for (String code : units.keySet()) {
                workbook.addSummary(code, "Unit " + code, rates(month, code), notice(code));
            }
            workbook.write(poi);
        }

        try (XSSFWorkbook expected = new XSSFWorkbook(new ByteArrayInputStream(poi.toByteArray()));
             XSSFWorkbook actual = new XSSFWorkbook(new ByteArrayInputStream(lean))) {
            assertThat(names(actual)).isEqualTo(names(expected)).hasSize(3 * units.size());
            int cells = 0;
            for (int s = 0; s < expected.getNumberOfSheets(); s++) {
                cells += sameSheet(expected.getSheetAt(s), actual.getSheetAt(s));
            }
            assertThat(cells).as("cells compared").isGreaterThan(units.values().stream().mapToInt(List::size).sum() * (31 + 28));
        }
        assertThat(lean(month, holidays, units)).as("the same records give the same bytes").isEqualTo(lean);
    }

    private static byte[] lean(YearMonth month, Set<LocalDate> holidays, Map<String, List<EmployeeMonth>> units) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MonthlyRecapWorkbook workbook = new MonthlyRecapWorkbook(out, month, "Kabupaten Paser", "Tana Paser", RULES, holidays);
        workbook.reserveSummaries(List.copyOf(units.keySet()));
        for (Map.Entry<String, List<EmployeeMonth>> unit : units.entrySet()) {
            workbook.addUnit(unit.getKey(), "Unit " + unit.getKey(), head(unit.getKey()), feed(unit.getValue()));
        }
        for (String code : units.keySet()) {
            workbook.addSummary(code, "Unit " + code, rates(month, code), notice(code));
        }
        workbook.finish();
        return out.toByteArray();
    }

    /** A unit of many staff with every kind of day, one of none (no head, a notice), one with a code too long for a sheet name. */
    private static Map<String, List<EmployeeMonth>> units(YearMonth month) {
        Map<String, List<EmployeeMonth>> units = new LinkedHashMap<>();
        List<EmployeeMonth> staff = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            Map<LocalDate, List<String>> byDate = new TreeMap<>();
            Map<String, Integer> counts = new TreeMap<>();
            for (int d = 1; d <= month.lengthOfMonth(); d++) {
                String codes = CODES[(e * 7 + d * 3) % CODES.length];
                if (!codes.isEmpty() || d % 2 == 0) { // an empty list and a missing day alike
                    List<String> list = codes.isEmpty() ? List.of() : List.of(codes.split("/"));
                    byDate.put(month.atDay(d), list);
                    list.forEach(c -> counts.merge(c, 1, Integer::sum));
                }
            }
            staff.add(new EmployeeMonth(String.valueOf(198503152010011000L + e), NAMES[e % NAMES.length], e % 3 == 0 ? "Analis & Pranata" : "",
                    e % 4 == 0 ? "PPPK" : "PNS", byDate, 20 + e % 3, counts, e * 7L, e % 5, new BigDecimal(e * 1.25).setScale(2, RoundingMode.HALF_UP),
                    e % 2, e % 3, List.of(), new EmployeeMonth.Overtime(e * 30L, e % 4, e % 4 * 24_000L)));
        }
        units.put("DISDIK", staff);
        units.put("KOSONG", List.of());
        units.put("UPT.PUSKESMAS-TANAH-GROGOT-01", staff.subList(0, 3));
        return units;
    }

    private static Optional<RecapStore.Head> head(String code) {
        return code.equals("DISDIK") ? Optional.of(new RecapStore.Head("Kepala Dinas <Pendidikan>", "Drs. H. Muhammad, M.Pd.", "196801011990031001"))
                : Optional.empty();
    }

    private static Map<LocalDate, Double> rates(YearMonth month, String code) {
        Map<LocalDate, Double> rates = new TreeMap<>();
        for (int d = 1; d <= month.lengthOfMonth(); d += code.length() % 3 + 1) {
            rates.put(month.atDay(d), 100.0 * d / (d + 3.7));
        }
        return rates;
    }

    private static Optional<String> notice(String code) {
        return code.equals("KOSONG") ? Optional.of("Belum final: 3 hari belum direkonsiliasi") : Optional.empty();
    }

    private static Consumer<Consumer<EmployeeMonth>> feed(List<EmployeeMonth> staff) {
        return sink -> staff.forEach(sink);
    }

    private static List<String> names(XSSFWorkbook workbook) {
        List<String> names = new ArrayList<>();
        workbook.forEach(sheet -> names.add(sheet.getSheetName()));
        return names;
    }

    /** Compares two sheets as POI reads them; returns how many cells were compared. */
    private static int sameSheet(Sheet expected, Sheet actual) {
        String name = expected.getSheetName();
        assertThat(actual.getLastRowNum()).as(name + " last row").isEqualTo(expected.getLastRowNum());
        int cells = 0;
        for (int r = 0; r <= expected.getLastRowNum(); r++) {
            Row e = expected.getRow(r);
            Row a = actual.getRow(r);
            assertThat(a == null).as(name + " row " + r + " present").isEqualTo(e == null);
            if (e == null) {
                continue;
            }
            assertThat(a.getHeightInPoints()).as(name + " row " + r + " height").isEqualTo(e.getHeightInPoints());
            assertThat(a.getLastCellNum()).as(name + " row " + r + " width").isEqualTo(e.getLastCellNum());
            for (int c = 0; c < e.getLastCellNum(); c++) {
                cells += sameCell(name + "!" + new CellReference(r, c).formatAsString(), e.getCell(c), a.getCell(c));
            }
        }
        for (int c = 0; c < 40; c++) {
            assertThat(actual.getColumnWidth(c)).as(name + " column " + c + " width").isEqualTo(expected.getColumnWidth(c));
        }
        assertThat(regions(actual)).as(name + " merged").isEqualTo(regions(expected));
        assertThat(String.valueOf(actual.getPaneInformation())).isEqualTo(String.valueOf(expected.getPaneInformation()));
        if (expected.getPaneInformation() != null) {
            assertThat(actual.getPaneInformation().isFreezePane()).isEqualTo(expected.getPaneInformation().isFreezePane());
            assertThat(actual.getPaneInformation().getVerticalSplitPosition()).isEqualTo(expected.getPaneInformation().getVerticalSplitPosition());
            assertThat(actual.getPaneInformation().getHorizontalSplitPosition()).isEqualTo(expected.getPaneInformation().getHorizontalSplitPosition());
        }
        assertThat(String.valueOf(actual.getRepeatingRows())).as(name + " repeated rows").isEqualTo(String.valueOf(expected.getRepeatingRows()));
        assertThat(actual.getPrintSetup().getLandscape()).isEqualTo(expected.getPrintSetup().getLandscape());
        assertThat(actual.getPrintSetup().getPaperSize()).isEqualTo(expected.getPrintSetup().getPaperSize());
        assertThat(actual.getPrintSetup().getFitWidth()).isEqualTo(expected.getPrintSetup().getFitWidth());
        assertThat(actual.getPrintSetup().getFitHeight()).as(name + " fit height").isEqualTo(expected.getPrintSetup().getFitHeight());
        assertThat(actual.getFitToPage()).isEqualTo(expected.getFitToPage());
        assertThat(actual.getAutobreaks()).as(name + " autobreaks").isEqualTo(expected.getAutobreaks());
        assertThat(charts((XSSFSheet) actual)).as(name + " charts").isEqualTo(charts((XSSFSheet) expected));
        return cells;
    }

    private static int sameCell(String where, Cell e, Cell a) {
        assertThat(a == null).as(where + " present").isEqualTo(e == null);
        if (e == null) {
            return 0;
        }
        assertThat(a.getCellType()).as(where + " type").isEqualTo(e.getCellType());
        switch (e.getCellType()) {
            case STRING -> assertThat(a.getStringCellValue()).as(where).isEqualTo(e.getStringCellValue());
            case NUMERIC -> assertThat(a.getNumericCellValue()).as(where).isEqualTo(e.getNumericCellValue());
            default -> throw new AssertionError(where + ": a cell of type " + e.getCellType());
        }
        assertThat(look(a)).as(where + " style").isEqualTo(look(e));
        return 1;
    }

    /** What a cell looks like: font, fill, borders, alignment and number format, not where the style sits in the file. */
    private static String look(Cell cell) {
        CellStyle s = cell.getCellStyle();
        var font = cell.getSheet().getWorkbook().getFontAt(s.getFontIndex());
        return "bold=" + font.getBold() + " size=" + font.getFontHeightInPoints() + " font=" + font.getFontName()
                + " fill=" + s.getFillPattern() + "/" + (s.getFillPattern().getCode() == 0 ? "-" : s.getFillForegroundColor())
                + " border=" + s.getBorderTop() + s.getBorderBottom() + s.getBorderLeft() + s.getBorderRight()
                + " align=" + s.getAlignment() + " wrap=" + s.getWrapText() + " format=" + s.getDataFormatString();
    }

    private static Set<String> regions(Sheet sheet) {
        return sheet.getMergedRegions().stream().map(CellRangeAddress::formatAsString).collect(Collectors.toSet());
    }

    /** Each chart's title, series count, and the cells its series read. */
    private static List<String> charts(XSSFSheet sheet) {
        XSSFDrawing drawing = sheet.getDrawingPatriarch();
        if (drawing == null) {
            return List.of();
        }
        List<String> charts = new ArrayList<>();
        for (XSSFChart chart : drawing.getCharts()) {
            var data = chart.getChartSeries();
            var series = data.get(0).getSeries(0);
            charts.add(chart.getTitleText() + " " + data.size() + " " + data.get(0).getSeriesCount() + " " + series.getCategoryData().getDataRangeReference()
                    + " " + series.getValuesData().getDataRangeReference() + " " + series.getValuesData().getPointCount());
        }
        return charts;
    }
}
