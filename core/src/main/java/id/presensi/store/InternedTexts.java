package id.presensi.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Texts looked up by their UTF-8 bytes, decoded once each: a month's rows repeat a few hundred accuracies and
 * addresses, so a row costs a hash of a few bytes, not a new String to decode, hash and look up again. The same
 * bytes give the same String.
 */
final class InternedTexts {
    private byte[][] keys = new byte[256][];
    private String[] texts = new String[256];
    private int size;

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
        String text = new String(bytes, from, length, StandardCharsets.UTF_8);
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
