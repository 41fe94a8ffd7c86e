package net.mptcpscan.store;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several scans' replies as one stream in the order every cursor keeps (address, port, probe
 * version descending, arrival): how a campaign's shards are read as one scan. Each row keeps the
 * scan it came from.
 */
public final class MergedCursor implements ReplyCursor {
    /** The order of ReplyRows.cursor, in Java. */
    static final Comparator<ReplyRecord> ORDER =
            Comparator.comparing(ReplyRecord::target)
                    .thenComparingInt(ReplyRecord::targetPort)
                    .thenComparing(Comparator.comparingInt(ReplyRecord::probeVersion).reversed())
                    .thenComparingLong(ReplyRecord::receivedMicros);

    private record Head(ReplyRecord reply, ReplyCursor from) {}

    private final List<ReplyCursor> cursors;
    private final PriorityQueue<Head> heads =
            new PriorityQueue<>((a, b) -> ORDER.compare(a.reply, b.reply));
    private long scanId = -1;

    /** Takes ownership of the cursors: closing this closes them. */
    public MergedCursor(List<ReplyCursor> cursors) throws StoreException {
        this.cursors = List.copyOf(cursors);
        try {
            for (ReplyCursor c : this.cursors) advance(c);
        } catch (StoreException e) {
            close();
            throw e;
        }
    }

    private void advance(ReplyCursor c) throws StoreException {
        if (c.hasNext()) heads.add(new Head(c.next(), c));
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public ReplyRecord next() throws StoreException {
        Head h = heads.poll();
        if (h == null) throw new java.util.NoSuchElementException();
        scanId = h.from.scanId();
        advance(h.from);
        return h.reply;
    }

    @Override
    public long scanId() {
        return scanId;
    }

    @Override
    public void close() {
        for (ReplyCursor c : cursors) c.close();
    }
}
