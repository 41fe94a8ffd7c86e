package net.mptcpscan.wire;

/** IPv4 address text, kept apart from the model: addresses are plain ints everywhere else. */
public final class Ipv4 {
    private Ipv4() {}

    public static String toString(int a) {
        return ((a >>> 24) & 0xFF)
                + "."
                + ((a >>> 16) & 0xFF)
                + "."
                + ((a >>> 8) & 0xFF)
                + "."
                + (a & 0xFF);
    }

    /** Parses dotted-quad text; throws IllegalArgumentException with the offending text. */
    public static int parse(String s) {
        String t = s.trim();
        return parse(null, t, 0, t.length(), s);
    }

    /**
     * Dotted-quad text in b[off, off + len) (Latin-1 bytes, no blanks), as parse(String) but
     * without a String: the reader of a list of millions of addresses makes none.
     */
    public static int parse(byte[] b, int off, int len) {
        return parse(b, null, off, off + len, null);
    }

    /** The text is b[from, to) when b is given, else t[from, to); shown is what errors quote. */
    private static int parse(byte[] b, String t, int from, int to, String shown) {
        int v = 0, parts = 0, cur = -1;
        for (int i = from; i <= to; i++) {
            int c = i == to ? '.' : b != null ? b[i] & 0xFF : t.charAt(i);
            if (c == '.') {
                if (cur < 0 || cur > 255 || ++parts > 4) throw bad(b, from, to, shown);
                v = (v << 8) | cur;
                cur = -1;
            } else if (c >= '0' && c <= '9') {
                cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
                if (cur > 255) throw bad(b, from, to, shown);
            } else throw bad(b, from, to, shown);
        }
        if (parts != 4) throw bad(b, from, to, shown);
        return v;
    }

    private static IllegalArgumentException bad(byte[] b, int from, int to, String shown) {
        String text =
                shown != null
                        ? shown
                        : new String(
                                b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
        return new IllegalArgumentException(
                "not an IPv4 address: " + net.mptcpscan.io.Text.quote(text));
    }

    /** The address as an unsigned value, for storage and sorting. */
    public static long unsigned(int a) {
        return a & 0xFFFFFFFFL;
    }
}
