package id.presensi.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InternedTextsTest {
    @Test
    void each_text_decodes_once_and_comes_back_the_same_from_anywhere_in_a_buffer_however_many_there_are() {
        InternedTexts texts = new InternedTexts();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            first.add(texts.get(bytes("  10.1." + i + ".1/32 Ä"), 2, bytes("10.1." + i + ".1/32 Ä").length));
        }
        for (int i = 4_999; i >= 0; i--) {
            byte[] alone = bytes("10.1." + i + ".1/32 Ä");
            String again = texts.get(alone, 0, alone.length);
            assertThat(again).isEqualTo("10.1." + i + ".1/32 Ä").isSameAs(first.get(i));
        }
        assertThat(texts.get(new byte[0], 0, 0)).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
