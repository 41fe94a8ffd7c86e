package net.mptcpscan.scan;

import java.util.concurrent.atomic.AtomicLongArray;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.receive.PacketSource;
import net.mptcpscan.send.Sender;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.ScanCounts;

/**
 * One reading of a running scan's counters (like zmap's state.h), taken in one place and read alike
 * by the checkpoint, the status line, -u and -m. Threads: the senders, the receive pipeline, the
 * capture and the writer each own their counters; this copies them.
 */
record Counters(
        long sent,
        long sendFailures,
        long[] positions,
        int activeSenders,
        long received,
        long validationFailures,
        long repeats,
        long firstProbeSynAcks,
        long drops,
        long interfaceDrops,
        long queued,
        long stored,
        long stalls,
        long[] replyClasses,
        long[] verdicts,
        long sent6,
        long received6,
        long sendStalls,
        long sendStalledNanos) {

    static Counters read(Sender[] senders, ReplyPipeline p, PacketSource src, BatchingWriter w) {
        long sent = 0, failures = 0, sent6 = 0, sendStalls = 0, sendStalledNanos = 0;
        int active = 0;
        long[] positions = new long[senders.length];
        for (int i = 0; i < senders.length; i++) {
            if (senders[i] == null) continue;
            sent += senders[i].sent();
            sent6 += senders[i].sent6();
            failures += senders[i].sendFailures();
            positions[i] = senders[i].position();
            sendStalls += senders[i].stalls();
            sendStalledNanos += senders[i].stalledNanos();
            if (!senders[i].finished()) active++;
        }
        return new Counters(
                sent,
                failures,
                positions,
                active,
                p == null ? 0 : p.valid,
                p == null ? 0 : p.validationFailures,
                p == null ? 0 : p.repeats,
                p == null ? 0 : p.firstProbeSynAcks,
                src == null ? 0 : src.drops(),
                src == null ? 0 : src.interfaceDrops(),
                w == null ? 0 : w.queued(),
                w == null ? 0 : w.stored(),
                w == null ? 0 : w.stalls(),
                p == null ? new long[ReplyClass.values().length + 1] : copy(p.classCounts),
                p == null ? new long[ReplyClass.values().length + 1] : copy(p.verdicts.counts),
                sent6,
                p == null ? 0 : p.valid6,
                sendStalls,
                sendStalledNanos);
    }

    private static long[] copy(AtomicLongArray a) {
        long[] c = new long[a.length()];
        for (int i = 0; i < c.length; i++) c[i] = a.get(i);
        return c;
    }

    /** Targets handed out by all sender threads. */
    long done() {
        long n = 0;
        for (long p : positions) n += p;
        return n;
    }

    /**
     * Targets that answered with a SYN-ACK (zmap's successes): every verdict but closed and
     * unreachable (as LiveVerdicts.successes).
     */
    long successes() {
        return verdicts[ReplyClass.MPTCP.rank()]
                + verdicts[ReplyClass.ECHO.rank()]
                + verdicts[ReplyClass.ANOMALOUS.rank()]
                + verdicts[ReplyClass.TCP.rank()];
    }

    long pcapDrops() {
        return drops - interfaceDrops;
    }

    /** The totals stored with the scan: this run's plus, for a resumed scan, its earlier runs'. */
    ScanCounts stored(long targets, ScanCounts earlier) {
        return new ScanCounts(
                targets,
                earlier.sent() + sent,
                earlier.received() + received,
                earlier.dropped() + drops,
                earlier.validationFailures() + validationFailures,
                earlier.repeats() + repeats);
    }
}
