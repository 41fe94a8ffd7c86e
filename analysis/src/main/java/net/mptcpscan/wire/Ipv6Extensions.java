package net.mptcpscan.wire;

/**
 * Walks IPv6 extension headers (hop-by-hop 0, routing 43, fragment 44, destination options 60, AH
 * 51) to the upper layer, as a host's stack does. One walker for the full decoder and the receive
 * hot path: no allocation, the outcome in a caller's int[2].
 */
public final class Ipv6Extensions {
    private Ipv6Extensions() {}

    /** Extension headers skipped at most: a longer chain is a crafted packet. */
    public static final int MAX = 8;

    public static final int OK = 0, TOO_MANY = 1, CUT_SHORT = 2, LATER_FRAGMENT = 3;

    public static boolean isExtension(int next) {
        return next == 0 || next == 43 || next == 44 || next == 60 || next == 51;
    }

    /**
     * Skips the chain starting at b[p] with next header {@code next}, within b[.., end). Returns
     * the upper layer's offset; out[0] is its protocol, out[1] OK or why the walk stopped (the
     * offset is then where it stopped).
     */
    public static int skip(byte[] b, int p, int next, int end, int[] out) {
        for (int n = 0; isExtension(next); n++) {
            if (n == MAX) return stop(out, next, TOO_MANY, p);
            if (p + 8 > end) return stop(out, next, CUT_SHORT, p);
            if (next == 44 && (Bytes.u16(b, p + 2) & 0xFFF8) != 0)
                return stop(out, next, LATER_FRAGMENT, p);
            int hlen =
                    next == 44
                            ? 8
                            : next == 51
                                    ? ((b[p + 1] & 0xFF) + 2) * 4
                                    : ((b[p + 1] & 0xFF) + 1) * 8;
            next = b[p] & 0xFF;
            p += hlen;
        }
        if (p > end) return stop(out, next, CUT_SHORT, p);
        return stop(out, next, OK, p);
    }

    private static int stop(int[] out, int next, int status, int p) {
        out[0] = next;
        out[1] = status;
        return p;
    }
}
