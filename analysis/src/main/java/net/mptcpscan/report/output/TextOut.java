package net.mptcpscan.report.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Row text as UTF-8 bytes in a buffer of its own, passed to the stream when full: the CSV and JSON
 * writers encode every value straight into it (digits, ASCII text, escapes) without a String or a
 * char[] per value. Jackson's generators took three fifths of an export of 5 million targets.
 */
final class TextOut {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private byte[] buf = new byte[1 << 16];
    private int pos;

    TextOut(OutputStream out) {
        this.out = out;
    }

    /** Room for n more bytes. */
    private void ensure(int n) throws IOException {
        if (pos + n <= buf.length) return;
        drain();
        if (n > buf.length) buf = new byte[Math.max(n, buf.length * 2)];
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) drain();
        buf[pos++] = (byte) b;
    }

    void write(byte[] b) throws IOException {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** A number in decimal, digit by digit from the right. */
    void writeLong(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            write(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** Whether s is all ASCII (the common case: addresses, class names, evidence). */
    static boolean ascii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    /** Text as it is, UTF-8. */
    void writeText(String s) throws IOException {
        if (!ascii(s)) {
            write(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) b[p++] = (byte) s.charAt(i);
        pos = p;
    }

    /** CSV's quoting: the text in quotes, a quote in it doubled. */
    void writeCsvQuoted(String s) throws IOException {
        writeByte('"');
        if (s.indexOf('"') < 0) writeText(s);
        else writeText(s.replace("\"", "\"\""));
        writeByte('"');
    }

    /** A JSON string with JSON's escapes (\" \\ \b \t \n \f \r, other controls as \\u00XX). */
    void writeJsonString(String s) throws IOException {
        int n = s.length();
        ensure(n + 2);
        buf[pos++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // the rest through the general path: multi-byte UTF-8 (and surrogate pairs)
                writeJsonTail(s, i);
                return;
            }
            if (c < 0x20 || c == '"' || c == '\\') {
                escape(c);
                ensure(n - i + 1);
            } else buf[pos++] = (byte) c;
        }
        buf[pos++] = '"';
    }

    private void writeJsonTail(String s, int from) throws IOException {
        StringBuilder plain = new StringBuilder();
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            // surrogates escaped one by one, as Jackson wrote them
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                write(plain.toString().getBytes(StandardCharsets.UTF_8));
                plain.setLength(0);
                escape(c);
            } else plain.append(c);
        }
        write(plain.toString().getBytes(StandardCharsets.UTF_8));
        writeByte('"');
    }

    private void escape(char c) throws IOException {
        ensure(6);
        buf[pos++] = '\\';
        switch (c) {
            case '"' -> buf[pos++] = '"';
            case '\\' -> buf[pos++] = '\\';
            case '\b' -> buf[pos++] = 'b';
            case '\t' -> buf[pos++] = 't';
            case '\n' -> buf[pos++] = 'n';
            case '\f' -> buf[pos++] = 'f';
            case '\r' -> buf[pos++] = 'r';
            default -> {
                buf[pos++] = 'u';
                buf[pos++] = HEX[c >> 12];
                buf[pos++] = HEX[c >> 8 & 15];
                buf[pos++] = HEX[c >> 4 & 15];
                buf[pos++] = HEX[c & 15];
            }
        }
    }

    /** What is buffered, as bytes (for text made once, under 64 KiB). */
    byte[] buffered() {
        return java.util.Arrays.copyOf(buf, pos);
    }

    /** The buffered bytes to the stream. A writer thread of its own was tried: no faster. */
    void drain() throws IOException {
        if (pos > 0) out.write(buf, 0, pos);
        pos = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }
}
