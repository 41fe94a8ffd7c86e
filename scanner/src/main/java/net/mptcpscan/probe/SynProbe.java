package net.mptcpscan.probe;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.ProbeSent;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.Checksum;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;

/**
 * A SYN with a Linux-like option list (MSS, SACK_PERM, timestamps, NOP, window scale) and
 * optionally MP_CAPABLE v1 (4 bytes) or v0 (12 bytes with our per-target key). The template is
 * encoded once with the per-target fields zeroed; its checksum partial sums are kept, and write()
 * adds only the patched fields' words (RFC 1624).
 */
public final class SynProbe implements ProbeModule {
    private static final int IP = FrameEncoder.ETH_LEN,
            TCP = IP + FrameEncoder.IP_LEN,
            TCP6 = IP + FrameEncoder.IP6_LEN;

    private final String name;
    private final int version;
    private final byte[] template, template6;
    private final byte[] optionBytes;
    private final int keyOffset; // offset of the v0 key in the frame, or -1
    private final long ipPartial, tcpPartial, tcpPartial6;
    private final ProbeContext ctx;

    private SynProbe(String name, int version, ProbeContext ctx, List<TcpOption> options) {
        this.name = name;
        this.version = version;
        this.ctx = ctx;
        this.optionBytes = TcpOptionEncoder.encode(options);
        template =
                FrameEncoder.encode(
                        new FrameEncoder.TcpFrame(
                                ctx.srcMac(),
                                ctx.gatewayMac(),
                                0, // the source is patched per probe: the scan may have several
                                // (-S)
                                0,
                                ctx.ttl(),
                                54321,
                                0,
                                0,
                                0,
                                0,
                                0x02,
                                ctx.window(),
                                optionBytes));
        template6 =
                FrameEncoder.encode(
                        new FrameEncoder.TcpFrame(
                                ctx.srcMac(),
                                ctx.gatewayMac6(),
                                IpAddress.v6(0, 0),
                                IpAddress.v6(0, 0),
                                ctx.ttl(),
                                0,
                                0,
                                0,
                                0,
                                0,
                                0x02,
                                ctx.window(),
                                optionBytes));
        int k = -1;
        if (version == 0) {
            for (int i = 0; i + 12 <= optionBytes.length; i++) {
                if ((optionBytes[i] & 0xFF) == 30 && optionBytes[i + 1] == 12) {
                    k = TCP + 20 + i + 4;
                    break;
                }
            }
        }
        keyOffset = k;
        // The incremental checksum adds the key as 16-bit words: it must start on an even offset.
        if (k >= 0 && (k - TCP) % 2 != 0)
            throw new IllegalStateException("v0 key not 16-bit aligned in the TCP header");
        // Partial sums with the checksum fields zeroed; per-target fields are zero in the template.
        Bytes.put16(template, IP + 10, 0);
        Bytes.put16(template, TCP + 16, 0);
        ipPartial = Checksum.sum(0, template, IP, FrameEncoder.IP_LEN);
        int tcpLen = template.length - TCP;
        tcpPartial = Checksum.sum(Checksum.pseudoHeader(0, 0, 6, tcpLen), template, TCP, tcpLen);
        Bytes.put16(template6, TCP6 + 16, 0);
        tcpPartial6 =
                Checksum.sum(
                        Checksum.pseudoHeader6(0, 0, 0, 0, 6, tcpLen), template6, TCP6, tcpLen);
    }

    public static SynProbe mptcpV1(ProbeContext ctx) {
        List<TcpOption> o = linuxOptions(ctx);
        o.add(TcpOptionEncoder.mpCapableV1Syn(ctx.mpcFlags()));
        return new SynProbe("mptcp-v1", 1, ctx, o);
    }

    public static SynProbe mptcpV0(ProbeContext ctx) {
        List<TcpOption> o = linuxOptions(ctx);
        o.add(TcpOptionEncoder.mpCapableV0Syn(ctx.mpcFlags(), 0));
        return new SynProbe("mptcp-v0", 0, ctx, o);
    }

    /** zmap's tcp_synscan equivalent (same options without MP_CAPABLE), for comparisons. */
    public static SynProbe plain(ProbeContext ctx) {
        return new SynProbe("tcp-syn", -1, ctx, linuxOptions(ctx));
    }

    private static List<TcpOption> linuxOptions(ProbeContext ctx) {
        List<TcpOption> o = new ArrayList<>();
        o.add(new TcpOption.Mss(ctx.mss()));
        o.add(new TcpOption.SackPermitted());
        o.add(new TcpOption.Timestamps(ctx.tsval(), 0));
        o.add(new TcpOption.Nop());
        o.add(new TcpOption.WindowScale(ctx.windowScale()));
        return o;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int defaultSource() {
        return ctx.srcIp();
    }

    @Override
    public int mptcpVersion() {
        return version;
    }

    @Override
    public int frameLength() {
        return template.length;
    }

    @Override
    public void write(
            byte[] out, int off, int src, int dst, int dport, int sport, int seq, long v0Key) {
        System.arraycopy(template, 0, out, off, template.length);
        Bytes.put32(out, off + IP + 12, src);
        Bytes.put32(out, off + IP + 16, dst);
        Bytes.put16(
                out,
                off + IP + 10,
                Checksum.finish(Checksum.add32(Checksum.add32(ipPartial, src), dst)));
        int t = off + TCP;
        Bytes.put16(out, t, sport);
        Bytes.put16(out, t + 2, dport);
        Bytes.put32(out, t + 4, seq);
        long s = Checksum.add32(Checksum.add32(tcpPartial, src), dst) + sport + dport;
        s = Checksum.add32(s, seq);
        if (keyOffset >= 0) {
            Bytes.put64(out, off + keyOffset, v0Key);
            s = Checksum.add64(s, v0Key);
        }
        Bytes.put16(out, t + 16, Checksum.finish(s));
    }

    @Override
    public int frameLength6() {
        return template6.length;
    }

    @Override
    public void write6(
            byte[] out,
            int off,
            long srcHi,
            long srcLo,
            long dstHi,
            long dstLo,
            int dport,
            int sport,
            int seq,
            long v0Key) {
        System.arraycopy(template6, 0, out, off, template6.length);
        Bytes.put64(out, off + IP + 8, srcHi);
        Bytes.put64(out, off + IP + 16, srcLo);
        Bytes.put64(out, off + IP + 24, dstHi);
        Bytes.put64(out, off + IP + 32, dstLo);
        int t = off + TCP6;
        Bytes.put16(out, t, sport);
        Bytes.put16(out, t + 2, dport);
        Bytes.put32(out, t + 4, seq);
        long s =
                Checksum.add64(
                                Checksum.add64(
                                        Checksum.add64(Checksum.add64(tcpPartial6, srcHi), srcLo),
                                        dstHi),
                                dstLo)
                        + sport
                        + dport;
        s = Checksum.add32(s, seq);
        if (keyOffset >= 0) {
            Bytes.put64(out, off + keyOffset - TCP + TCP6, v0Key);
            s = Checksum.add64(s, v0Key);
        }
        Bytes.put16(out, t + 16, Checksum.finish(s));
    }

    @Override
    public ProbeSent sent(long v0Key) {
        byte[] opts = optionBytes.clone();
        if (keyOffset >= 0) Bytes.put64(opts, keyOffset - TCP - 20, v0Key);
        return new ProbeSent(version, ctx.mpcFlags(), v0Key, ctx.tsval(), opts);
    }
}
