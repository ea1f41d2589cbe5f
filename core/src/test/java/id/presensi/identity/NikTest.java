package id.presensi.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NikTest {

    @ParameterizedTest(name = "{0} is a valid NIK")
    @CsvSource({
            "6401011503850001, 640101, 15, 3, 85, MALE",
            "6401015503850001, 640101, 15, 3, 85, FEMALE",
            "6401017112990123, 640101, 31, 12, 99, FEMALE",
            "6401012902000001, 640101, 29, 2, 0, MALE",
            "'6401 0129 0200 0001', 640101, 29, 2, 0, MALE",
            "6401016902000001, 640101, 29, 2, 0, FEMALE",
            "3171010101019999, 317101, 1, 1, 1, MALE",
    })
    void valid_niks_are_read_into_their_parts(String raw, String region, int day, int month, int yy, Gender gender) {
        Nik nik = Nik.parse(raw);
        assertThat(nik.regionCode()).isEqualTo(region);
        assertThat(nik.birthDay()).isEqualTo(day);
        assertThat(nik.birthMonth()).isEqualTo(month);
        assertThat(nik.birthYearOfCentury()).isEqualTo(yy);
        assertThat(nik.gender()).isEqualTo(gender);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "640101150385000,  must be 16 digits, got 15",
            "6.40101E+15,      scientific notation",
            "0501011503850001, province code 05",
            "6400011503850001, regency and district codes (digits 3-6) cannot be 00",
            "6401003203850001, regency and district codes",
            "6401013203850001, birth date 320385",
            "6401014003850001, birth date 400385",
            "6401017203850001, birth date 720385",
            "6401013002850001, birth date 300285",
            "6401012902010001, birth date 290201",
            "6401011513850001, birth date 151385",
            "6401011503850000, sequence (digits 13-16) cannot be 0000",
    })
    void invalid_niks_are_refused_with_the_reason(String raw, String reason) {
        assertThatThrownBy(() -> Nik.parse(raw))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessageContaining(reason.strip());
    }
}
