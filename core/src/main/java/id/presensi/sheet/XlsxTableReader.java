package id.presensi.sheet;

import com.github.pjfanning.xlsx.StreamingReader;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * An XLSX sheet read as a stream (excel-streaming-reader over POI), so a payroll workbook of any size reads
 * in flat memory. Numeric cells keep their numeric flag: an 18-digit NIP typed as a number has already
 * lost its last digits inside Excel, and the importer must say so rather than store a wrong number.
 */
final class XlsxTableReader implements TableReader {

    private final Path file;
    private final Workbook workbook;
    private final String sheetName;
    private final Iterator<Row> rows;
    private final List<String> header;

    XlsxTableReader(Path file, Optional<String> sheet) throws IOException {
        this.file = file;
        try {
            this.workbook = StreamingReader.builder().rowCacheSize(200).bufferSize(1 << 16).open(file.toFile());
        } catch (RuntimeException e) {
            throw new TableFormatException(file + " is not a readable XLSX workbook: " + e.getMessage(), e);
        }
        Sheet chosen = sheet.map(workbook::getSheet).orElseGet(() -> workbook.getSheetAt(0));
        if (chosen == null) {
            List<String> names = new ArrayList<>();
            workbook.forEach(s -> names.add(s.getSheetName()));
            workbook.close();
            throw new TableFormatException(file + " has no sheet named '" + sheet.orElseThrow() + "'; sheets: " + names);
        }
        this.sheetName = chosen.getSheetName();
        this.rows = chosen.rowIterator();
        TableRow first = readNext();
        if (first == null) {
            workbook.close();
            throw new TableFormatException(source() + " is empty; expected a header row");
        }
        this.header = first.texts().stream().map(String::strip).toList();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public TableRow next() {
        return readNext();
    }

    private TableRow readNext() {
        while (rows.hasNext()) {
            Row row = rows.next();
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < Math.max(row.getLastCellNum(), 0); i++) {
                cells.add(toCell(row.getCell(i)));
            }
            TableRow tableRow = new TableRow(row.getRowNum() + 1, cells);
            if (!tableRow.isBlank()) {
                return tableRow;
            }
        }
        return null;
    }

    private static Cell toCell(org.apache.poi.ss.usermodel.Cell cell) {
        if (cell == null) {
            return Cell.EMPTY;
        }
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case NUMERIC -> DateUtil.isCellDateFormatted(cell) ? Cell.text(dateText(cell.getLocalDateTimeCellValue()))
                    : new Cell(BigDecimal.valueOf(cell.getNumericCellValue()).stripTrailingZeros().toPlainString(), true);
            case BOOLEAN -> Cell.text(Boolean.toString(cell.getBooleanCellValue()));
            case STRING -> Cell.text(cell.getStringCellValue());
            default -> Cell.EMPTY;
        };
    }

    /** Excel keeps dates and times as numbers with a date format: give them back as a person typed them. */
    private static String dateText(LocalDateTime value) {
        if (value.toLocalDate().getYear() < 1901) {
            return value.toLocalTime().toString(); // a time of day: Excel's day zero is 1899-12-31
        }
        return value.toLocalTime().equals(LocalTime.MIDNIGHT) ? value.toLocalDate().toString() : value.toString();
    }

    @Override
    public String source() {
        return file + " (sheet " + sheetName + ")";
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }
}
