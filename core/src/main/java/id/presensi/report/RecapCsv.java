package id.presensi.report;

import id.presensi.recap.EmployeeMonth;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** The recap rows only, one per employee with the unit's code, for scripts and payroll imports. */
public final class RecapCsv implements AutoCloseable {
    private final CSVPrinter printer;

    public RecapCsv(Writer out) throws IOException {
        List<String> headers = new ArrayList<>(List.of("KODE_UNIT"));
        headers.addAll(RecapColumns.headers().subList(1, RecapColumns.headers().size()));
        this.printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        printer.printRecord(headers);
    }

    public void add(String unitCode, EmployeeMonth month) {
        List<Object> values = new ArrayList<>(List.of(unitCode));
        values.addAll(RecapColumns.values(month));
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        printer.close(true);
    }
}
