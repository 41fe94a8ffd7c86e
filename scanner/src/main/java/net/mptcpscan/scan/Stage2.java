package net.mptcpscan.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.classify.AddAddrHmac;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;

/**
 * Stage 2, after a genuine MPTCP SYN-ACK: the third ACK with MP_CAPABLE (our key and theirs), then
 * whatever the server announces (ADD_ADDR, its HMAC checked with both keys), then a RST so no
 * server keeps state. Our key is derived per target (as the v0 probe key), so the only state is the
 * server keys of targets in stage 2, in a bounded table. Runs on the receive thread; its frames go
 * out through its own sink.
 */
final class Stage2 {
    /** Targets in stage 2 at most: past it the oldest is closed and forgotten. */
    static final int MAX_OPEN = 1 << 18;

    /** A handshake we completed: keys, our next sequence number and theirs, where it goes. */
    private record Open(
            int src,
            int target,
            int port,
            int ourPort,
            int ourSeq,
            int theirSeq,
            long ourKey,
            long serverKey,
            int version,
            long openedNanos) {}

    /**
     * How long a completed handshake waits for announcements before our RST (servers announce right
     * after the third ACK).
     */
    static final long WINDOW_NANOS = 2_000_000_000L;

    private final PacketSink sink;
    private final byte[] srcMac, gatewayMac;
    private final int ttl;
    private final byte[] frame = new byte[128];
    private final int[] lengths = new int[1];
    private final List<AnnouncementRecord> announcements = new ArrayList<>();
    private final Map<Long, Open> open =
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Open> e) {
                    if (size() <= MAX_OPEN) return false;
                    reset(e.getValue());
                    return true;
                }
            };
    volatile long acksSent, announced, resets, skipped, refused;

    /**
     * Stage 2's own rate: handshakes per second at most (a token bucket); beyond it a target is
     * skipped (counted).
     */
    private final double perSecond;

    private double tokens;
    private long lastRefill = System.nanoTime();
    private volatile SendException failure;

    Stage2(PacketSink sink, byte[] srcMac, byte[] gatewayMac, int ttl, double perSecond) {
        this.perSecond = perSecond;
        this.tokens = Math.max(1, perSecond / 10);
        this.sink = sink;
        this.srcMac = srcMac.clone();
        this.gatewayMac = gatewayMac.clone();
        this.ttl = ttl;
    }

    private static long key(int target, int port, int ourPort) {
        return ((long) target << 32) | ((long) port << 16) | ourPort;
    }

    /** A handshake with this target, from this port of ours, is open. */
    boolean isOpen(int target, int port, int ourPort) {
        return open.containsKey(key(target, port, ourPort));
    }

    /** A genuine MP_CAPABLE SYN-ACK (v1 or v0) answering our probe: send the third ACK. */
    boolean synAck(
            int src,
            int target,
            int port,
            int ourPort,
            int ourIsn,
            DecodedPacket p,
            long ourKey,
            long serverKey,
            int version) {
        long now = System.nanoTime();
        expire(now);
        tokens =
                Math.min(
                        Math.max(1, perSecond / 10), tokens + (now - lastRefill) / 1e9 * perSecond);
        lastRefill = now;
        if (tokens < 1) {
            skipped++;
            return false;
        }
        tokens--;
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
                        now);
        open.put(key(target, port, ourPort), o);
        MptcpOption.MpCapable ack =
                new MptcpOption.MpCapable(
                        20, version, MptcpOption.FLAG_H, ourKey, serverKey, -1, -1);
        send(o, 0x10, TcpOptionEncoder.encode(List.of(ack)));
        acksSent++;
        return true;
    }

    /**
     * A SYN-ACK we do not continue (not genuine MPTCP, over the rate, a copy): the RST the kernel
     * would have sent, had stage 2 not silenced it, so the server keeps no half-open connection and
     * does not send the SYN-ACK again.
     */
    void refuse(int src, int target, int port, int ourPort, int ourIsn) {
        send(new Open(src, target, port, ourPort, ourIsn + 1, 0, 0, 0, 0, 0), 0x04, new byte[0]);
        refused++;
    }

    /** A later segment from a target in stage 2: its announcements, then our RST. */
    void later(int target, int port, int ourPort, DecodedPacket p, long nowMicros) {
        expire(System.nanoTime());
        long k = key(target, port, ourPort);
        Open o = open.get(k);
        if (o == null || p.tcp() == null) return;
        if (p.tcp().isRst()) {
            open.remove(k);
            return;
        }
        boolean any = false;
        for (TcpOption opt : p.tcp().options()) {
            if (!(opt instanceof MptcpOption.AddAddr a)) continue;
            any = true;
            AddAddrHmac.Verdict v = AddAddrHmac.verify(a, o.serverKey(), o.ourKey());
            if (announcements.size() < 1_000_000) {
                announcements.add(
                        new AnnouncementRecord(
                                target,
                                port,
                                a.addressId(),
                                a.address().getHostAddress(),
                                a.port(),
                                a.echo(),
                                v.wireName,
                                nowMicros));
            }
            announced++;
        }
        if (any) {
            open.remove(k);
            reset(o);
        }
    }

    /** Handshakes open longer than the window get their RST (the oldest first: insertion order). */
    private void expire(long now) {
        var it = open.values().iterator();
        while (it.hasNext()) {
            Open o = it.next();
            if (now - o.openedNanos() < WINDOW_NANOS) return;
            reset(o);
            it.remove();
        }
    }

    /** Ends every handshake still open (the cooldown is over): a RST each. */
    void closeAll() {
        for (Open o : open.values()) reset(o);
        open.clear();
    }

    private void reset(Open o) {
        send(o, 0x04, new byte[0]);
        resets++;
    }

    private void send(Open o, int flags, byte[] options) {
        FrameEncoder.TcpFrame f =
                new FrameEncoder.TcpFrame(
                        srcMac,
                        gatewayMac,
                        o.src(),
                        o.target(),
                        ttl,
                        0,
                        o.ourPort(),
                        o.port(),
                        o.ourSeq(),
                        flags == 0x04 ? 0 : o.theirSeq(),
                        flags,
                        64240,
                        options);
        lengths[0] = FrameEncoder.write(f, frame, 0);
        try {
            sink.send(frame, frame.length, lengths, 1);
        } catch (SendException e) {
            failure = e;
        }
    }

    SendException failure() {
        return failure;
    }

    /** What was announced, for the store (taken once, at the end). */
    List<AnnouncementRecord> announcements() {
        return List.copyOf(announcements);
    }

    int announcementCount() {
        return announcements.size();
    }
}
