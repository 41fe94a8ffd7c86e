package net.mptcpscan.wire;

/**
 * The Internet checksum (RFC 1071) as 32-bit partial sums, so a prepared template's sum can be
 * completed with the few per-target fields (RFC 1624 style) instead of re-summing the whole frame.
 */
public final class Checksum {
    private Checksum() {}

    /** Adds the 16-bit words of b[off, off+len) to sum; an odd last byte is padded with zero. */
    public static long sum(long sum, byte[] b, int off, int len) {
        int i = off, end = off + len;
        for (; i + 1 < end; i += 2) sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        if (i < end) sum += (b[i] & 0xFF) << 8;
        return sum;
    }

    /** Adds the two 16-bit halves of a 32-bit value. */
    public static long add32(long sum, int v) {
        return sum + (v >>> 16) + (v & 0xFFFF);
    }

    /** Adds the four 16-bit quarters of a 64-bit value. */
    public static long add64(long sum, long v) {
        return add32(add32(sum, (int) (v >>> 32)), (int) v);
    }

    /** Folds a partial sum and complements it: the value to write into the header. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    /** The IPv4 pseudo-header's contribution for a TCP segment of tcpLength bytes. */
    public static long pseudoHeader(int src, int dst, int protocol, int tcpLength) {
        return add32(add32(0, src), dst) + protocol + tcpLength;
    }

    /**
     * The IPv6 pseudo-header's contribution (RFC 8200 8.1): both addresses, the upper-layer length
     * and the next header.
     */
    public static long pseudoHeader6(
            long srcHi, long srcLo, long dstHi, long dstLo, int protocol, int length) {
        return add64(add64(add64(add64(0, srcHi), srcLo), dstHi), dstLo)
                + protocol
                + (length >>> 16)
                + (length & 0xFFFF);
    }

    /** The pseudo-header of either family. */
    public static long pseudoHeader(IpAddress src, IpAddress dst, int protocol, int length) {
        return src.v6()
                ? pseudoHeader6(src.hi(), src.lo(), dst.hi(), dst.lo(), protocol, length)
                : pseudoHeader((int) src.lo(), (int) dst.lo(), protocol, length);
    }

    /** True when the 16-bit words of the region (checksum field included) sum to 0xFFFF. */
    public static boolean verifies(long sum) {
        return finish(sum) == 0;
    }
}
