package net.mptcpscan.store;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
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

    /** A reply, with the values the store keeps of it (its reason truncated as stored). */
    void add(ReplyRecord r) throws IOException {
        Classification cl = r.classification();
        Integer version = cl.mptcpVersion();
        int v = version == null || version < 0 || version > 14 ? ReplySort.NO_VERSION : version;
        int evidence = 0;
        for (Evidence e : cl.evidence()) evidence |= 1 << e.ordinal();
        int rank = cl.replyClass().rank();
        int payload = ReplySort.payload(rank, v, cl.cBit(), cl.aBit(), evidence);
        if (r.target().v6()) sorted.add6(r.target().hi(), r.target().lo(), r.targetPort(), payload);
        else sorted.add4((int) r.target().lo(), r.targetPort(), payload);
        if (rank == ReplyClass.ANOMALOUS.rank())
            reasons.merge(String.valueOf(ReplyRows.truncate(cl.reason(), 200)), 1L, Long::sum);
    }

    @Override
    public void close() {
        sorted.close();
    }
}
