package net.mptcpscan.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.mptcpscan.wire.IpAddress;

/**
 * Writes replies to the store off the receive thread: the receiver offers into a bounded queue and
 * goes on; one writer thread drains it in batches of up to 10,000 rows, one transaction each,
 * gathering for at most GATHER_MS after a batch's first row: a commit per handful of replies (a
 * slow scan) rewrote the table's last pages hundreds of times a second, and H2 keeps each version's
 * pages for 45 s, so the file grew by gigabytes for a /16. stored() counts only committed rows:
 * what it says is durable. When the queue is full (the database far slower than the replies) the
 * receiver waits, and stalls() says how often: replies are never dropped silently.
 */
public final class BatchingWriter implements AutoCloseable {
    private static final ReplyRecord END =
            new ReplyRecord(IpAddress.v4(0), 0, 0, 0, null, 0, 0, null, 0);
    private final BlockingQueue<ReplyRecord> queue;
    private final ResultStore store;
    private final long scanId;
    private final Thread thread;
    private final AtomicLong queued = new AtomicLong(),
            stored = new AtomicLong(),
            stalls = new AtomicLong();
    private volatile StoreException failure;

    /** How long a batch waits for more rows after its first: at most this late on disk. */
    static final long GATHER_MS = 100;

    public BatchingWriter(ResultStore store, long scanId, int capacity) {
        this.store = store;
        this.scanId = scanId;
        queue = new ArrayBlockingQueue<>(capacity);
        thread = new Thread(this::drain, "mptcpscan-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one reply; waits only when the queue is full. */
    public void add(ReplyRecord r) throws StoreException {
        if (failure != null) throw failure;
        if (!queue.offer(r)) {
            stalls.incrementAndGet();
            try {
                queue.put(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        queued.incrementAndGet();
    }

    /**
     * Replies handed to the writer so far; when stored() reaches a value read here, all of those
     * are durable.
     */
    public long queued() {
        return queued.get();
    }

    public long stored() {
        return stored.get();
    }

    public long stalls() {
        return stalls.get();
    }

    public StoreException failure() {
        return failure;
    }

    private void drain() {
        List<ReplyRecord> batch = new ArrayList<>(10_000);
        boolean end = false;
        while (!end) {
            try {
                ReplyRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                if (first == END) break;
                batch.add(first);
                long deadline = System.nanoTime() + GATHER_MS * 1_000_000;
                while (batch.size() < 10_000) {
                    ReplyRecord r = queue.poll();
                    if (r == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) break;
                        r = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (r == null) break;
                    }
                    if (r == END) {
                        end = true;
                        break;
                    }
                    batch.add(r);
                }
                if (failure == null) {
                    store.append(scanId, batch);
                    stored.addAndGet(batch.size());
                }
                batch.clear();
            } catch (InterruptedException e) {
                break;
            } catch (StoreException e) {
                failure = e;
                batch.clear();
            }
        }
    }

    /** Writes everything queued, then stops the writer thread. */
    @Override
    public void close() throws StoreException {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) throw failure;
    }
}
