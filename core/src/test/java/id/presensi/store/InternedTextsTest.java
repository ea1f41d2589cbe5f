package id.presensi.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InternedTextsTest {
    @Test
    void each_text_decodes_once_and_comes_back_the_same_from_anywhere_in_a_buffer_however_many_there_are() {
        InternedTexts texts = InternedTexts.utf8();
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

    @Test
    void as_keys_other_bytes_give_other_keys_even_where_they_are_no_utf8() {
        InternedTexts keys = InternedTexts.bytes();
        // two bytes that are no UTF-8 each decode to one replacement character there: as keys they stay apart
        byte[] one = {(byte) 0xC3, 0x28};
        byte[] other = {(byte) 0xC4, 0x28};
        assertThat(new String(one, StandardCharsets.UTF_8)).isEqualTo(new String(other, StandardCharsets.UTF_8));
        assertThat(keys.get(one, 0, 2)).isNotEqualTo(keys.get(other, 0, 2)).isSameAs(keys.get(one.clone(), 0, 2));
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            all[b] = (byte) b;
        }
        assertThat(keys.get(all, 0, 256).chars().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 256).toArray());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
