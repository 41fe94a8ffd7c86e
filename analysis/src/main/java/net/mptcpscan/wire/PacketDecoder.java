package net.mptcpscan.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes whole frames (Ethernet, Linux cooked, raw IP...) into {@link DecodedPacket}s. Never
 * throws on any input: whatever is malformed becomes a {@link Defect}. This is the full decoder for
 * captures and stored replies; the receive hot path uses {@link ReplyFields} first and decodes only
 * frames that pass validation.
 */
public final class PacketDecoder {
    private PacketDecoder() {}

    public static DecodedPacket decode(LinkType link, byte[] b, int off, int len) {
        List<Defect> defects = new ArrayList<>(0);
        try {
            int ipOff = link.ipOffset(b, off, len);
            if (ipOff < 0) return new DecodedPacket(null, null, null, defects);
            if ((b[ipOff] & 0xF0) == 0x60) return decodeIpv6(b, ipOff, off + len - ipOff, defects);
            return decodeIpv4(b, ipOff, off + len - ipOff, defects);
        } catch (RuntimeException e) {
            // A bounds slip is a decoder bug, but a bad packet must never take the scan down.
            defects.add(new Defect("decoder", 0, "internal error: " + e));
            return new DecodedPacket(null, null, null, defects);
        }
    }

    public static DecodedPacket decodeIpv4(byte[] b, int ip, int avail, List<Defect> defects) {
        if (avail < 20) {
            defects.add(new Defect("ipv4", 0, "truncated IPv4 header (" + avail + " bytes)"));
            return new DecodedPacket(null, null, null, defects);
        }
        if ((b[ip] & 0xF0) != 0x40) {
            defects.add(new Defect("ipv4", 0, "IP version " + ((b[ip] & 0xF0) >> 4)));
            return new DecodedPacket(null, null, null, defects);
        }
        int ihl = (b[ip] & 0x0F) * 4;
        if (ihl < 20 || ihl > avail) {
            defects.add(
                    new Defect("ipv4", 0, "header length " + ihl + " with " + avail + " bytes"));
            return new DecodedPacket(null, null, null, defects);
        }
        int total = Bytes.u16(b, ip + 2);
        int end = ip + Math.min(avail, total);
        if (total < ihl) {
            defects.add(new Defect("ipv4", 2, "total length " + total));
            end = ip + avail;
        }
        boolean ipOk = Checksum.verifies(Checksum.sum(0, b, ip, ihl));
        if (!ipOk) defects.add(new Defect("ipv4", 10, "bad header checksum"));
        int proto = b[ip + 9] & 0xFF;
        int src = Bytes.s32(b, ip + 12), dst = Bytes.s32(b, ip + 16);
        Ipv4Header h =
                new Ipv4Header(
                        src,
                        dst,
                        proto,
                        b[ip + 8] & 0xFF,
                        ihl,
                        total,
                        Bytes.u16(b, ip + 4),
                        ipOk,
                        ihl - 20);
        int fragOff = Bytes.u16(b, ip + 6) & 0x1FFF;
        if (fragOff != 0) {
            defects.add(new Defect("ipv4", 6, "non-first fragment"));
            return new DecodedPacket(h, null, null, defects);
        }
        int l4 = ip + ihl, l4len = end - l4;
        if (proto == 6)
            return new DecodedPacket(
                    h,
                    decodeTcp(
                            b,
                            ip,
                            l4,
                            l4len,
                            Checksum.pseudoHeader(src, dst, 6, l4len),
                            total >= ihl && avail >= total,
                            defects),
                    null,
                    defects);
        if (proto == 1)
            return new DecodedPacket(h, null, decodeIcmp(b, ip, l4, l4len, defects), defects);
        return new DecodedPacket(h, null, null, defects);
    }

    /**
     * An IPv6 packet: the fixed header, then the extension headers (hop-by-hop, routing, fragment,
     * destination options, AH) skipped to the upper layer, as a host's stack does.
     */
    public static DecodedPacket decodeIpv6(byte[] b, int ip, int avail, List<Defect> defects) {
        if (avail < 40) {
            defects.add(new Defect("ipv6", 0, "truncated IPv6 header (" + avail + " bytes)"));
            return new DecodedPacket(null, null, null, defects);
        }
        int payload = Bytes.u16(b, ip + 4);
        int end = ip + Math.min(avail, 40 + payload);
        boolean complete = avail >= 40 + payload;
        IpAddress src = IpAddress.v6(b, ip + 8), dst = IpAddress.v6(b, ip + 24);
        int[] walk = new int[2];
        int p = Ipv6Extensions.skip(b, ip + 40, b[ip + 6] & 0xFF, end, walk);
        int next = walk[0];
        Ipv6Header h =
                new Ipv6Header(src, dst, next, b[ip + 7] & 0xFF, payload, flow(b, ip), p - ip - 40);
        if (walk[1] != Ipv6Extensions.OK) {
            defects.add(
                    new Defect(
                            "ipv6",
                            Math.min(p, end) - ip,
                            switch (walk[1]) {
                                case Ipv6Extensions.TOO_MANY ->
                                        "more than " + Ipv6Extensions.MAX + " extension headers";
                                case Ipv6Extensions.LATER_FRAGMENT -> "non-first fragment";
                                default -> "extension headers longer than the packet";
                            }));
            return new DecodedPacket(h, null, null, defects);
        }
        int l4len = end - p;
        if (next == 6)
            return new DecodedPacket(
                    h,
                    decodeTcp(
                            b,
                            ip,
                            p,
                            l4len,
                            Checksum.pseudoHeader6(
                                    src.hi(), src.lo(), dst.hi(), dst.lo(), 6, l4len),
                            complete,
                            defects),
                    null,
                    defects);
        if (next == 58)
            return new DecodedPacket(h, null, decodeIcmp6(b, ip, p, l4len, defects), defects);
        return new DecodedPacket(h, null, null, defects);
    }

