package net.mptcpscan.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ProbeSent;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.Defect;
import net.mptcpscan.wire.IcmpUnreachable;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpSegment;

/**
 * Classifies the handshakes in a capture with the scanner's own classifier: each SYN (without
 * MP_JOIN: joins are extra subflows, not new servers) is remembered as the probe, and the SYN-ACK,
 * RST or ICMP unreachable that answers it is classified against it. A SYN-ACK whose SYN the capture
 * missed is classified without echo checks.
 */
public final class CaptureAnalyzer {
    /** Pending SYNs are capped so a capture of any size needs bounded memory. */
    private static final int MAX_PENDING = 1 << 20;

    public record Summary(
            long frames,
            long ipv4,
            long syns,
            long replies,
            long defects,
            Map<String, Long> mptcpOptions,
            List<String> defectSamples,
            long firstMicros,
            long lastMicros) {}

    private record Pending(ProbeSent probe, long seq) {}

    private final Map<String, Pending> pending =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Pending> e) {
                    return size() > MAX_PENDING;
                }
            };
    private final Map<String, Long> options = new TreeMap<>();
    private final List<String> defectSamples = new ArrayList<>();
    private long frames, ipv4, syns, replies, defects;

    /**
     * The capture's own time span (0 when its frames carry no time): an imported capture is dated
     * by its packets.
     */
    private long firstMicros, lastMicros;

    public static Summary analyze(Path file, Consumer<ReplyRecord> out)
            throws IOException, CaptureFormatException {
        try (PcapReader r = PcapReader.open(file)) {
            LinkType link = r.linkType();
            if (link == null)
                throw new CaptureFormatException(
                        file
                                + ": link type "
                                + r.linkTypeNumber()
                                + " is not supported (supported: "
                                + LinkType.supportedList()
                                + ")");
            CaptureAnalyzer a = new CaptureAnalyzer();
            r.forEach((ts, buf, cap, orig) -> a.frame(link, ts, buf, cap, out));
            return new Summary(
                    a.frames,
                    a.ipv4,
                    a.syns,
                    a.replies,
                    a.defects,
                    a.options,
                    a.defectSamples,
                    a.firstMicros,
                    a.lastMicros);
        }
    }

    private void frame(LinkType link, long ts, byte[] buf, int len, Consumer<ReplyRecord> out) {
        if (ts > 0) {
            if (firstMicros == 0 || ts < firstMicros) firstMicros = ts;
            lastMicros = Math.max(lastMicros, ts);
        }
        frames++;
        DecodedPacket p = PacketDecoder.decode(link, buf, 0, len);
        if (p.ip() == null) return;
        ipv4++;
        for (Defect d : p.defects()) {
            defects++;
            if (defectSamples.size() < 20) defectSamples.add("frame " + frames + ": " + d);
        }
        TcpSegment t = p.tcp();
        if (t != null) {
            for (TcpOption o : t.options())
                if (o instanceof MptcpOption m)
                    options.merge(MptcpOption.subtypeName(m.subtype()), 1L, Long::sum);
            if (t.isSyn()) {
                syn(p, t);
                return;
            }
            // A SYN-ACK with MP_JOIN answers an extra subflow of a known connection, not a new
            // server.
            if ((t.isSynAck() && t.option(MptcpOption.MpJoin.class) == null) || t.isRst())
                reply(p, t, ts, out);
            return;
        }
        IcmpUnreachable icmp = p.icmp();
        if (icmp != null && icmp.quotedProtocol() == 6) {
            Pending s =
                    pending.remove(
                            key(
                                    icmp.quotedSrc(),
                                    icmp.quotedSrcPort(),
                                    icmp.quotedDst(),
                                    icmp.quotedDstPort()));
            if (s == null || (icmp.quotedSeq() >= 0 && icmp.quotedSeq() != s.seq())) return;
            emit(
                    out,
                    icmp.quotedDst(),
                    icmp.quotedDstPort(),
                    icmp.quotedSrcPort(),
                    s.probe(),
                    Classifier.classify(s.probe(), p),
                    p,
                    null,
                    ts);
        }
    }

    private void syn(DecodedPacket p, TcpSegment t) {
        if (t.option(MptcpOption.MpJoin.class) != null) return;
        syns++;
        MptcpOption.MpCapable c = t.option(MptcpOption.MpCapable.class);
        TcpOption.Timestamps ts = t.option(TcpOption.Timestamps.class);
        ProbeSent probe =
                new ProbeSent(
                        c == null ? -1 : c.version(),
                        c == null ? 0 : c.flags(),
                        c == null ? null : c.senderKey(),
                        ts == null ? -1 : ts.tsval(),
                        t.optionBytes());
        pending.put(
                key(p.ip().src(), t.srcPort(), p.ip().dst(), t.dstPort()),
                new Pending(probe, t.seq()));
    }

    private void reply(DecodedPacket p, TcpSegment t, long ts, Consumer<ReplyRecord> out) {
        String k = key(p.ip().dst(), t.dstPort(), p.ip().src(), t.srcPort());
        Pending s = pending.get(k);
        if (s != null && t.ack() == ((s.seq() + 1) & 0xFFFFFFFFL)) {
            pending.remove(k);
            emit(
                    out,
                    p.ip().src(),
                    t.srcPort(),
                    t.dstPort(),
                    s.probe(),
                    Classifier.classify(s.probe(), p),
                    p,
                    t,
                    ts);
        } else if (s == null && t.isSynAck()) {
            // The capture began after the SYN: classify what can be told without it.
            emit(
                    out,
                    p.ip().src(),
                    t.srcPort(),
                    t.dstPort(),
                    ProbeSent.UNKNOWN,
                    Classifier.classify(ProbeSent.UNKNOWN, p),
                    p,
                    t,
                    ts);
        }
    }

    private void emit(
            Consumer<ReplyRecord> out,
            int target,
            int port,
            int ourPort,
            ProbeSent probe,
            Classification c,
            DecodedPacket p,
            TcpSegment t,
            long ts) {
        if (c == null) return;
        replies++;
        out.accept(
                new ReplyRecord(
                        target,
                        port,
                        ourPort,
                        probe.version(),
                        c,
                        p.ip().ttl(),
                        t == null ? 0 : t.window(),
                        t == null ? null : t.flagString(),
                        ts));
    }

    private static String key(int a, int ap, int b, int bp) {
        return Ipv4.toString(a) + ":" + ap + ">" + Ipv4.toString(b) + ":" + bp;
    }
}
