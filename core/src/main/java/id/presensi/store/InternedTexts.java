package id.presensi.store;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Texts looked up by their bytes, decoded once each: a month's rows repeat a few hundred accuracies, addresses and
 * machines, so a row costs a hash of a few bytes, not a new String to decode, hash and look up again. The same bytes
 * give the same String.
 */
final class InternedTexts {
    private final Charset charset;
    private byte[][] keys = new byte[256][];
    private String[] texts = new String[256];
    private int size;

    private InternedTexts(Charset charset) {
        this.charset = charset;
    }

    /** Texts in UTF-8, as the database sends a text field. */
    static InternedTexts utf8() {
        return new InternedTexts(StandardCharsets.UTF_8);
    }

    /**
     * Any field's bytes as a key, a char each (ISO 8859-1 decodes every byte, and each to a char of its own): the same
     * bytes give the same key, and other bytes another, whatever the field's type.
     */
    static InternedTexts bytes() {
        return new InternedTexts(StandardCharsets.ISO_8859_1);
    }

    String get(byte[] bytes, int from, int length) {
        int mask = keys.length - 1;
        for (int slot = hash(bytes, from, length) & mask; ; slot = slot + 1 & mask) {
            byte[] key = keys[slot];
            if (key == null) {
                return add(slot, bytes, from, length);
            }
            if (Arrays.equals(key, 0, key.length, bytes, from, from + length)) {
                return texts[slot];
            }
        }
    }

    private String add(int slot, byte[] bytes, int from, int length) {
        String text = new String(bytes, from, length, charset);
        keys[slot] = Arrays.copyOfRange(bytes, from, from + length);
        texts[slot] = text;
        if (++size * 2 > keys.length) {
            grow();
        }
        return text;
    }

    /** Twice the slots, at most half of them taken, so that a probe ends soon at an empty one. */
    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldTexts = texts;
        keys = new byte[oldKeys.length * 2][];
        texts = new String[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            byte[] key = oldKeys[i];
            if (key == null) {
                continue;
            }
            int slot = hash(key, 0, key.length) & mask;
            while (keys[slot] != null) {
                slot = slot + 1 & mask;
            }
            keys[slot] = key;
            texts[slot] = oldTexts[i];
        }
    }

    /** A hash of the bytes (31 times the last, as String's), its high bits folded into the low ones the slots are taken from. */
    private static int hash(byte[] bytes, int from, int length) {
        int hash = 1;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        return hash ^ hash >>> 16;
    }
}
