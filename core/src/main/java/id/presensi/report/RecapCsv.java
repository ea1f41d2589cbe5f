package id.presensi.report;

import id.presensi.imports.PeopleCsv;
import id.presensi.recap.EmployeeMonth;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** The recap rows only, one per employee with the unit's code, for scripts and payroll imports. */
public final class RecapCsv implements AutoCloseable {
    private final CSVPrinter printer;

    /** For Excel (see {@link PeopleCsv}), with the given delimiter. */
    public RecapCsv(Writer out, char delimiter) throws IOException {
        List<String> headers = new ArrayList<>(List.of("KODE_UNIT"));
        headers.addAll(RecapColumns.headers().subList(1, RecapColumns.headers().size()));
        this.printer = PeopleCsv.open(out, delimiter, headers);
    }

    public void add(String unitCode, EmployeeMonth month) {
        List<Object> values = new ArrayList<>(List.of(unitCode));
        values.addAll(RecapColumns.values(month));
        try {
            PeopleCsv.print(printer, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
