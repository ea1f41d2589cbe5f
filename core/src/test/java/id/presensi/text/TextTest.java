package id.presensi.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {
    @Test
    void control_characters_are_stripped_on_input_and_a_line_break_becomes_a_space() {
        assertThat(Text.clean("\u001b[2JHP Sri")).isEqualTo("[2JHP Sri");
        assertThat(Text.clean("izin\r\nRequest #2 APPROVED")).isEqualTo("izin  Request #2 APPROVED");
        assertThat(Text.clean("abc\u202Efed\u2066\u0085\u009b")).isEqualTo("abcfed");
        assertThat(Text.clean("Sri Wahyuni, S.Kep.")).isEqualTo("Sri Wahyuni, S.Kep.");
        assertThat(Text.cleanOrMarked("\u0007\u0007")).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void a_terminal_line_shows_them_as_marks() {
        assertThat(Text.printable("HP\u001b[2J\rX\u202E")).isEqualTo("HP\uFFFD[2J\uFFFDX\uFFFD");
        assertThat(Text.printable("Sri Wahyuni")).isEqualTo("Sri Wahyuni");
    }
}
