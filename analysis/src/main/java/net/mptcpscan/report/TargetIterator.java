package net.mptcpscan.report;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.ReplyCursor;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.StoreException;

/** Target verdicts pulled one at a time from a reply cursor (for merge joins such as compare). */
public final class TargetIterator implements AutoCloseable {
    private final ReplyCursor cursor;
    private ReplyRecord pending;
    private long pendingScan, scanId = -1;

    public TargetIterator(ReplyCursor cursor) {
        this.cursor = cursor;
    }

    /** The next target's verdict, or null at the end. */
    public TargetVerdict next() throws StoreException {
        ReplyRecord first;
        if (pending != null) {
            first = pending;
            scanId = pendingScan;
        } else {
            first = cursor.hasNext() ? cursor.next() : null;
            scanId = cursor.scanId();
        }
        pending = null;
        if (first == null) return null;
        List<Classification> cs = new ArrayList<>(2);
        cs.add(first.classification());
        while (cursor.hasNext()) {
            ReplyRecord r = cursor.next();
            if (!r.target().equals(first.target()) || r.targetPort() != first.targetPort()) {
                pending = r;
                pendingScan = cursor.scanId();
                break;
            }
            cs.add(r.classification());
        }
        return TargetVerdict.aggregate(first.target(), first.targetPort(), cs);
    }

    /** The scan the target last returned by next() was read from (a campaign's shard). */
    public long scanId() {
        return scanId;
    }

    @Override
    public void close() {
        cursor.close();
    }
}
