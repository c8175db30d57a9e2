package dev.gavel.contract;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key-to-slot function: CRC16 (XMODEM) of the key's hash tag (the text between the first
 * {@code {}} and the next {@code }}, when not empty) or of the whole key, modulo 16,384. Services that route
 * commands themselves, and the choice of partition tags, use it; it must agree with Redis's
 * {@code CLUSTER KEYSLOT} exactly.
 */
public final class HashSlots {

    public static final int SLOTS = 16_384;

    private static final int[] TABLE = table();

    private HashSlots() {
    }

    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(0, bytes, start, end) & (SLOTS - 1);
    }

    /** CRC16 of {@code bytes[start, end)} continued from {@code crc} (0 for a fresh one). */
    static int crc16(int crc, byte[] bytes, int start, int end) {
        int value = crc;
        for (int i = start; i < end; i++) {
            value = ((value << 8) ^ TABLE[((value >>> 8) ^ bytes[i]) & 0xff]) & 0xffff;
        }
        return value;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int crc = n << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[n] = crc & 0xffff;
        }
        return table;
    }
}
