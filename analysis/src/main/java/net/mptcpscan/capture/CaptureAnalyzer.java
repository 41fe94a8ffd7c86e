package net.mptcpscan.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import net.mptcpscan.classify.AddAddrHmac;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.classify.ProbeSent;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.Defect;
import net.mptcpscan.wire.IcmpUnreachable;
import net.mptcpscan.wire.IpAddress;
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
            long ipPackets,
            long syns,
            long replies,
            long defects,
            Map<String, Long> mptcpOptions,
            List<String> defectSamples,
            long firstMicros,
            long lastMicros,
            List<Announcement> announcements,
            List<HandshakeRecord> handshakes,
            List<AnnouncementRecord> serverAnnouncements) {}

    /**
     * An address announced on a connection (ADD_ADDR): who announced it (side: server, client, or
     * unknown when the capture missed the handshake), the address, its id and port (-1 without),
     * and whether its HMAC proves it came from the owner of the connection's keys.
     */
    public record Announcement(
            String from,
            String to,
            String side,
            int addressId,
            String address,
            int port,
            boolean echo,
            AddAddrHmac.Verdict hmac) {}

    /**
     * The MPTCP keys a connection has shown so far (null until seen): client is the SYN's sender.
     */
    private record Keys(Long client, Long server) {
        Keys with(Long c, Long s) {
            return new Keys(c != null ? c : client, s != null ? s : server);
        }
    }

    private final Map<Flow, Keys> keys =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Flow, Keys> e) {
                    return size() > MAX_PENDING;
                }
            };
    private final List<Announcement> announcements = new ArrayList<>();

    /**
     * Stage 2 as the live scan records it, from the capture: a connection whose client sent the
     * third ACK with both keys, and what its server sent afterwards (until the capture ends).
     */
    private static final class Handshake {
        final IpAddress server;
        final int port, version;
        final long startMicros;
        int events;

        Handshake(IpAddress server, int port, int version, long startMicros) {
            this.server = server;
            this.port = port;
            this.version = version;
            this.startMicros = startMicros;
        }

        HandshakeRecord record() {
            return new HandshakeRecord(
                    server, port, version, HandshakeStatus.fromEvents(events), events, startMicros);
        }
    }

    private final List<HandshakeRecord> handshakesDone = new ArrayList<>();
    private final Map<Flow, Handshake> handshakes =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Flow, Handshake> e) {
                    if (size() <= MAX_PENDING) return false;
                    if (handshakesDone.size() < MAX_ANNOUNCEMENTS)
                        handshakesDone.add(e.getValue().record());
                    return true;
                }
            };
    private final List<AnnouncementRecord> serverAnnouncements = new ArrayList<>();

    /** Announcements listed at most: a capture of any size needs bounded memory. */
    private static final int MAX_ANNOUNCEMENTS = 100_000;

    private record Pending(ProbeSent probe, long seq) {}

    private final Map<Flow, Pending> pending =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Flow, Pending> e) {
                    return size() > MAX_PENDING;
                }
            };
    private final Map<String, Long> options = new TreeMap<>();
    private final List<String> defectSamples = new ArrayList<>();
    private long frames, ipPackets, syns, replies, defects;

    /**
     * The capture's own time span (0 when its frames carry no time): an imported capture is dated
     * by its packets.
     */
    private long firstMicros, lastMicros;

    /** The first and last times of a capture's frames (0 without), in microseconds. */
    public record Span(long firstMicros, long lastMicros) {}

    /**
     * Reads a whole capture's frames without decoding them: a file the analysis would stop on
     * (truncated, not a capture, a link type it does not read) stops here, and its time span is
     * known before anything is stored. Decoding and classifying in this first pass too took as long
     * as the import's second, storing pass.
     */
    public static Span span(Path file) throws IOException, CaptureFormatException {
        try (PcapReader r = PcapReader.open(file)) {
            supported(file, r);
            long[] t = new long[2];
            r.forEach(
                    (ts, buf, cap, orig) -> {
                        if (ts > 0) {
                            if (t[0] == 0 || ts < t[0]) t[0] = ts;
                            t[1] = Math.max(t[1], ts);
                        }
                    });
            return new Span(t[0], t[1]);
        }
    }

    private static LinkType supported(Path file, PcapReader r) throws CaptureFormatException {
        LinkType link = r.linkType();
        if (link == null)
            throw new CaptureFormatException(
                    file
                            + ": link type "
                            + r.linkTypeNumber()
                            + " is not supported (supported: "
                            + LinkType.supportedList()
                            + ")");
        return link;
    }

    public static Summary analyze(Path file, Consumer<ReplyRecord> out)
            throws IOException, CaptureFormatException {
        try (PcapReader r = PcapReader.open(file)) {
            LinkType link = supported(file, r);
            CaptureAnalyzer a = new CaptureAnalyzer();
            r.forEach((ts, buf, cap, orig) -> a.frame(link, ts, buf, cap, out));
            return new Summary(
                    a.frames,
                    a.ipPackets,
                    a.syns,
                    a.replies,
                    a.defects,
                    a.options,
                    a.defectSamples,
                    a.firstMicros,
                    a.lastMicros,
                    List.copyOf(a.announcements),
                    a.handshakeRecords(),
                    List.copyOf(a.serverAnnouncements));
        }
    }

    private List<HandshakeRecord> handshakeRecords() {
        List<HandshakeRecord> out = new ArrayList<>(handshakesDone);
        for (Handshake h : handshakes.values()) out.add(h.record());
        return List.copyOf(out);
    }

    private void frame(LinkType link, long ts, byte[] buf, int len, Consumer<ReplyRecord> out) {
        if (ts > 0) {
            if (firstMicros == 0 || ts < firstMicros) firstMicros = ts;
            lastMicros = Math.max(lastMicros, ts);
        }
        frames++;
        DecodedPacket p = PacketDecoder.decode(link, buf, 0, len);
        if (p.ip() == null) return;
        ipPackets++;
        for (Defect d : p.defects()) {
            defects++;
            if (defectSamples.size() < 20) defectSamples.add("frame " + frames + ": " + d);
        }
        TcpSegment t = p.tcp();
        if (t != null) {
            for (TcpOption o : t.options())
                if (o instanceof MptcpOption m)
                    options.merge(MptcpOption.subtypeName(m.subtype()), 1L, Long::sum);
            learnKeys(p, t, ts);
            if (!t.isSyn()) {
                Handshake h =
                        handshakes.get(
                                key(
                                        p.ip().destination(),
                                        t.dstPort(),
                                        p.ip().source(),
                                        t.srcPort()));
                if (h != null) {
                    h.events |= HandshakeEvent.of(p);
                    if ((t.flags() & TcpSegment.ACK) != 0) h.events |= HandshakeEvent.ACK.bit();
                }
            }
            for (TcpOption o : t.options())
                if (o instanceof MptcpOption.AddAddr a) announced(p, t, a, ts);
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
                key(p.ip().source(), t.srcPort(), p.ip().destination(), t.dstPort()),
                new Pending(probe, t.seq()));
    }

    private void reply(DecodedPacket p, TcpSegment t, long ts, Consumer<ReplyRecord> out) {
        Flow k = key(p.ip().destination(), t.dstPort(), p.ip().source(), t.srcPort());
        Pending s = pending.get(k);
        if (s != null && t.ack() == ((s.seq() + 1) & 0xFFFFFFFFL)) {
            pending.remove(k);
            emit(
                    out,
                    p.ip().source(),
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
                    p.ip().source(),
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
            IpAddress target,
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

    /**
     * Keys from the handshake: the client's in a v0 SYN, the server's in the SYN-ACK, both in the
     * third ACK.
     */
    private void learnKeys(DecodedPacket p, TcpSegment t, long ts) {
        MptcpOption.MpCapable c = t.option(MptcpOption.MpCapable.class);
        if (c == null || c.senderKey() == null) return;
        if (t.isSyn()) {
            keys.merge(
                    key(p.ip().source(), t.srcPort(), p.ip().destination(), t.dstPort()),
                    new Keys(c.senderKey(), null),
                    (o, n) -> o.with(n.client(), null));
        } else if (t.isSynAck()) {
            keys.merge(
                    key(p.ip().destination(), t.dstPort(), p.ip().source(), t.srcPort()),
                    new Keys(null, c.senderKey()),
                    (o, n) -> o.with(null, n.server()));
        } else if (c.receiverKey() != null) {
            // The third ACK: stage 2 begins (the client is the SYN's sender).
            handshakes.putIfAbsent(
                    key(p.ip().source(), t.srcPort(), p.ip().destination(), t.dstPort()),
                    new Handshake(p.ip().destination(), t.dstPort(), c.version(), ts));
            keys.merge(
                    key(p.ip().source(), t.srcPort(), p.ip().destination(), t.dstPort()),
                    new Keys(c.senderKey(), c.receiverKey()),
                    (o, n) -> o.with(n.client(), n.server()));
        }
    }

    /** An ADD_ADDR: verified with the keys of its connection, by whichever side sent it. */
    private void announced(DecodedPacket p, TcpSegment t, MptcpOption.AddAddr a, long ts) {
        if (announcements.size() >= MAX_ANNOUNCEMENTS) return;
        String from = endpoint(p.ip().source(), t.srcPort()),
                to = endpoint(p.ip().destination(), t.dstPort());
        Keys byServer =
                keys.get(key(p.ip().destination(), t.dstPort(), p.ip().source(), t.srcPort()));
        Keys byClient =
                keys.get(key(p.ip().source(), t.srcPort(), p.ip().destination(), t.dstPort()));
        String side = byServer != null ? "server" : byClient != null ? "client" : "unknown";
        AddAddrHmac.Verdict v =
                byServer != null
                        ? AddAddrHmac.verify(a, byServer.server(), byServer.client())
                        : byClient != null
                                ? AddAddrHmac.verify(a, byClient.client(), byClient.server())
                                : AddAddrHmac.Verdict.NONE;
        if (byServer != null && !a.echo())
            serverAnnouncements.add(
                    new AnnouncementRecord(
                            p.ip().source(),
                            t.srcPort(),
                            a.addressId(),
                            net.mptcpscan.wire.AddressText.of(a.address()),
                            a.port(),
                            false,
                            v.wireName,
                            ts));
        announcements.add(
                new Announcement(
                        from,
                        to,
                        side,
                        a.addressId(),
                        net.mptcpscan.wire.AddressText.of(a.address()),
                        a.port(),
                        a.echo(),
                        v));
    }

    /**
     * A connection, the SYN's sender first: the key of the SYNs waiting for an answer, the keys
     * seen and the handshakes. (A text of both endpoints, made for every packet, was a quarter of
     * analyze's reading thread.)
     */
    private record Flow(IpAddress client, int clientPort, IpAddress server, int serverPort) {}

    private static Flow key(IpAddress a, int ap, IpAddress b, int bp) {
        return new Flow(a, ap, b, bp);
    }

    /** address:port, with IPv6 addresses in brackets (RFC 5952 section 6). */
    static String endpoint(IpAddress a, int port) {
        return (a.v6() ? "[" + a + "]" : a.toString()) + ":" + port;
    }
}
