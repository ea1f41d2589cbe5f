package id.presensi.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.presensi.anomaly.AnomalyKind;
import id.presensi.imports.PeopleCsv;
import id.presensi.store.AnomalyStore.Review;
import id.presensi.store.AnomalyStore.Signal;
import id.presensi.unit.TimeZones;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The anomaly report for an OPD admin: one sheet per kind of signal (who, when, how strong, what was seen, and whether
 * it was marked "sudah diperiksa", by whom, when and with what note), and
 * beside it a CSV of every position in the evidence, one row a point, ready for a map (QGIS, Google My Maps).
 */
public final class AnomalyWorkbook {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The review ("sudah diperiksa") last: the columns an admin's sheets already read keep their places. */
    private static final List<String> HEADERS = List.of("NIP/NIK", "NAMA", "KODE_UNIT", "TANGGAL", "KEKUATAN", "KETERANGAN", "DIPERIKSA",
            "DIPERIKSA_OLEH", "DIPERIKSA_PADA", "CATATAN_PEMERIKSAAN");
    private static final DateTimeFormatter REVIEWED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The most characters an XLSX cell holds; a longer text makes the whole workbook fail. */
    static final int MAX_CELL = 32_767;

    private AnomalyWorkbook() {
    }

    public static void write(List<Signal> signals, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            for (AnomalyKind kind : AnomalyKind.values()) {
                Sheet sheet = workbook.createSheet(kind.title());
                Row header = sheet.createRow(0);
                for (int i = 0; i < HEADERS.size(); i++) {
                    header.createCell(i).setCellValue(HEADERS.get(i));
                }
                int r = 1;
                for (Signal s : signals) {
                    if (s.kind() != kind) {
                        continue;
                    }
                    Row row = sheet.createRow(r++);
                    row.createCell(0).setCellValue(s.employeeKey());
                    row.createCell(1).setCellValue(cell(s.name()));
                    row.createCell(2).setCellValue(s.unitCode());
                    row.createCell(3).setCellValue(s.date().toString());
                    row.createCell(4).setCellValue(Math.round(s.strength() * 100) / 100.0);
                    row.createCell(5).setCellValue(cell(s.message()));
                    row.createCell(6).setCellValue(s.review().isPresent() ? "sudah diperiksa" : "belum");
                    if (s.review().isPresent()) {
                        Review review = s.review().get();
                        row.createCell(7).setCellValue(review.by());
                        row.createCell(8).setCellValue(REVIEWED_AT.format(TimeZones.local(review.at())));
                        row.createCell(9).setCellValue(cell(review.note()));
                    }
                }
                sheet.setColumnWidth(0, 20 * 256);
                sheet.setColumnWidth(1, 26 * 256);
                sheet.setColumnWidth(5, 120 * 256);
                sheet.setColumnWidth(6, 16 * 256);
                sheet.setColumnWidth(7, 20 * 256);
                sheet.setColumnWidth(8, 17 * 256);
                sheet.setColumnWidth(9, 60 * 256);
            }
            workbook.write(out);
        }
    }

    /**
     * A text as a cell takes it: a signal stored before messages were bounded (or written by hand) may be longer
     * than a cell, and one such message must not cost the admin the whole report.
     */
    static String cell(String text) {
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 1) + "\u2026";
    }

    /** Every point of the evidence: NIP/NIK, name, kind, date, local time, latitude, longitude. */
    public static void positions(List<Signal> signals, Appendable out, char delimiter) throws IOException {
        CSVPrinter csv = PeopleCsv.open(out, delimiter, List.of("NIP_NIK", "NAMA", "JENIS", "TANGGAL", "WAKTU", "LINTANG", "BUJUR"));
        for (Signal s : signals) {
            JsonNode points = JSON.readTree(s.evidence()).path("points");
            for (JsonNode point : points) {
                for (JsonNode p : point.isArray() ? point : JSON.createArrayNode().add(point)) {
                    PeopleCsv.print(csv, Arrays.asList(s.employeeKey(), s.name(), s.kind().name(), s.date().toString(), p.path("at").asText(),
                            p.path("lat").asText(), p.path("lon").asText()));
                }
            }
        }
        csv.flush();
    }
}
