package id.presensi.report;

import id.presensi.recap.EmployeeMonth;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecapCsvTest {
    private static final EmployeeMonth CLERK = new EmployeeMonth("199002282015121002", "Andi Staf", "Analis", "PNS", Map.of(), 22,
            Map.of("TL1", 3), 45, 0, new BigDecimal("1.25"), 0, 0, List.of(), new EmployeeMonth.Overtime(160, 2, 97_000));

    @Test
    void a_semicolon_file_for_indonesian_excel_writes_a_decimal_comma() throws IOException {
        // JAM LEMBUR 2 (2 h 40 m paid as full hours), UANG LEMBUR Rp97.000, then POTONGAN TPP 1,25 %
        assertThat(row(';')).endsWith(";2;97000;1,25").doesNotContain("1.25");
    }

    @Test
    void a_comma_file_keeps_the_decimal_point() throws IOException {
        assertThat(row(',')).endsWith(",2,97000,1.25");
    }

    private static String row(char delimiter) throws IOException {
        StringWriter out = new StringWriter();
        try (RecapCsv csv = new RecapCsv(out, delimiter)) {
            csv.add("BKPSDM", CLERK);
        }
        String[] lines = out.toString().split("\r\n");
        return lines[lines.length - 1];
    }
}
