package net.mptcpscan.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.classify.AddAddrHmac;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.validate.ReplyDeduper;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.ReplyFields;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;
import net.mptcpscan.wire.TcpSegment;

/**
 * Stage 2, after a genuine MPTCP SYN-ACK: the third ACK with MP_CAPABLE (our key and theirs) and a
 * keepalive (an old sequence number the server must acknowledge, so a completed handshake is seen
 * even from a server that sends nothing), then whatever the server sends within the window
 * (ADD_ADDR with its HMAC checked, REMOVE_ADDR, MP_PRIO, MP_FASTCLOSE, FIN, RST...), then our RST
 * so no server keeps state. Our key is derived per target (as the v0 probe key), so the only state
 * is the handshakes in their window, in a bounded table.
 *
 * <p>The receive thread feeds it; the scan's once-a-second tick expires windows and takes the
 * finished records to the store (so a crash loses at most a second of them): hence synchronized.
 */
final class Stage2 {
    /** Targets in stage 2 at most: past it the oldest is closed early. */
    static final int MAX_OPEN = 1 << 18;

    /** Finished records held for the store at most (it takes them every second). */
    static final int MAX_PENDING = 1 << 20;

    /** A handshake in its window: where it goes, the keys, what the server sent so far. */
    private static final class Open {
        final IpAddress src, target;
        final int port, ourPort, ourSeq, version;
        final long ourKey, serverKey, openedNanos, openedMicros;
        int theirSeq, events;

        /**
         * The announcements this handshake recorded: a server resends one whose echo has not
         * reached it yet, and that copy is the same announcement, not a second one.
         */
        List<MptcpOption.AddAddr> announced;

        Open(
                IpAddress src,
                IpAddress target,
                int port,
                int ourPort,
                int ourSeq,
                int theirSeq,
                long ourKey,
                long serverKey,
                int version,
                long openedNanos,
                long openedMicros) {
            this.src = src;
            this.target = target;
            this.port = port;
            this.ourPort = ourPort;
            this.ourSeq = ourSeq;
            this.theirSeq = theirSeq;
            this.ourKey = ourKey;
            this.serverKey = serverKey;
            this.version = version;
            this.openedNanos = openedNanos;
            this.openedMicros = openedMicros;
        }

        boolean resetByServer() {
            return (events & HandshakeEvent.RESETS) != 0;
        }

        HandshakeStatus status() {
            return HandshakeStatus.fromEvents(events);
        }
    }

    private final PacketSink sink;
    private final byte[] srcMac, gatewayMac, gatewayMac6;
    private final int ttl;
    private final long windowNanos;

    /**
     * Frames go out in batches (one sendmmsg for up to BATCH): a scan refusing a million SYN-ACKs
     * must not spend a system call on each on the receive thread. A batch waits at most
     * MAX_DELAY_NANOS (a flusher thread; the capture loop has no "buffer empty" moment to hook).
     */
    static final int BATCH = 64, STRIDE = 128;

    static final long MAX_DELAY_NANOS = 1_000_000;

    /**
     * With nothing batched the flusher sleeps this long, woken early by a batch's first frame: a
     * scan of a space with few MPTCP servers spent 40 ms of CPU per 10 s waking it every 5 ms.
     */
    static final long IDLE_NANOS = 100_000_000;

    private final Thread flusher;

    private final byte[] batch = new byte[BATCH * STRIDE];
    private final int[] lengths = new int[BATCH];
    private int batched;
    private long batchSince;
    private final List<AnnouncementRecord> announcements = new ArrayList<>();
    private final List<HandshakeRecord> handshakes = new ArrayList<>();

    /** Targets whose stale connection we reset once (see stale()): never twice. */
    private final ReplyDeduper staleRetried = new ReplyDeduper(16);