    private static int flow(byte[] b, int ip) {
        return Bytes.s32(b, ip) & 0xFFFFF;
    }

    /**
     * ICMPv6 destination unreachable (type 1, codes 0-6) quoting an IPv6 TCP packet: the quote's
     * extension headers are skipped too.
     */
    private static IcmpUnreachable decodeIcmp6(
            byte[] b, int ip, int c, int len, List<Defect> defects) {
        if (len < 8) {
            defects.add(new Defect("icmpv6", c - ip, "truncated ICMPv6 header"));
            return null;
        }
        int type = b[c] & 0xFF, code = b[c + 1] & 0xFF;
        if (type != 1) return null;
        int q = c + 8, end = c + len;
        if (q + 40 > end || (b[q] & 0xF0) != 0x60) {
            defects.add(new Defect("icmpv6", q - ip, "unreachable without a quoted IPv6 header"));
            return null;
        }
        int[] walk = new int[2];
        int p = Ipv6Extensions.skip(b, q + 40, b[q + 6] & 0xFF, end, walk);
        int next = walk[0];
        if (walk[1] != Ipv6Extensions.OK || p + 4 > end) {
            defects.add(new Defect("icmpv6", q - ip, "quoted header cut short"));
            return null;
        }
        long seq = p + 8 <= end ? Bytes.u32(b, p + 4) : -1;
        return new IcmpUnreachable(
                true,
                type,
                code,
                IpAddress.v6(b, q + 8),
                IpAddress.v6(b, q + 24),
                next,
                Bytes.u16(b, p),
                Bytes.u16(b, p + 2),
                seq);
    }

    private static TcpSegment decodeTcp(
            byte[] b,
            int ip,
            int t,
            int len,
            long pseudoHeader,
            boolean complete,
            List<Defect> defects) {
        if (len < 20) {
            defects.add(new Defect("tcp", t - ip, "truncated TCP header (" + len + " bytes)"));
            return null;
        }
        int doff = ((b[t + 12] & 0xF0) >>> 4) * 4;
        if (doff < 20 || doff > len) {
            defects.add(
                    new Defect(
                            "tcp", t - ip + 12, "data offset " + doff + " with " + len + " bytes"));
            doff = Math.max(20, Math.min(doff, len));
        }
        boolean ok = false;
        if (complete) {
            ok = Checksum.verifies(Checksum.sum(pseudoHeader, b, t, len));
        }
        List<TcpOption> opts = new ArrayList<>(8);
        TcpOptions.decode(b, t + 20, doff - 20, ip, opts, defects);
        return new TcpSegment(
                Bytes.u16(b, t),
                Bytes.u16(b, t + 2),
                Bytes.u32(b, t + 4),
                Bytes.u32(b, t + 8),
                b[t + 13] & 0x3F,
                Bytes.u16(b, t + 14),
                doff,
                len - doff,
                ok,
                opts,
                Arrays.copyOfRange(b, t + 20, t + doff));
    }

    private static IcmpUnreachable decodeIcmp(
            byte[] b, int ip, int c, int len, List<Defect> defects) {
        if (len < 8) {
            defects.add(new Defect("icmp", c - ip, "truncated ICMP header"));
            return null;
        }
        int type = b[c] & 0xFF, code = b[c + 1] & 0xFF;
        if (type != 3) return null;
        int q = c + 8, qlen = len - 8;
        if (qlen < 20 || (b[q] & 0xF0) != 0x40) {
            defects.add(new Defect("icmp", q - ip, "unreachable without a quoted IPv4 header"));
            return null;
        }
        int qihl = (b[q] & 0x0F) * 4;
        if (qihl < 20 || qlen < qihl + 4) {
            defects.add(new Defect("icmp", q - ip, "quoted header cut short"));
            return null;
        }
        int qp = q + qihl;
        long seq = qlen >= qihl + 8 ? Bytes.u32(b, qp + 4) : -1;
        return new IcmpUnreachable(
                false,
                type,
                code,
                IpAddress.v4(Bytes.s32(b, q + 12)),
                IpAddress.v4(Bytes.s32(b, q + 16)),
                b[q + 9] & 0xFF,
                Bytes.u16(b, qp),
                Bytes.u16(b, qp + 2),
                seq);
    }
}
