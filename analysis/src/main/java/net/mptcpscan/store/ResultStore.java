package net.mptcpscan.store;

import java.util.List;
import java.util.function.Consumer;
import net.mptcpscan.classify.ReplyClass;

/**
 * Where scans and their replies are kept. One implementation over JDBC serves H2 (the embedded
 * default) and server databases alike; the interface is what a different store (files, a column
 * store) would implement.
 */
public interface ResultStore extends AutoCloseable {
    /** Stores a new scan (status running) and returns its id. */
    long beginScan(ScanRecord scan) throws StoreException;

    /** Appends replies of a scan in one transaction; when this returns they are durable. */
    void append(long scanId, List<ReplyRecord> replies) throws StoreException;

    /** Records a checkpoint: the counts so far and each sender thread's position. */
    void checkpoint(long scanId, ScanCounts counts, long[] positions) throws StoreException;

    /** Ends a scan now. */
    default void finishScan(long scanId, ScanStatus status, ScanCounts counts)
            throws StoreException {
        finishScan(scanId, status, counts, System.currentTimeMillis());
    }

    /** Ends a scan at a given time (an imported capture ends with its last packet). */
    void finishScan(long scanId, ScanStatus status, ScanCounts counts, long endedAtMillis)
            throws StoreException;

    /** Makes a stored interrupted scan running again (for --resume). */
    void reopenScan(long scanId) throws StoreException;

    long[] positions(long scanId) throws StoreException;

    List<ScanRecord> scans() throws StoreException;

    /** A scan by id, or "latest"; null when there is none. */
    ScanRecord scan(String idOrLatest) throws StoreException;

    /**
     * The newest interrupted live scan run on host (of vantage, when not null), or null: what
     * --resume without a number continues.
     */
    ScanRecord latestInterrupted(String host, String vantage) throws StoreException;

    /** Replies of a scan in (address, port) order, filtered by class when classes is non-empty. */
    void replies(long scanId, List<ReplyClass> classes, Consumer<StoredReply> each)
            throws StoreException;

    /** The same rows as replies(), as a cursor; close it when done. */
    ReplyCursor cursor(long scanId, List<ReplyClass> classes) throws StoreException;

    /**
     * Several scans' replies as one stream in the same order (a campaign's shards); each row's scan
     * is the cursor's scanId().
     */
    default ReplyCursor cursor(List<Long> scanIds, List<ReplyClass> classes) throws StoreException {
        if (scanIds.size() == 1) return cursor(scanIds.get(0), classes);
        List<ReplyCursor> open = new java.util.ArrayList<>();
        try {
            for (long id : scanIds) open.add(cursor(id, classes));
            return new MergedCursor(open);
        } catch (StoreException | RuntimeException e) {
            for (ReplyCursor c : open) c.close();
            throw e;
        }
    }

    /**
     * A scan's target verdicts in (address, port) order. This default aggregates the replies; a
     * store may keep an ended scan's targets instead.
     */
    default TargetCursor targets(long scanId) throws StoreException {
        return new TargetIterator(cursor(scanId, List.of()));
    }

    /**
     * Several scans' targets as one stream (a campaign's shards): each target's verdict over all.
     */
    default TargetCursor targets(List<Long> scanIds) throws StoreException {
        if (scanIds.size() == 1) return targets(scanIds.get(0));
        List<TargetCursor> open = new java.util.ArrayList<>();
        try {
            for (long id : scanIds) open.add(targets(id));
            return new MergedTargets(open);
        } catch (StoreException | RuntimeException e) {
            for (TargetCursor c : open) c.close();
            throw e;
        }
    }

    /**
     * An ended scan's targets counted per group (what a report counts them by), or null when this
     * store keeps no such counts for it: the caller then reads every target.
     */
    default List<TargetGroup> targetGroups(long scanId) throws StoreException {
        return null;
    }

    /** A scan's genuine MPTCP targets in (address, port) order: targets() with that verdict. */
    default TargetCursor mptcpTargets(long scanId) throws StoreException {
        TargetCursor all = targets(scanId);
        return new TargetCursor() {
            @Override
            public net.mptcpscan.classify.TargetVerdict next() throws StoreException {
                net.mptcpscan.classify.TargetVerdict v;
                while ((v = all.next()) != null && v.verdict() != ReplyClass.MPTCP) {}
                return v;
            }

            @Override
            public long scanId() {
                return all.scanId();
            }

            @Override
            public void close() {
                all.close();
            }
        };
    }

    /** Anomalous replies of a scan per reason ("null" without one); a target can show several. */
    default java.util.Map<String, Long> anomalyReasons(long scanId) throws StoreException {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        try (ReplyCursor c = cursor(scanId, List.of(ReplyClass.ANOMALOUS))) {
            while (c.hasNext())
                m.merge(String.valueOf(c.next().classification().reason()), 1L, Long::sum);
        }
        return m;
    }

    long replyCount(long scanId) throws StoreException;

    /** Stores what targets announced after the handshake (stage 2). */
    default void appendAnnouncements(long scanId, List<AnnouncementRecord> rows)
            throws StoreException {
        throw new StoreException("this store keeps no announcements");
    }

    /** A scan's announcements, in (target, port) order. */
    default List<AnnouncementRecord> announcements(long scanId) throws StoreException {
        return List.of();
    }

    /** Stores how stage 2's handshakes ended (stage 2). */
    default void appendHandshakes(long scanId, List<HandshakeRecord> rows) throws StoreException {
        throw new StoreException("this store keeps no handshakes");
    }

    /** A scan's handshakes in (target, port) order, one per target. */
    default List<HandshakeRecord> handshakes(long scanId) throws StoreException {
        return List.of();
    }

    /** Several scans' handshakes (a campaign's shards). */
    default List<HandshakeRecord> handshakes(List<Long> scanIds) throws StoreException {
        List<HandshakeRecord> all = new java.util.ArrayList<>();
        for (long id : scanIds) all.addAll(handshakes(id));
        return all;
    }

    /** Several scans' announcements (a campaign's shards). */
    default List<AnnouncementRecord> announcements(List<Long> scanIds) throws StoreException {
        List<AnnouncementRecord> all = new java.util.ArrayList<>();
        for (long id : scanIds) all.addAll(announcements(id));
        return all;
    }

    /** Target verdict counts per class rank (index 1..6) computed in the database. */
    long[] verdictCounts(long scanId) throws StoreException;

    @Override
    void close();
}
