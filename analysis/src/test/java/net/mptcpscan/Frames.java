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
