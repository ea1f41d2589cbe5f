package id.presensi.jobs.staffimport;

import id.presensi.imports.SourceTable;
import id.presensi.sheet.HeaderMapping;
import id.presensi.sheet.ReadAheadTableReader;
import id.presensi.sheet.TableReader;
import id.presensi.sheet.TableRow;
import id.presensi.staff.StaffFields;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Reads the staff file (CSV or XLSX) row by row, opened by its layout as every import opens its file. */
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
            SourceTable opened = SourceTable.open(StaffFields.LAYOUT, request.source());
            columns = opened.columns();
            // rows are parsed on a thread of their own while the step validates and stages the ones before
            table = new ReadAheadTableReader(opened.reader());
        } catch (IOException e) {
            throw new ItemStreamException("Cannot read " + request.source().file() + ": " + e.getMessage(), e);
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
