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
        int v = 0, parts = 0, cur = -1;
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : '.';
            if (c == '.') {
                if (cur < 0 || cur > 255 || ++parts > 4)
                    throw new IllegalArgumentException(
                            "not an IPv4 address: " + net.mptcpscan.io.Text.quote(s));
                v = (v << 8) | cur;
                cur = -1;
            } else if (c >= '0' && c <= '9') {
                cur = (cur < 0 ? 0 : cur * 10) + (c - '0');
                if (cur > 255)
                    throw new IllegalArgumentException(
                            "not an IPv4 address: " + net.mptcpscan.io.Text.quote(s));
            } else
                throw new IllegalArgumentException(
                        "not an IPv4 address: " + net.mptcpscan.io.Text.quote(s));
        }
        if (parts != 4)
            throw new IllegalArgumentException(
                    "not an IPv4 address: " + net.mptcpscan.io.Text.quote(s));
        return v;
    }

    /** The address as an unsigned value, for storage and sorting. */
    public static long unsigned(int a) {
        return a & 0xFFFFFFFFL;
    }
}
