package id.presensi.machine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDateTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AttLogTest {

    /** Lines as real machines write them (formats-research 1.1 and 1.2); ⇥ stands for a tab. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "        5⇥2020-02-24 10:52:43⇥1⇥0⇥0⇥0       | USB  | 5  | 2020-02-24T10:52:43 | 0   | 0",
            "        1⇥2022-11-30 14:34:39⇥1⇥0⇥1⇥0\r     | USB  | 1  | 2022-11-30T14:34:39 | 0   | 1",
            "        5⇥2020-02-24 12:47:56⇥1⇥4⇥0⇥0       | USB  | 5  | 2020-02-24T12:47:56 | 4   | 0",
            "28⇥2026-11-30 07:21:41⇥1⇥255⇥1⇥0            | USB  | 28 | 2026-11-30T07:21:41 | 255 | 1",
            "11⇥2025-08-27 10:57:49⇥0⇥25⇥0⇥0⇥0⇥0⇥0⇥0     | PUSH | 11 | 2025-08-27T10:57:49 | 0   | 25",
            "2⇥2022-07-12 16:00:20⇥1⇥15⇥⇥0⇥0⇥⇥⇥43        | PUSH | 2  | 2022-07-12T16:00:20 | 1   | 15",
    })
    void reads_real_lines(String line, AttLog.Layout layout, String pin, LocalDateTime time, int status, int verify) {
        AttLog.Line read = AttLog.parse(line.replace('⇥', '\t').replace("\\r", "\r"), layout);
        assertThat(read).isInstanceOf(AttLog.Read.class);
        MachinePunch p = ((AttLog.Read) read).punch();
        assertThat(p.pin()).isEqualTo(pin);
        assertThat(p.time()).isEqualTo(time);
        assertThat(p.status()).contains(status);
        assertThat(p.verifyMode()).contains(verify);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "this is not a punch                  | *      | not an attendance log line",
            "⇥2026-11-30 07:21:41⇥1⇥0⇥1⇥0          | PIN    | is not a machine PIN",
            "12 34⇥2026-11-30 07:21:41⇥1⇥0⇥1⇥0     | PIN    | is not a machine PIN",
            "12⇥2026-13-30 08:00:00⇥1⇥0⇥1⇥0        | WAKTU  | is not a time of the form",
            "12⇥30/11/2026 08:00⇥1⇥0⇥1⇥0           | WAKTU  | is not a time of the form",
            "12⇥2026-11-30 08:00:00⇥1⇥in⇥1⇥0       | STATUS | is not a machine code",
            "12⇥2026-11-30 08:00:00⇥1⇥0⇥99999⇥0    | VERIFY | is not a machine code",
    })
    void refuses_what_is_not_a_punch_naming_the_field(String line, String field, String reason) {
        AttLog.Line read = AttLog.parse(line.replace('⇥', '\t'), AttLog.Layout.USB);
        assertThat(read).isInstanceOf(AttLog.Refused.class);
        assertThat(((AttLog.Refused) read).field()).isEqualTo(field);
        assertThat(((AttLog.Refused) read).reason()).contains(reason);
    }

    @Test
    void the_same_punch_has_the_same_id_on_its_machine_only() {
        MachinePunch p = new MachinePunch("7", LocalDateTime.of(2026, 11, 30, 7, 3, 10), Optional.of(0), Optional.of(1), Optional.empty());
        MachinePunch resent = new MachinePunch("7", p.time(), Optional.of(255), Optional.of(1), Optional.empty());
        assertThat(resent.id("A1")).isEqualTo(p.id("A1"));
        assertThat(p.id("B2")).isNotEqualTo(p.id("A1"));
    }

    @Test
    void a_download_named_after_its_serial_names_the_machine() {
        assertThat(AttLog.serialFromFileName("NYU7244800354_attlog.dat")).contains("NYU7244800354");
        assertThat(AttLog.serialFromFileName("AF4C211360651_ATTLOG.DAT")).contains("AF4C211360651");
        assertThat(AttLog.serialFromFileName("1_attlog.dat")).isEmpty();
        assertThat(AttLog.isDownloadName("1_attlog.dat")).isTrue();
        assertThat(AttLog.serialFromFileName("absen.csv")).isEmpty();
    }
}
