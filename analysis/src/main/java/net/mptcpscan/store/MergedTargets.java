package net.mptcpscan.store;

import java.util.List;
import java.util.PriorityQueue;
import net.mptcpscan.classify.TargetVerdict;

/**
 * Several scans' targets as one stream in (address, port) order: a campaign's shards read as one
 * scan. A target in two shards (shards of different seeds overlap) is one target, its verdict over
 * both.
 */
public final class MergedTargets implements TargetCursor {
    private record Head(TargetVerdict target, TargetCursor from, long scanId) {}

    private final List<TargetCursor> cursors;
    private final PriorityQueue<Head> heads =
            new PriorityQueue<>((a, b) -> TargetVerdict.ORDER.compare(a.target, b.target));
    private long scanId = -1;

    /** Takes ownership of the cursors: closing this closes them. */
    public MergedTargets(List<TargetCursor> cursors) throws StoreException {
        this.cursors = List.copyOf(cursors);
        try {
            for (TargetCursor c : this.cursors) advance(c);
        } catch (StoreException e) {
            close();
            throw e;
        }
    }

    private void advance(TargetCursor c) throws StoreException {
        TargetVerdict t = c.next();
        if (t != null) heads.add(new Head(t, c, c.scanId()));
    }

    @Override
    public TargetVerdict next() throws StoreException {
        Head h = heads.poll();
        if (h == null) return null;
        scanId = h.scanId;
        advance(h.from);
        TargetVerdict t = h.target;
        while (!heads.isEmpty() && TargetVerdict.ORDER.compare(heads.peek().target, t) == 0) {
            Head same = heads.poll();
            t = TargetVerdict.combine(t, same.target);
            advance(same.from);
        }
        return t;
    }

    @Override
    public long scanId() {
        return scanId;
    }

    @Override
    public void close() {
        for (TargetCursor c : cursors) c.close();
    }
}