    private final Map<Long, Open> open =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Open> e) {
                    if (size() <= MAX_OPEN) return false;
                    finish(e.getValue());
                    return true;
                }
            };
    volatile long acksSent, announced, resets, skipped, refused, staleReset, completed, timeouts;
    volatile long serverResets, lostRecords;

    /** Announcements that came again in the same handshake (echoed again, not recorded again). */
    volatile long announcedAgain;

    /** Bare ACKs of a resumed scan's connections already reset, not taken for replies. */
    volatile long staleAcksIgnored;

    /** Announcements per HMAC verdict (index: the verdict's ordinal), for -m. */
    final long[] byHmac = new long[AddAddrHmac.Verdict.values().length];

    /**
     * Stage 2's own rate: handshakes per second at most (a token bucket); beyond it a target is not
     * tried (recorded so).
     */
    private final double perSecond;

    private double tokens;
    private volatile long firstHandshake, lastHandshake;
    private long lastRefill = System.nanoTime();
    private volatile SendException failure;

    Stage2(
            PacketSink sink,
            byte[] srcMac,
            byte[] gatewayMac,
            byte[] gatewayMac6,
            int ttl,
            double perSecond,
            double windowSeconds) {
        this.perSecond = perSecond;
        this.tokens = Math.max(1, perSecond / 10);
        this.sink = sink;
        this.srcMac = srcMac.clone();
        this.gatewayMac = gatewayMac.clone();
        this.gatewayMac6 = gatewayMac6.clone();
        this.ttl = ttl;
        this.windowNanos = (long) (windowSeconds * 1e9);
        flusher =
                new Thread(
                        () -> {
                            while (!closed) {
                                flushIfDue();
                                java.util.concurrent.locks.LockSupport.parkNanos(
                                        batched > 0 ? MAX_DELAY_NANOS : IDLE_NANOS);
                            }
                        },
                        "mptcpscan-stage2-flush");
        flusher.setDaemon(true);
        flusher.start();
    }

    private volatile boolean closed;

    /** Sends what is still batched and stops the flusher. */
    void close() {
        flush();
        closed = true;
        java.util.concurrent.locks.LockSupport.unpark(flusher);
    }

    /** Sends the batch if its oldest frame has waited MAX_DELAY_NANOS. */
    synchronized void flushIfDue() {
        if (batched > 0 && System.nanoTime() - batchSince >= MAX_DELAY_NANOS) flush();
    }

    /**
     * A connection's key in the table: exact for IPv4; for IPv6 the address folded into 64 bits (a
     * collision is about as likely as a guessed SipHash key).
     */
    static long key(IpAddress target, int port, int ourPort) {
        return target.v6()
                ? key6(target.hi(), target.lo(), port, ourPort)
                : key4(target.v4(), port, ourPort);
    }

    static long key4(int target, int port, int ourPort) {
        return ((long) target << 32) | ((long) port << 16) | ourPort;
    }

    static long key6(long hi, long lo, int port, int ourPort) {
        return ReplyDeduper.mix(
                ReplyDeduper.mix(hi ^ ((((long) port << 16) | ourPort) * 0x9E3779B97F4A7C15L))
                        ^ lo);
    }

    /** The key of the reply just read, without allocating. */
    static long key(ReplyFields f) {
        return f.v6
                ? key6(f.targetHi, f.targetLo, f.targetPort, f.ourPort)
                : key4(f.target, f.targetPort, f.ourPort);
    }

    /** A handshake with this target, from this port of ours, is in its window. */
    synchronized boolean isOpen(long key) {
        return open.containsKey(key);
    }

    /** A genuine MP_CAPABLE SYN-ACK (v1 or v0) answering our probe: the third ACK, a keepalive. */
    synchronized boolean synAck(
            IpAddress src,
            IpAddress target,
            int port,
            int ourPort,
            int ourIsn,
            DecodedPacket p,
            long ourKey,
            long serverKey,
            int version,
            long nowMicros) {
        long now = System.nanoTime();
        expire(now);
        tokens =
                Math.min(
                        Math.max(1, perSecond / 10), tokens + (now - lastRefill) / 1e9 * perSecond);
        lastRefill = now;
        if (tokens < 1) {
            skipped++;
            record(
                    new HandshakeRecord(
                            target, port, version, HandshakeStatus.NOT_TRIED, 0, nowMicros));
            return false;
        }
        tokens--;
        if (firstHandshake == 0) firstHandshake = now;
        lastHandshake = now;
        Open o =
                new Open(
                        src,
                        target,
                        port,
                        ourPort,
                        ourIsn + 1,
                        (int) p.tcp().seq() + 1,
                        ourKey,
                        serverKey,
                        version,
                        now,
                        nowMicros);
        open.put(key(target, port, ourPort), o);
        thirdAck(o);
        // The keepalive: one byte before our next sequence number, which the server has already
        // acknowledged, so it answers with an ACK: proof that our third ACK arrived.
        send(o, o.ourSeq - 1, 0x10, new byte[0]);
        acksSent++;
        return true;
    }

    private void thirdAck(Open o) {
        MptcpOption.MpCapable ack =
                new MptcpOption.MpCapable(
                        20, o.version, MptcpOption.FLAG_H, o.ourKey, o.serverKey, -1, -1);
        send(o, o.ourSeq, 0x10, TcpOptionEncoder.encode(List.of(ack)));
    }

    /** The SYN-ACK again while in the window: our third ACK was lost; send it once more. */
    synchronized void synAckAgain(long key) {
        Open o = open.get(key);
        if (o == null || (o.events & HandshakeEvent.SYN_ACK_AGAIN.bit()) != 0) return;
        o.events |= HandshakeEvent.SYN_ACK_AGAIN.bit();
        thirdAck(o);
    }

    /**
     * A SYN-ACK we do not continue (not genuine MPTCP, over the rate, a copy): the RST the kernel
     * would have sent, had stage 2 not silenced it, so the server keeps no half-open connection and
     * does not send the SYN-ACK again.
     */
    synchronized void refuse(IpAddress src, IpAddress target, int port, int ourPort, int ourIsn) {
        send(src, target, port, ourPort, ourIsn + 1, 0, 0x04, new byte[0]);
        refused++;
    }

    /**
     * A bare ACK answering our SYN: the server still holds a connection from this very port (a scan
     * killed before stage 2's RST, then resumed, probes some targets again with the same ports and
     * sequence numbers), and acknowledges it instead of our SYN (RFC 5961's challenge ACK). A RST
     * at the sequence number it expects ends that connection; then the probe goes again. Once per
     * target: true when this was done (the ACK is not a reply to classify).
     */
    synchronized boolean stale(
            IpAddress src,
            IpAddress target,
            int port,
            int ourPort,
            int seqSent,
            byte[] probe,
            int len) {
        // the whole connection's key: the slot form kept only our port's low byte, so the second
        // probe's stale connection to a target was taken for the first's one time in 256
        if (!staleRetried.firstTime(key(target, port, ourPort))) return false;
        send(src, target, port, ourPort, seqSent + 1, 0, 0x04, new byte[0]);
        System.arraycopy(probe, 0, batch, batched * STRIDE, len);
        queued(len);
        staleReset++;
        return true;
    }

    /** A later segment from a target in stage 2: what it says, its announcements. */
    synchronized void later(long k, DecodedPacket p, long nowMicros) {
        expire(System.nanoTime());
        Open o = open.get(k);
        TcpSegment tcp = p.tcp();
        if (o == null || tcp == null) return;
        // Only a RST at exactly the sequence number we expect counts without an acknowledgement
        // (RFC 5961): anything else unacknowledged could be anyone's.
        boolean acknowledged = (tcp.flags() & TcpSegment.ACK) != 0 && (int) tcp.ack() == o.ourSeq;
        if (!acknowledged && !(tcp.isRst() && (int) tcp.seq() == o.theirSeq)) return;
        o.events |= HandshakeEvent.of(p);
        if (acknowledged) o.events |= HandshakeEvent.ACK.bit();
        if (!tcp.isRst())
            for (TcpOption opt : tcp.options())
                if (opt instanceof MptcpOption.AddAddr a) announcement(o, a, nowMicros);
        if (o.resetByServer()) {
            open.remove(k);
            finish(o);
        }
    }

    /**
     * An ADD_ADDR: recorded with its HMAC verdict once per handshake, and acknowledged (v1 echo) as
     * clients do, every time it comes (a resent one means our echo was lost or late).
     */
    private void announcement(Open o, MptcpOption.AddAddr a, long nowMicros) {
        if (o.announced == null) o.announced = new ArrayList<>(2);
        if (o.announced.contains(a)) {
            announcedAgain++;
            echo(o, a);
            return;
        }
        o.announced.add(a);
        AddAddrHmac.Verdict v = AddAddrHmac.verify(a, o.serverKey, o.ourKey);
        if (announcements.size() + handshakes.size() < MAX_PENDING) {
            announcements.add(
                    new AnnouncementRecord(
                            o.target,
                            o.port,
                            a.addressId(),
                            net.mptcpscan.wire.AddressText.of(a.address()),
                            a.port(),
                            a.echo(),
                            v.wireName,
                            nowMicros));
        } else lostRecords++;
        announced++;
        byHmac[v.ordinal()]++;
        echo(o, a);
    }

    private void echo(Open o, MptcpOption.AddAddr a) {
        if (a.version() >= 1 && !a.echo()) {
            // The echo: the same id, address and port, E set, no HMAC (RFC 8684 3.4.1); without it
            // the server sends the announcement again.
            MptcpOption.AddAddr echo =
                    new MptcpOption.AddAddr(
                            a.length() - 8, 1, true, a.addressId(), a.address(), a.port(), null);
            send(o, o.ourSeq, 0x10, TcpOptionEncoder.encode(List.of(echo)));
        }
    }

    /** Handshakes whose window is over get our RST (the oldest first: insertion order). */
    synchronized void expire(long now) {
        var it = open.values().iterator();
        while (it.hasNext()) {
            Open o = it.next();
            if (now - o.openedNanos < windowNanos) return;
            it.remove();
            finish(o);
        }
    }

    /** Handshakes still in their window. */
    synchronized int openCount() {
        return open.size();
    }

    /** Ends every handshake still open (the scan is over): a RST each. */
    synchronized void closeAll() {
        for (Open o : open.values()) finish(o);
        open.clear();
        flush();
    }

    /** The window is over (or the server reset): our RST unless theirs came, and the record. */
    private void finish(Open o) {
        HandshakeStatus s = o.status();
        if (s == HandshakeStatus.RESET) serverResets++;
        else {
            send(o, o.ourSeq, 0x04, new byte[0]);
            resets++;
        }
        if (s == HandshakeStatus.COMPLETED) completed++;
        if (s == HandshakeStatus.TIMEOUT) timeouts++;
        record(new HandshakeRecord(o.target, o.port, o.version, s, o.events, o.openedMicros));
    }

    private void record(HandshakeRecord h) {
        if (announcements.size() + handshakes.size() < MAX_PENDING) handshakes.add(h);
        else lostRecords++;
    }

    private void send(Open o, int seq, int flags, byte[] options) {
        send(o.src, o.target, o.port, o.ourPort, seq, o.theirSeq, flags, options);
    }

    private void send(
            IpAddress src,
            IpAddress target,
            int port,
            int ourPort,
            int seq,
            int ack,
            int flags,
            byte[] opts) {
        FrameEncoder.TcpFrame f =
                new FrameEncoder.TcpFrame(
                        srcMac,
                        target.v6() ? gatewayMac6 : gatewayMac,
                        src,
                        target,
                        ttl,
                        0,
                        ourPort,
                        port,
                        seq,
                        flags == 0x04 ? 0 : ack,
                        flags,
                        64240,
                        opts);
        queued(FrameEncoder.write(f, batch, batched * STRIDE));
    }

    /** The frame just written at the batch's next slot is len bytes: a full batch goes out. */
    private void queued(int len) {
        boolean first = batched == 0;
        if (first) batchSince = System.nanoTime();
        lengths[batched++] = len;
        if (batched == BATCH) flush();
        else if (first) java.util.concurrent.locks.LockSupport.unpark(flusher);
    }

    /** Sends what is batched. */
    synchronized void flush() {
        if (batched == 0) return;
        try {
            sink.send(batch, STRIDE, lengths, batched);
        } catch (SendException e) {
            failure = e;
        }
        batched = 0;
    }

    /** From the first third ACK to the last: what a handshake rate is computed over. */
    double handshakeSpanSeconds() {
        return firstHandshake == 0 ? 0 : (lastHandshake - firstHandshake) / 1e9;
    }

    SendException failure() {
        return failure;
    }

    /** What finished since the last call, for the store: handshakes and announcements. */
    synchronized Finished take() {
        Finished f = new Finished(List.copyOf(handshakes), List.copyOf(announcements));
        handshakes.clear();
        announcements.clear();
        return f;
    }

    record Finished(List<HandshakeRecord> handshakes, List<AnnouncementRecord> announcements) {
        boolean isEmpty() {
            return handshakes.isEmpty() && announcements.isEmpty();
        }
    }
}
