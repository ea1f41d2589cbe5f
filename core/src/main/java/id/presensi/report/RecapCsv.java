package id.presensi.report;

import id.presensi.imports.PeopleCsv;
import id.presensi.recap.EmployeeMonth;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The recap rows only, one per employee with the unit's code, for scripts and payroll imports. */
public final class RecapCsv implements AutoCloseable {
    private final CSVPrinter printer;
    /** In a semicolon file the decimal separator is a comma: Excel with Indonesian settings reads 1.25 as text or a date. */
    private final boolean decimalComma;

    /** For Excel (see {@link PeopleCsv}), with the given delimiter. */
    public RecapCsv(Writer out, char delimiter) throws IOException {
        List<String> headers = new ArrayList<>(List.of("KODE_UNIT"));
        headers.addAll(RecapColumns.headers().subList(1, RecapColumns.headers().size()));
        this.printer = PeopleCsv.open(out, delimiter, headers);
        this.decimalComma = delimiter == ';';
    }

    public void add(String unitCode, EmployeeMonth month) {
        List<Object> values = new ArrayList<>(List.of(unitCode));
        RecapColumns.values(month).forEach(v -> values.add(decimalComma && v instanceof BigDecimal d ? d.toPlainString().replace('.', ',') : v));
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
