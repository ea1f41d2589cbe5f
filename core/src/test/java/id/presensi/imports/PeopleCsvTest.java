package id.presensi.imports;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleCsvTest {

    @Test
    void a_nip_stays_text_and_a_typed_formula_stays_text_too() {
        assertThat(PeopleCsv.cell("199002282015121002")).isEqualTo("=\"199002282015121002\"");
        assertThat(PeopleCsv.cell("=HYPERLINK(\"http://x\",\"klik\")")).isEqualTo("'=HYPERLINK(\"http://x\",\"klik\")");
        assertThat(PeopleCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(PeopleCsv.cell("+62 812")).isEqualTo("'+62 812");
        assertThat(PeopleCsv.cell("Andi Staf")).isEqualTo("Andi Staf");
        assertThat(PeopleCsv.cell(13)).isEqualTo(13);
        assertThat(PeopleCsv.cell("")).isEqualTo("");
    }
}
