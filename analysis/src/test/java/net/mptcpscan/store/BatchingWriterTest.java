package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * The writer between the receive thread and the database: what it says is stored is stored, and a
 * failing database is never silent.
 */
class BatchingWriterTest {
    /** A store that keeps appended rows in memory, and fails every append once told to. */
    static final class MemoryStore implements ResultStore {
        final List<ReplyRecord> rows = new ArrayList<>();
        volatile boolean failing;
        int appends;

        @Override
        public synchronized void append(long scanId, List<ReplyRecord> replies)
                throws StoreException {
            if (failing) throw new StoreException("storing replies failed: the disk is full");
            rows.addAll(replies);
            appends++;
        }

        @Override
        public long beginScan(ScanRecord scan) {
            return 1;
        }

        @Override
        public void checkpoint(long scanId, ScanCounts counts, long[] positions) {}

        @Override
        public void finishScan(
                long scanId, ScanStatus status, ScanCounts counts, long endedAtMillis) {}

        @Override
        public void reopenScan(long scanId) {}

        @Override
        public long[] positions(long scanId) {
            return new long[0];
        }

        @Override
        public List<ScanRecord> scans() {
            return List.of();
        }

        @Override
        public ScanRecord scan(String idOrLatest) {
            return null;
        }

        @Override
        public ScanRecord latestInterrupted(String host, String vantage) {
            return null;
        }

        @Override
        public void replies(long scanId, List<ReplyClass> classes, Consumer<StoredReply> each) {}

        @Override
        public ReplyCursor cursor(long scanId, List<ReplyClass> classes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long replyCount(long scanId) {
            return rows.size();
        }

        @Override
        public long[] verdictCounts(long scanId) {
            return new long[7];
        }

        @Override
        public void close() {}
    }

    static ReplyRecord reply(int i) {
        return new ReplyRecord(
                IpAddress.v4(i),
                443,
                40000,
                1,
                Classification.of(ReplyClass.TCP),
                64,
                65535,
                "S.",
                i);
    }

    @Test
    void storedCountsEveryCommittedRow() throws Exception {
        MemoryStore store = new MemoryStore();
        BatchingWriter w = new BatchingWriter(store, 1, 1000);
        for (int i = 0; i < 25_000; i++) w.add(reply(i));
        w.close();
        assertEquals(25_000, store.rows.size(), "every row reached the store");
        assertEquals(25_000, w.queued());
        assertEquals(25_000, w.stored(), "stored() says what is durable");
    }

    @Test
    void aFailingStoreIsReportedNotSwallowed() throws Exception {
        MemoryStore store = new MemoryStore();
        store.failing = true;
        BatchingWriter w = new BatchingWriter(store, 1, 1000);
        w.add(reply(1));
        StoreException e = assertThrows(StoreException.class, w::close);
        assertTrue(e.getMessage().contains("disk is full"), e.getMessage());
        assertEquals(0, w.stored(), "nothing claimed stored");
        assertNotNull(w.failure(), "the scan's loop sees the failure");
    }

    /**
     * A slow scan's replies trickle in: they are gathered into a few transactions, not one each
     * (each commit rewrites pages H2 keeps for 45 s: a commit per reply grew the file by
     * gigabytes).
     */
    @Test
    void aTrickleOfRepliesIsCommittedInFewTransactions() throws Exception {
        MemoryStore store = new MemoryStore();
        BatchingWriter w = new BatchingWriter(store, 1, 1000);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            w.add(reply(i));
            Thread.sleep(2);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        w.close();
        assertEquals(100, store.rows.size());
        // one per GATHER_MS of trickle at most, and one for what close() flushes
        assertTrue(
                store.appends <= ms / BatchingWriter.GATHER_MS + 2,
                store.appends + " transactions for 100 replies over " + ms + " ms");
    }
}
