package net.mptcpscan.store;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.TargetVerdict;

/**
 * Target verdicts aggregated one at a time from a reply cursor in (address, port) order: what a
 * running scan's readers get, and how an ended scan's target table is made.
 */
public final class TargetIterator implements TargetCursor {
    private final ReplyCursor cursor;
    private ReplyRecord pending;
    private long pendingScan, scanId = -1;

    public TargetIterator(ReplyCursor cursor) {
        this.cursor = cursor;
    }

    @Override
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

    @Override
    public long scanId() {
        return scanId;
    }

    @Override
    public void close() {
        cursor.close();
    }
}
