package net.mptcpscan.scan;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import net.mptcpscan.capture.PcapWriter;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.receive.FrameHandler;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.validate.ReplyDeduper;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.ReplyFields;

/**
 * receive -> validate -> classify -> store, for one receive thread. Header fields are read without
 * allocation and the reply validated statelessly first; only valid, first-seen replies are fully
 * decoded, classified and queued to the writer.
 */
public final class ReplyPipeline implements FrameHandler {
    private final LinkType link;

    /**
     * The scan's source addresses (-S): a reply must come to the one its target was probed from.
     */
    private final SourceAddresses sources;

    /** Each IPv6 source's keyed hash, computed once (ProbeKeys.sourceKey6). */
    private final long[] sourceKeys6;

    private final ProbeKeys keys;
    private final ProbeModule[] probes;
    private final int probesPerVersion;
    private final ReplyDeduper dedup;
    private final ReplyFields f = new ReplyFields();
    private final BatchingWriter writer;
    private final LiveOutput live;
    private final PcapWriter pcap;
    private final long scanId;

    volatile long frames, valid, validationFailures, repeats, firstProbeSynAcks;
    final AtomicLongArray classCounts = new AtomicLongArray(ReplyClass.values().length + 1);
    final LiveVerdicts verdicts;
    volatile Exception failure;

    public ReplyPipeline(
            LinkType link,
            SourceAddresses sources,
            ProbeKeys keys,
            ProbeModule[] probes,
            int probesPerVersion,
            BatchingWriter writer,
            LiveOutput live,
            PcapWriter pcap,
            long scanId,
            Tables tables) {
        this.dedup = tables.dedup;
        this.verdicts = tables.verdicts;
        this.link = link;
        this.sources = sources;
        this.sourceKeys6 = new long[sources.v6Count()];
        for (int i = 0; i < sourceKeys6.length; i++)
            sourceKeys6[i] = keys.sourceKey6(sources.v6Hi(i), sources.v6Lo(i));
        this.keys = keys;
        this.probes = probes.clone();
        this.probesPerVersion = probesPerVersion;
        this.writer = writer;
        this.live = live;
        this.pcap = pcap;
        this.scanId = scanId;
    }

    /**
     * The pipeline's fixed-size tables, 40 MB: the dedup table (2^22 replies) and the live
     * verdicts. Made apart from it so that a scan zeroes them while its database opens, not between
     * the open and its first probe.
     */
    public static final class Tables {
        final ReplyDeduper dedup = new ReplyDeduper(22);
        final LiveVerdicts verdicts = new LiveVerdicts();
    }

    /** Valid first replies so far (what the benchmark checks it measured). */
    public long validReplies() {
        return valid;
    }

    /** Stage 2 (the handshake after a genuine MPTCP SYN-ACK), or null when it is off. */
    private Stage2 stage2;

    void stage2(Stage2 s) {
        this.stage2 = s;
    }

    /** The scan continues an interrupted one (--resume): its earlier connections may be open. */
    volatile boolean resumed;

    /** Set once the last probe is sent: replies after it are zmap's cooldown replies. */
    volatile boolean cooldown;

