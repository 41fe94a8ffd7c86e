package net.mptcpscan.report.output.parquet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the little-endian and varint writes Parquet's layouts use. */
final class Bytes {
    byte[] buf;
    int size;

    Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void clear() {
        size = 0;
    }

    void ensure(int n) {
        if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
    }

    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void write(Bytes b) {
        write(b.buf, 0, b.size);
    }

    void int32(int v) {
        ensure(4);
        buf[size] = (byte) v;
        buf[size + 1] = (byte) (v >>> 8);
        buf[size + 2] = (byte) (v >>> 16);
        buf[size + 3] = (byte) (v >>> 24);
        size += 4;
    }

    void int64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[size + i] = (byte) (v >>> (8 * i));
        size += 8;
    }

    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** Text as PLAIN BYTE_ARRAY: its UTF-8 length (4 bytes) and bytes; ASCII without a copy. */
    void lengthPrefixedText(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) ascii = s.charAt(i) < 0x80;
        if (!ascii) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(b.length);
            write(b, 0, b.length);
            return;
        }
        ensure(4 + n);
        int32(n);
        byte[] out = buf;
        int p = size;
        for (int i = 0; i < n; i++) out[p++] = (byte) s.charAt(i);
        size = p;
    }
}
