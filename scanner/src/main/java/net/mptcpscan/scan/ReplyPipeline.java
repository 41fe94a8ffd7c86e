package net.mptcpscan.scan;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLongArray;
import net.mptcpscan.capture.PcapWriter;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.receive.FrameHandler;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.validate.ReplyDeduper;
import net.mptcpscan.wire.DecodedPacket;
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
    private final int[] sources;

    private final ProbeKeys keys;
    private final ProbeModule[] probes;
    private final int probesPerVersion;
    private final ReplyDeduper dedup = new ReplyDeduper(22);
    private final ReplyFields f = new ReplyFields();
    private final BatchingWriter writer;
    private final LiveOutput live;
    private final PcapWriter pcap;
    private final long scanId;

    volatile long frames, valid, validationFailures, repeats, firstProbeSynAcks;
    final AtomicLongArray classCounts = new AtomicLongArray(ReplyClass.values().length + 1);
    final LiveVerdicts verdicts = new LiveVerdicts();
    volatile Exception failure;

    public ReplyPipeline(
            LinkType link,
            int[] sources,
            ProbeKeys keys,
            ProbeModule[] probes,
            int probesPerVersion,
            BatchingWriter writer,
            LiveOutput live,
            PcapWriter pcap,
            long scanId) {
        this.link = link;
        this.sources = sources.clone();
        this.keys = keys;
        this.probes = probes.clone();
        this.probesPerVersion = probesPerVersion;
        this.writer = writer;
        this.live = live;
        this.pcap = pcap;
        this.scanId = scanId;
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

    /** Set once the last probe is sent: replies after it are zmap's cooldown replies. */
    volatile boolean cooldown;

    @Override
    public void onFrame(byte[] buf, int len, long ts) {
        frames++;
        if (f.read(link, buf, 0, len) == ReplyFields.NONE) return;
        int src = sources[ProbeKeys.sourceIndex(f.target, f.targetPort, sources.length)];
        if (f.kind == ReplyFields.TCP && f.dst != src) return;
        int seqSent = f.kind == ReplyFields.TCP ? f.ackOrQuotedSeq - 1 : f.ackOrQuotedSeq;
        int slot = keys.matchSlot(src, f.target, f.targetPort, f.ourPort, seqSent);
        if (slot < 0) {
            // A RST carries no acknowledgement to validate: stage 2 checks its sequence number.
            if (stage2 != null
                    && f.kind == ReplyFields.TCP
                    && (f.tcpFlags & 0x16) == 0x04
                    && stage2.isOpen(f.target, f.targetPort, f.ourPort)) {
                toStage2(buf, len);
                return;
            }
            validationFailures++;
            return;
        }
        if (stage2 != null
                && (f.tcpFlags & 0x02) == 0
                && f.kind == ReplyFields.TCP
                && stage2.isOpen(f.target, f.targetPort, f.ourPort)) {
            // A later segment of a handshake stage 2 completed: announcements, not a reply to
            // classify.
            toStage2(buf, len);
            return;
        }
        // (Not open: a segment without SYN of an open handshake went to stage 2 just above.)
        if (stage2 != null
                && f.kind == ReplyFields.TCP
                && (f.tcpFlags & 0x17) == 0x10
                && !dedup.seen(f.target, f.targetPort, slot)
                && staleConnection(src, slot, seqSent)) return;
        boolean duplicate = !dedup.firstTime(f.target, f.targetPort, slot);
        if (duplicate) {
            repeats++;
            if (stage2 != null && (f.tcpFlags & 0x16) == 0x12) {
                if (stage2.isOpen(f.target, f.targetPort, f.ourPort))
                    stage2.synAckAgain(f.target, f.targetPort, f.ourPort);
                // A SYN-ACK sent again: the kernel's RST is silenced during stage 2, so ours goes
                // instead.
                else stage2.refuse(src, f.target, f.targetPort, f.ourPort, seqSent);
            }
            if (live == null || !live.wantsRepeats())
                return; // the usual case: a repeat costs no decoding
        } else {
            valid++;
        }
        try {
            long now = nowMicros();
            if (pcap != null && !duplicate) pcap.write(now, buf, 0, len);
            DecodedPacket p = PacketDecoder.decode(link, buf, 0, len);
            ProbeModule probe = probes[slot / probesPerVersion];
            Classification c =
                    Classifier.classify(probe.sent(keys.v0Key(src, f.target, f.targetPort)), p);
            if (c == null) return;
            ReplyRecord r =
                    new ReplyRecord(
                            f.target,
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
                verdicts.add(f.target, f.targetPort, c.replyClass());
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
                                    src,
                                    f.target,
                                    f.targetPort,
                                    f.ourPort,
                                    seqSent,
                                    p,
                                    keys.v0Key(src, f.target, f.targetPort),
                                    c.key(),
                                    c.mptcpVersion(),
                                    now);
                }
                if (stage2 != null && !handshaken && p.tcp() != null && p.tcp().isSynAck()) {
                    stage2.refuse(src, f.target, f.targetPort, f.ourPort, seqSent);
                }
            }
            if (live != null) live.offer(scanId, r, p, duplicate, cooldown);
        } catch (StoreException | IOException e) {
            failure = e;
        }
    }

    /** The frame just read (f) to stage 2, as a later segment of its handshake. */
    private void toStage2(byte[] buf, int len) {
        stage2.later(
                f.target,
                f.targetPort,
                f.ourPort,
                PacketDecoder.decode(link, buf, 0, len),
                nowMicros());
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
    private boolean staleConnection(int src, int slot, int seqSent) {
        ProbeModule probe = probes[slot / probesPerVersion];
        probe.write(
                probeFrame,
                0,
                src,
                f.target,
                f.targetPort,
                f.ourPort,
                seqSent,
                keys.v0Key(src, f.target, f.targetPort));
        return stage2.stale(
                src, f.target, f.targetPort, f.ourPort, seqSent, probeFrame, probe.frameLength());
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
