package net.mptcpscan.store;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;

/**
 * What a scan's target tables are built from, one reply at a time: each reply's target and the part
 * of its verdict the targets need (ReplySort), and how many anomalous replies gave each reason. A
 * scan begun in this process is fed as its replies are committed, so its end sorts them without
 * reading them back (that read was two thirds of a scan's end); any other scan (resumed, imported
 * by another process, built later) is fed from the table.
 */
final class ReplyFeed implements AutoCloseable {
    final ReplySort sorted = new ReplySort();
    final Map<String, Long> reasons = new TreeMap<>();

    /** One reply, as the table stores it (reason: as stored, for an anomalous one). */
    void add(
            boolean v6,
            long hi,
            long lo,
            int port,
            int rank,
            Integer version,
            boolean c,
            boolean a,
            String evidence,
            String reason)
            throws IOException {
        int v = version == null || version < 0 || version > 14 ? ReplySort.NO_VERSION : version;
        int payload =
                ReplySort.payload(
                        rank, v, c, a, evidence == null ? 0 : TargetRows.evidenceBits(evidence));
        if (v6) sorted.add6(hi, lo, port, payload);
        else sorted.add4((int) lo, port, payload);
        if (rank == ReplyClass.ANOMALOUS.rank())
            reasons.merge(String.valueOf(reason), 1L, Long::sum);
    }

    /** A reply just committed, with the values ReplyRows.append stored for it. */
    void add(ReplyRecord r) throws IOException {
        Classification cl = r.classification();
        add(
                r.target().v6(),
                r.target().hi(),
                r.target().lo(),
                r.targetPort(),
                cl.replyClass().rank(),
                cl.mptcpVersion(),
                cl.cBit(),
                cl.aBit(),
                cl.evidence().isEmpty() ? null : cl.evidenceText(),
                ReplyRows.truncate(cl.reason(), 200));
    }

    @Override
    public void close() {
        sorted.close();
    }
}
