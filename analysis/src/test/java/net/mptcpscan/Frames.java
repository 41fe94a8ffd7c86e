package net.mptcpscan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;

/** Crafted frames for tests: SYN-ACKs with chosen options, RSTs, ICMP unreachables. */
public final class Frames {
    private Frames() {}

    public static final byte[] MAC_A = {2, 0, 0, 0, 0, 1}, MAC_B = {2, 0, 0, 0, 0, 2};
    public static final int US = 0xC6120002, THEM = 0xC6120A0A; // 198.18.0.2, 198.18.10.10

    public static byte[] tcp(int flags, byte[] options) {
        return FrameEncoder.encode(
                new FrameEncoder.TcpFrame(
                        MAC_B, MAC_A, THEM, US, 64, 1, 443, 40000, 12345, 1001, flags, 65535,
                        options));
    }

    public static DecodedPacket synAck(List<? extends TcpOption> options) {
        return decode(tcp(0x12, TcpOptionEncoder.encode(options)));
    }

    public static DecodedPacket synAckRaw(byte[] options) {
        byte[] o = Arrays.copyOf(options, (options.length + 3) / 4 * 4);
        return decode(tcp(0x12, o));
    }

    public static DecodedPacket rst() {
        return decode(tcp(0x14, new byte[0]));
    }

    /** An ICMP host unreachable from a router, quoting our SYN's first 28 bytes. */
    public static DecodedPacket icmpUnreachable() {
        byte[] syn =
                FrameEncoder.encode(
                        new FrameEncoder.TcpFrame(
                                MAC_A,
                                MAC_B,
                                US,
                                THEM,
                                64,
                                1,
                                40000,
                                443,
                                1000,
                                0,
                                0x02,
                                1024,
                                new byte[0]));
        return decode(icmpUnreachable(syn, 0xC6120001));
    }

    /**
     * The Ethernet frame of an ICMP host unreachable from router, quoting the first 28 bytes of
     * synFrame's IP packet.
     */
    public static byte[] icmpUnreachable(byte[] synFrame, int router) {
        byte[] f = new byte[14 + 20 + 8 + 28];
        System.arraycopy(synFrame, 6, f, 0, 6);
        System.arraycopy(synFrame, 0, f, 6, 6);
        Bytes.put16(f, 12, 0x0800);
        f[14] = 0x45;
        Bytes.put16(f, 16, f.length - 14);
        f[22] = 64;
        f[23] = 1;
        Bytes.put32(f, 26, router);
        System.arraycopy(synFrame, 26, f, 30, 4); // to the SYN's source
        Bytes.put16(
                f,
                24,
                net.mptcpscan.wire.Checksum.finish(net.mptcpscan.wire.Checksum.sum(0, f, 14, 20)));
        f[34] = 3;
        f[35] = 1;
        System.arraycopy(synFrame, 14, f, 42, 28);
        Bytes.put16(
                f,
                36,
                net.mptcpscan.wire.Checksum.finish(
                        net.mptcpscan.wire.Checksum.sum(0, f, 34, f.length - 34)));
        return f;
    }

    public static final net.mptcpscan.wire.IpAddress
            US6 = net.mptcpscan.wire.AddressParser.parse("2001:2::2"),
            THEM6 = net.mptcpscan.wire.AddressParser.parse("2001:2::a");

    /** An IPv6 TCP frame from THEM6 to US6 (from US6 to THEM6 when outbound). */
    public static byte[] tcp6(int flags, byte[] options, boolean outbound) {
        return FrameEncoder.encode(
                new FrameEncoder.TcpFrame(
                        outbound ? MAC_A : MAC_B,
                        outbound ? MAC_B : MAC_A,
                        outbound ? US6 : THEM6,
                        outbound ? THEM6 : US6,
                        64,
                        0,
                        outbound ? 40000 : 443,
                        outbound ? 443 : 40000,
                        outbound ? 1000 : 12345,
                        outbound ? 0 : 1001,
                        flags,
                        65535,
                        options));
    }

    /**
     * The frame with IPv6 extension headers (next-header numbers: 0 hop-by-hop, 43 routing, 44
     * fragment, 60 destination options) inserted before its upper layer, 8 bytes each.
     */
    public static byte[] withExtensions(byte[] frame, int... types) {
        int ip = 14, n = types.length;
        byte[] f = new byte[frame.length + 8 * n];
        System.arraycopy(frame, 0, f, 0, ip + 40);
        int upper = frame[ip + 6] & 0xFF;
        f[ip + 6] = (byte) types[0];
        for (int k = 0; k < n; k++) {
            int at = ip + 40 + 8 * k;
            f[at] = (byte) (k + 1 < n ? types[k + 1] : upper);
            f[at + 1] = 0; // 8 bytes (fragment: reserved, offset 0, M 0)
        }
        System.arraycopy(frame, ip + 40, f, ip + 40 + 8 * n, frame.length - ip - 40);
        Bytes.put16(f, ip + 4, Bytes.u16(frame, ip + 4) + 8 * n);
        return f;
    }

    /** An ICMPv6 destination unreachable (type 1) with code, from router, quoting the whole SYN. */
    public static byte[] icmp6Unreachable(
            byte[] synFrame, net.mptcpscan.wire.IpAddress router, int code) {
        int quoted = synFrame.length - 14;
        byte[] f = new byte[14 + 40 + 8 + quoted];
        System.arraycopy(synFrame, 6, f, 0, 6);
        System.arraycopy(synFrame, 0, f, 6, 6);
        Bytes.put16(f, 12, 0x86DD);
        Bytes.put32(f, 14, 0x6000_0000);
        Bytes.put16(f, 18, 8 + quoted);
        f[20] = 58;
        f[21] = 64;
        router.write(f, 22);
        System.arraycopy(synFrame, 22, f, 38, 16); // to the SYN's source
        f[54] = 1;
        f[55] = (byte) code;
        System.arraycopy(synFrame, 14, f, 62, quoted);
        return f;
    }

    public static DecodedPacket decode(byte[] frame) {
        return PacketDecoder.decode(LinkType.ETHERNET, frame, 0, frame.length);
    }

    public static List<TcpOption> linux(long tsval, long tsecr) {
        List<TcpOption> o = new ArrayList<>();
        o.add(new TcpOption.Mss(1460));
        o.add(new TcpOption.SackPermitted());
        o.add(new TcpOption.Timestamps(tsval, tsecr));
        o.add(new TcpOption.Nop());
        o.add(new TcpOption.WindowScale(7));
        return o;
    }
}