    @Override
    public void onFrame(byte[] buf, int len, long ts) {
        frames++;
        if (f.read(link, buf, 0, len) == ReplyFields.NONE) return;
        int seqSent = f.kind == ReplyFields.TCP ? f.ackOrQuotedSeq - 1 : f.ackOrQuotedSeq;
        // Validation without allocation: the source this target was probed from, the keyed hash.
        int slot, src = 0, src6 = 0;
        if (f.v6) {
            if (sources.v6Count() == 0) return;
            src6 = sources.index6(f.targetHi, f.targetLo, f.targetPort);
            long sh = sources.v6Hi(src6), sl = sources.v6Lo(src6);
            if (f.kind == ReplyFields.TCP && (f.dstHi != sh || f.dstLo != sl)) return;
            slot =
                    keys.matchSlot6(
                            sourceKeys6[src6],
                            f.targetHi,
                            f.targetLo,
                            f.targetPort,
                            f.ourPort,
                            seqSent);
        } else {
            if (sources.v4().length == 0) return;
            src = sources.for4(f.target, f.targetPort);
            if (f.kind == ReplyFields.TCP && f.dst != src) return;
            slot = keys.matchSlot(src, f.target, f.targetPort, f.ourPort, seqSent);
        }
        long stage2Key = stage2 == null ? 0 : Stage2.key(f);
        if (slot < 0) {
            // A RST carries no acknowledgement to validate: stage 2 checks its sequence number.
            if (stage2 != null
                    && f.kind == ReplyFields.TCP
                    && (f.tcpFlags & 0x16) == 0x04
                    && stage2.isOpen(stage2Key)) {
                toStage2(stage2Key, buf, len);
                return;
            }
            validationFailures++;
            return;
        }
        if (stage2 != null
                && (f.tcpFlags & 0x02) == 0
                && f.kind == ReplyFields.TCP
                && stage2.isOpen(stage2Key)) {
            // A later segment of a handshake stage 2 completed: announcements, not a reply to
            // classify.
            toStage2(stage2Key, buf, len);
            return;
        }
        // (Not open: a segment without SYN of an open handshake went to stage 2 just above.)
        if (stage2 != null
                && f.kind == ReplyFields.TCP
                && (f.tcpFlags & 0x17) == 0x10
                && !seen(slot)) {
            if (staleConnection(from(src, src6), target(), slot, seqSent)) return;
            // A resumed scan's stale connection acknowledged again (a second challenge ACK
            // racing our RST): not an answer to the probe sent again. In a new scan no
            // connection of ours can be stale, and a bare ACK to a SYN is an anomaly.
            if (resumed) {
                stage2.staleAcksIgnored++; // the receive thread is its only writer
                return;
            }
        }
        boolean duplicate = !firstTime(slot);
        if (duplicate) {
            repeats++;
            if (stage2 != null && (f.tcpFlags & 0x16) == 0x12) {
                if (stage2.isOpen(stage2Key)) stage2.synAckAgain(stage2Key);
                // A SYN-ACK sent again: the kernel's RST is silenced during stage 2, so ours goes
                // instead.
                else stage2.refuse(from(src, src6), target(), f.targetPort, f.ourPort, seqSent);
            }
            if (live == null || !live.wantsRepeats())
                return; // the usual case: a repeat costs no decoding (nor an address object)
        } else {
            valid++;
            if (f.v6) valid6++;
        }
        IpAddress target = target(), from = from(src, src6);
        try {
            long now = nowMicros();
            if (pcap != null && !duplicate) pcap.write(now, buf, 0, len);
            DecodedPacket p = PacketDecoder.decode(link, buf, 0, len);
            ProbeModule probe = probes[slot / probesPerVersion];
            long ourKey = v0Key(from, target);
            Classification c = Classifier.classify(probe.sent(ourKey), p);
            if (c == null) return;
            ReplyRecord r =
                    new ReplyRecord(
                            target,
                            f.targetPort,
                            f.ourPort,
                            probe.mptcpVersion(),
                            c,
                            p.ip().ttl(),
                            p.tcp() == null ? 0 : p.tcp().window(),
                            p.tcp() == null ? null : p.tcp().flagString(),
                            now);
            if (!duplicate) {
                classCounts.incrementAndGet(c.replyClass().rank());
                verdicts.add(target, f.targetPort, c.replyClass());
                if (slot == 0 && p.tcp() != null && p.tcp().isSynAck()) firstProbeSynAcks++;
                if (writer != null) writer.add(r);
                boolean handshaken = false;
                if (stage2 != null
                        && c.replyClass() == ReplyClass.MPTCP
                        && c.key() != null
                        && p.tcp() != null
                        && p.tcp().isSynAck()) {
                    // Genuine MPTCP: complete the handshake, with our key for this target (derived,
                    // as the v0 probe's).
                    handshaken =
                            stage2.synAck(
                                    from,
                                    target,
                                    f.targetPort,
                                    f.ourPort,
                                    seqSent,
                                    p,
                                    ourKey,
                                    c.key(),
                                    c.mptcpVersion(),
                                    now);
                }
                if (stage2 != null && !handshaken && p.tcp() != null && p.tcp().isSynAck()) {
                    stage2.refuse(from, target, f.targetPort, f.ourPort, seqSent);
                }
            }
            if (live != null) live.offer(scanId, r, p, duplicate, cooldown);
        } catch (StoreException | IOException e) {
            failure = e;
        }
    }

    /** The target of the reply just read (f), as the records hold it. */
    private IpAddress target() {
        return f.v6 ? IpAddress.v6(f.targetHi, f.targetLo) : IpAddress.v4(f.target);
    }

    /** The source address it was probed from: src (IPv4) or source index src6 (IPv6). */
    private IpAddress from(int src, int src6) {
        return f.v6 ? sources.v6(src6) : IpAddress.v4(src);
    }

    /** Valid first replies over IPv6 (the status line counts each family). */
    volatile long valid6;

    private boolean firstTime(int slot) {
        return f.v6
                ? dedup.firstTime6(f.targetHi, f.targetLo, f.targetPort, slot)
                : dedup.firstTime(f.target, f.targetPort, slot);
    }

    private boolean seen(int slot) {
        return f.v6
                ? dedup.seen6(f.targetHi, f.targetLo, f.targetPort, slot)
                : dedup.seen(f.target, f.targetPort, slot);
    }

    /** Our v0 key (and stage 2's key) for a target, as the probe carried it. */
    private long v0Key(IpAddress from, IpAddress target) {
        return target.v6()
                ? keys.v0Key6(from.hi(), from.lo(), target.hi(), target.lo(), f.targetPort)
                : keys.v0Key(from.v4(), target.v4(), f.targetPort);
    }

    /** The frame just read (f) to stage 2, as a later segment of its handshake. */
    private void toStage2(long key, byte[] buf, int len) {
        stage2.later(key, PacketDecoder.decode(link, buf, 0, len), nowMicros());
    }

    @Override
    public void batchEnd() {
        if (stage2 != null) stage2.flush();
    }

    private final byte[] probeFrame = new byte[128];

    /**
     * A bare ACK to our SYN: a connection from this very port that stage 2 of an earlier run never
     * reset (see Stage2.stale); it is reset and the probe sent again, once. True when done.
     */
    private boolean staleConnection(IpAddress from, IpAddress target, int slot, int seqSent) {
        ProbeModule probe = probes[slot / probesPerVersion];
        long key = v0Key(from, target);
        int len;
        if (target.v6()) {
            probe.write6(
                    probeFrame,
                    0,
                    from.hi(),
                    from.lo(),
                    target.hi(),
                    target.lo(),
                    f.targetPort,
                    f.ourPort,
                    seqSent,
                    key);
            len = probe.frameLength6();
        } else {
            probe.write(
                    probeFrame, 0, from.v4(), target.v4(), f.targetPort, f.ourPort, seqSent, key);
            len = probe.frameLength();
        }
        return stage2.stale(from, target, f.targetPort, f.ourPort, seqSent, probeFrame, len);
    }

    /**
     * Now, in microseconds: every stored timestamp has microsecond precision (currentTimeMillis had
     * milliseconds).
     */
    private static long nowMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }
}
