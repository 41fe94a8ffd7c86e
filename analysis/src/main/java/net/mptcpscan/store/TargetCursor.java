package net.mptcpscan.store;

import net.mptcpscan.classify.TargetVerdict;

/** Target verdicts read one at a time in (address, port) order: IPv4 first, as IpAddress orders. */
public interface TargetCursor extends AutoCloseable {
    /** The next target's verdict, or null at the end. */
    TargetVerdict next() throws StoreException;

    /** The scan the target last returned by next() was read from (a campaign's shard). */
    long scanId();

    @Override
    void close();
}
