package net.mptcpscan.store;

/** Replies read one at a time, in (address, port) order. */
public interface ReplyCursor extends AutoCloseable {
    boolean hasNext() throws StoreException;

    ReplyRecord next() throws StoreException;

    /** The scan the reply last returned by next() belongs to. */
    long scanId();

    @Override
    void close();
}
