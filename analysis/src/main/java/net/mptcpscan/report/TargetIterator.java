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

    public TargetIterator(ReplyCursor cursor) {
        this.cursor = cursor;
    }

    /** The next target's verdict, or null at the end. */
    public TargetVerdict next() throws StoreException {
        ReplyRecord first = pending != null ? pending : (cursor.hasNext() ? cursor.next() : null);
        pending = null;
        if (first == null) return null;
        List<Classification> cs = new ArrayList<>(2);
        cs.add(first.classification());
        while (cursor.hasNext()) {
            ReplyRecord r = cursor.next();
            if (!r.target().equals(first.target()) || r.targetPort() != first.targetPort()) {
                pending = r;
                break;
            }
            cs.add(r.classification());
        }
        return TargetVerdict.aggregate(first.target(), first.targetPort(), cs);
    }

    @Override
    public void close() {
        cursor.close();
    }
}
