package net.mptcpscan.store;

/** Replies read one at a time, in (address, port) order. */
public interface ReplyCursor extends AutoCloseable {
    boolean hasNext() throws StoreException;

    ReplyRecord next() throws StoreException;

    @Override
    void close();
}
