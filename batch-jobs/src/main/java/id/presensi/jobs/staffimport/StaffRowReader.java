package id.presensi.jobs.staffimport;

import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.ReadAheadTableReader;
import id.presensi.sheet.TableFormatException;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableReaders;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffFields;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Reads the staff file (CSV or XLSX) row by row and resolves its header once. */
class StaffRowReader implements ItemStreamReader<TableRow> {

    private final StaffImportRequest request;
    private TableReader table;
    private HeaderMapping columns;
    private long rows;

    StaffRowReader(StaffImportRequest request) {
        this.request = request;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            TableReader opened = TableReaders.open(request.file(), request.sheet(), request.encoding());
            try {
                columns = HeaderMapping.resolve(opened.source(), opened.header(), StaffFields.ALL, StaffFields.REQUIRED,
                        request.renames(), StaffFields.ALIASES);
                if (!columns.has(StaffFields.NIP) && !columns.has(StaffFields.NIK)) {
                    throw new TableFormatException(opened.source() + ": needs a NIP or a NIK column; the header has "
                            + opened.header());
                }
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            // rows are parsed on a thread of their own while the step validates and stages the ones before
            table = new ReadAheadTableReader(opened);
        } catch (IOException e) {
            throw new ItemStreamException("Cannot read " + request.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public TableRow read() {
        try {
            TableRow row = table.next();
            if (row != null && ++rows % 10_000 == 0) {
                request.progress().rowsRead(rows, table.progress());
            }
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HeaderMapping columns() {
        return columns;
    }

    Optional<String> readAs() {
        return table.readAs();
    }

    List<String> header() {
        return table.header();
    }

    @Override
    public void close() {
        request.progress().rowsRead(rows, 1);
        if (table != null) {
            try {
                table.close();
            } catch (IOException e) {
                throw new ItemStreamException(e);
            }
        }
    }
}
