package id.presensi.imports;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

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

    @Test
    void every_formula_start_is_neutralised_a_minus_too() {
        assertThat(PeopleCsv.cell("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(PeopleCsv.cell("\t=1+1")).isEqualTo("'\t=1+1");
        assertThat(PeopleCsv.cell("\r=1+1")).isEqualTo("'\r=1+1");
        assertThat(PeopleCsv.cell("-1+1")).isEqualTo("'-1+1");
        assertThat(PeopleCsv.cell("-A1")).isEqualTo("'-A1");
    }

    @Test
    void numbers_we_write_stay_numbers() {
        assertThat(PeopleCsv.cell(new BigDecimal("-1.5"))).isEqualTo(new BigDecimal("-1.5"));
        assertThat(PeopleCsv.cell(-3)).isEqualTo(-3);
        assertThat(PeopleCsv.cell("-8.5123")).as("a latitude south of the equator").isEqualTo("-8.5123");
        assertThat(PeopleCsv.cell("-1,5")).isEqualTo("-1,5");
        assertThat(PeopleCsv.cell("-")).as("the placeholder for nothing").isEqualTo("-");
    }
}
