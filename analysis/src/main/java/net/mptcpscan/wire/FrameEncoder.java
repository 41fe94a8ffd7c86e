package net.mptcpscan.wire;

/**
 * Writes complete Ethernet + IPv4 or IPv6 + TCP frames with correct checksums. Used once per probe
 * kind to make a template (the per-target fields are then patched in), and by the testbed's
 * responders for their replies.
 */
public final class FrameEncoder {
    private FrameEncoder() {}

    public static final int ETH_LEN = 14, IP_LEN = 20, IP6_LEN = 40, TCP_LEN = 20;

    /** Everything a TCP frame needs; immutable description, encoded by {@link #write}. */
    public record TcpFrame(
            byte[] srcMac,
            byte[] dstMac,
            IpAddress src,
            IpAddress dst,
            int ttl,
            int ipId,
            int srcPort,
            int dstPort,
            int seq,
            int ack,
            int flags,
            int window,
            byte[] options) {
        public TcpFrame {
            if (src.v6() != dst.v6())
                throw new IllegalArgumentException("source and destination of different families");
        }

        /** IPv4 addresses as ints. */
        public TcpFrame(
                byte[] srcMac,
                byte[] dstMac,
                int src,
                int dst,
                int ttl,
                int ipId,
                int srcPort,
                int dstPort,
                int seq,
                int ack,
                int flags,
                int window,
                byte[] options) {
            this(
                    srcMac,
                    dstMac,
                    IpAddress.v4(src),
                    IpAddress.v4(dst),
                    ttl,
                    ipId,
                    srcPort,
                    dstPort,
                    seq,
                    ack,
                    flags,
                    window,
                    options);
        }

        public int ipLength() {
            return src.v6() ? IP6_LEN : IP_LEN;
        }

        public int length() {
            return ETH_LEN + ipLength() + TCP_LEN + options.length;
        }
    }

    /** Writes f at out[off]; returns the frame length. */
    public static int write(TcpFrame f, byte[] out, int off) {
        int len = f.length();
        System.arraycopy(f.dstMac(), 0, out, off, 6);
        System.arraycopy(f.srcMac(), 0, out, off + 6, 6);
        int ip = off + ETH_LEN, tcpLen = TCP_LEN + f.options().length;
        if (f.src().v6()) {
            Bytes.put16(out, off + 12, 0x86DD);
            Bytes.put32(out, ip, 0x6000_0000); // version 6, traffic class 0, flow label 0
            Bytes.put16(out, ip + 4, tcpLen);
            out[ip + 6] = 6;
            out[ip + 7] = (byte) f.ttl();
            f.src().write(out, ip + 8);
            f.dst().write(out, ip + 24);
        } else {
            Bytes.put16(out, off + 12, 0x0800);
            out[ip] = 0x45;
            out[ip + 1] = 0;
            Bytes.put16(out, ip + 2, len - ETH_LEN);
            Bytes.put16(out, ip + 4, f.ipId());
            Bytes.put16(out, ip + 6, 0);
            out[ip + 8] = (byte) f.ttl();
            out[ip + 9] = 6;
            Bytes.put16(out, ip + 10, 0);
            f.src().write(out, ip + 12);
            f.dst().write(out, ip + 16);
            Bytes.put16(out, ip + 10, Checksum.finish(Checksum.sum(0, out, ip, IP_LEN)));
        }
        int t = ip + f.ipLength();
        Bytes.put16(out, t, f.srcPort());
        Bytes.put16(out, t + 2, f.dstPort());
        Bytes.put32(out, t + 4, f.seq());
        Bytes.put32(out, t + 8, f.ack());
        out[t + 12] = (byte) ((tcpLen / 4) << 4);
        out[t + 13] = (byte) f.flags();
        Bytes.put16(out, t + 14, f.window());
        Bytes.put16(out, t + 16, 0);
        Bytes.put16(out, t + 18, 0);
        System.arraycopy(f.options(), 0, out, t + TCP_LEN, f.options().length);
        long s = Checksum.pseudoHeader(f.src(), f.dst(), 6, tcpLen);
        Bytes.put16(out, t + 16, Checksum.finish(Checksum.sum(s, out, t, tcpLen)));
        return len;
    }

    public static byte[] encode(TcpFrame f) {
        byte[] out = new byte[f.length()];
        write(f, out, 0);
        return out;
    }
}
