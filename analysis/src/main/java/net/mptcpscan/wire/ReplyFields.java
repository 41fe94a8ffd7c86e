package net.mptcpscan.wire;

/**
 * The few header fields reply validation needs, read straight from the frame into a reusable
 * holder: no allocation, no option parsing. One instance per receive thread. IPv4 addresses are in
 * the int fields; for IPv6 (v6 true) they are in the 64-bit halves.
 */
public final class ReplyFields {
    public static final int NONE = 0, TCP = 1, ICMP_UNREACH = 2;

    public int kind;

    /** Whether the reply came over IPv6: the *Hi/*Lo fields hold the addresses then. */
    public boolean v6;

    /** The responder (for ICMP: the router or host that sent it). */
    public int src;

    public int dst;
    public long srcHi, srcLo, dstHi, dstLo;
    public int ttl;

    /**
     * TCP: the replying port and our port. ICMP: from the quoted probe, target port and our port.
     */
    public int targetPort, ourPort;

    /** TCP: the acknowledgement number. ICMP: the quoted probe's sequence number. */
    public int ackOrQuotedSeq;

    public int tcpFlags;

    /** ICMP: the quoted probe's destination, i.e. the target (for TCP the source). */
    public int target;

    public long targetHi, targetLo;

    /**
     * Reads the frame; returns kind (NONE for anything that is not a TCP or ICMP-unreachable
     * reply).
     */
    public int read(LinkType link, byte[] b, int off, int len) {
        kind = NONE;
        int ip = link.ipOffset(b, off, len);
        if (ip < 0) return NONE;
        int end = off + len;
        if (ip + 20 > end) return NONE;
        if ((b[ip] & 0xF0) == 0x60) return read6(b, ip, end);
        v6 = false;
        int ihl = (b[ip] & 0x0F) * 4;
        if ((b[ip] & 0xF0) != 0x40 || ihl < 20 || ip + ihl + 8 > end) return NONE;
        if ((Bytes.u16(b, ip + 6) & 0x1FFF) != 0) return NONE;
        src = Bytes.s32(b, ip + 12);
        dst = Bytes.s32(b, ip + 16);
        ttl = b[ip + 8] & 0xFF;
        int l4 = ip + ihl, proto = b[ip + 9] & 0xFF;
        if (proto == 6) {
            if (l4 + 20 > end) return NONE;
            targetPort = Bytes.u16(b, l4);
            ourPort = Bytes.u16(b, l4 + 2);
            ackOrQuotedSeq = Bytes.s32(b, l4 + 8);
            tcpFlags = b[l4 + 13] & 0x3F;
            target = src;
            return kind = TCP;
        }
        if (proto == 1 && (b[l4] & 0xFF) == 3) {
            int q = l4 + 8;
            if (q + 20 > end) return NONE;
            int qihl = (b[q] & 0x0F) * 4;
            if ((b[q] & 0xF0) != 0x40 || qihl < 20 || q + qihl + 8 > end || (b[q + 9] & 0xFF) != 6)
                return NONE;
            target = Bytes.s32(b, q + 16);
            ourPort = Bytes.u16(b, q + qihl);
            targetPort = Bytes.u16(b, q + qihl + 2);
            ackOrQuotedSeq = Bytes.s32(b, q + qihl + 4);
            return kind = ICMP_UNREACH;
        }
        return NONE;
    }

    private final int[] next = new int[2];

    private int read6(byte[] b, int ip, int end) {
        if (ip + 40 > end) return NONE;
        v6 = true;
        srcHi = Bytes.s64(b, ip + 8);
        srcLo = Bytes.s64(b, ip + 16);
        dstHi = Bytes.s64(b, ip + 24);
        dstLo = Bytes.s64(b, ip + 32);
        ttl = b[ip + 7] & 0xFF;
        int l4 = Ipv6Extensions.skip(b, ip + 40, b[ip + 6] & 0xFF, end, next);
        if (next[1] != Ipv6Extensions.OK) return NONE;
        if (next[0] == 6) {
            if (l4 + 20 > end) return NONE;
            targetPort = Bytes.u16(b, l4);
            ourPort = Bytes.u16(b, l4 + 2);
            ackOrQuotedSeq = Bytes.s32(b, l4 + 8);
            tcpFlags = b[l4 + 13] & 0x3F;
            targetHi = srcHi;
            targetLo = srcLo;
            return kind = TCP;
        }
        if (next[0] == 58 && l4 + 8 <= end && (b[l4] & 0xFF) == 1) {
            int q = l4 + 8;
            if (q + 40 > end || (b[q] & 0xF0) != 0x60) return NONE;
            int t = Ipv6Extensions.skip(b, q + 40, b[q + 6] & 0xFF, end, next);
            if (next[1] != Ipv6Extensions.OK || next[0] != 6 || t + 8 > end) return NONE;
            targetHi = Bytes.s64(b, q + 24);
            targetLo = Bytes.s64(b, q + 32);
            ourPort = Bytes.u16(b, t);
            targetPort = Bytes.u16(b, t + 2);
            ackOrQuotedSeq = Bytes.s32(b, t + 4);
            return kind = ICMP_UNREACH;
        }
        return NONE;
    }
}
