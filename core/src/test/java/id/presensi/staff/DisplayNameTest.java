package id.presensi.staff;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayNameTest {

    @ParameterizedTest(name = "[{0}] {1} [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "dr.      | Rina Wati      | 'Sp.PD., M.Kes.' | 'dr. Rina Wati, Sp.PD., M.Kes.'",
            "''       | Budi Santoso   | 'S.Kep., Ns.'    | 'Budi Santoso, S.Kep., Ns.'",
            "H.       | Ahmad Fauzi    | ''               | H. Ahmad Fauzi",
            "''       | Siti Aminah    | ''               | Siti Aminah",
            "dr.      | dr. Rina Wati  | ''               | dr. Rina Wati",
            "''       | 'Budi, S.Kep.' | S.Kep.           | 'Budi, S.Kep.'",
            "'  Dr. ' | Andi           | ', S.T.,  M.T.'  | 'Dr. Andi, S.T., M.T.'",
    })
    void titles_from_their_own_columns_are_placed_once(String before, String name, String after, String expected) {
        assertThat(DisplayName.of(before, name, after)).isEqualTo(expected);
    }
}
