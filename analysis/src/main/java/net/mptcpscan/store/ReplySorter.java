package net.mptcpscan.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.mptcpscan.wire.IpAddress;

/**
 * A scan's replies, read as stored (arrival order), handed out in the readers' order: address (IPv4
 * first, then each half as the database compares it), port, probe version descending, arrival.
 * Sorted here in runs of runSize() replies, spilled to temporary files past one run and merged
 * (memory stays bounded whatever the scan's size): H2's own ORDER BY of 5 million replies took 230
 * s, copying every row into a temporary table on disk first. Ties keep arrival order.
 */
final class ReplySorter implements ReplyCursor {
    /**
     * Replies per run held in memory: an eighth of the heap at about 200 bytes a reply, between
     * 10,000 and 250,000 (50 MB): a run fits beside H2's cache however small the heap (an export
     * runs in 48 MiB).
     */
    static int runSize() {
        return (int) Math.max(10_000, Math.min(250_000, Runtime.getRuntime().maxMemory() / 1600));
    }

    /**
     * The order of ReplyRows' ORDER BY: saddr_hi NULLS FIRST, saddr, sport, probe_version DESC,
     * received_at. Written out: a chain of key extractors boxed a Boolean per comparison and was a
     * sixth of an export.
     */
    static final Comparator<ReplyRecord> ORDER = ReplySorter::compare;

    static int compare(ReplyRecord a, ReplyRecord b) {
        IpAddress x = a.target(), y = b.target();
        if (x.v6() != y.v6()) return x.v6() ? 1 : -1;
        int c = Long.compare(x.hi(), y.hi());
        if (c == 0) c = Long.compare(x.lo(), y.lo());
        if (c == 0) c = Integer.compare(a.targetPort(), b.targetPort());
        if (c == 0) c = Integer.compare(b.probeVersion(), a.probeVersion());
        if (c == 0) c = Long.compare(a.receivedMicros(), b.receivedMicros());
        return c;
    }

    private final ReplyCursor source;
    private final List<Path> files = new ArrayList<>();
    private List<ReplyRecord> memory;
    private int at;
    private volatile boolean closed;

    /**
     * The second thread: it writes each full run while this thread reads and sorts the next, then
     * merges the runs into chunks this thread hands out. On 2 cores an export of 50M replies went
     * from 63 to 43 s.
     */
    private final net.mptcpscan.io.Behind worker = new net.mptcpscan.io.Behind("mptcpscan-sort");

    /** The runs are being merged by the worker (rather than held in memory). */
    private boolean merging;

    /** Merged replies, a chunk at a time; the merge's end is END, its failure the Throwable. */
    private final java.util.concurrent.ArrayBlockingQueue<Object> chunks =
            new java.util.concurrent.ArrayBlockingQueue<>(4);

    private static final Object END = new Object();
    static final int CHUNK = 4096;
    private ReplyRecord[] chunk;
    private int inChunk;
    private boolean ended;

    /** Reads source (closed with this) to its end, sorting as it goes. */
    ReplySorter(ReplyCursor source, int run) throws StoreException {
        this.source = source;
        try {
            List<ReplyRecord> buf = new ArrayList<>();
            while (source.hasNext()) {
                buf.add(source.next());
                if (buf.size() == run) {
                    spillLater(buf);
                    buf = new ArrayList<>(run);
                }
            }
            worker.await();
            if (files.isEmpty()) {
                sort(buf);
                memory = buf;
                return;
            }
            if (!buf.isEmpty()) spill(buf);
            // Past MAX_OPEN runs (50M replies in a small heap: hundreds), the earliest are
            // merged into one first, so the files open at once stay few.
            while (files.size() > MAX_OPEN) {
                List<Path> first = new ArrayList<>(files.subList(0, MAX_OPEN));
                Path merged = newRun(0);
                Merge q = new Merge(first);
                try (RunOut out = new RunOut(merged)) {
                    while (!q.isEmpty()) out.add(q.take());
                } finally {
                    q.close();
                }
                for (Path f : first) Files.deleteIfExists(f);
                files.removeAll(first);
            }
            Merge all = new Merge(files);
            merging = true;
            worker.submit(() -> produce(all));
        } catch (IOException e) {
            close();
            throw new StoreException("sorting the replies failed: " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * A full run sorted here, then written by the worker once the one before is on disk: two runs
     * in memory at most. Sorting here, not there, evens the two threads' shares.
     */
    private void spillLater(List<ReplyRecord> buf) throws IOException {
        sort(buf);
        worker.submit(() -> write(buf));
    }

    /** The worker's merge: chunks of replies in order into the queue, then END (or the failure). */
    private void produce(Merge q) throws java.io.InterruptedIOException {
        try {
            while (!q.isEmpty() && !closed) {
                ReplyRecord[] c = new ReplyRecord[CHUNK];
                int n = 0;
                while (n < CHUNK && !q.isEmpty()) c[n++] = q.take();
                put(n == CHUNK ? c : java.util.Arrays.copyOf(c, n));
            }
            put(END);
        } catch (IOException | RuntimeException e) {
            put(e);
        } finally {
            q.close();
        }
    }

    /** Into the queue unless the reader closed (it no longer takes). */
    private void put(Object o) throws java.io.InterruptedIOException {
        try {
            while (!closed && !chunks.offer(o, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // the reader is slower: wait for room
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /**
     * Sorts a run in ORDER, stable. A run of IPv4 replies is sorted by a primitive key (address and
     * place in the run: Arrays.sort of longs), then each stretch of one address by ORDER: sorting
     * the records by the comparator was a sixth of an export of 50M replies.
     */
    static void sort(List<ReplyRecord> buf) {
        int n = buf.size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            IpAddress a = buf.get(i).target();
            if (a.v6()) {
                buf.sort(ORDER);
                return;
            }
            // the top bit flipped: unsigned addresses in signed order
            keys[i] = ((a.lo() ^ 0x8000_0000L) << 32) | i;
        }
        java.util.Arrays.sort(keys);
        ReplyRecord[] out = new ReplyRecord[n];
        for (int i = 0; i < n; i++) out[i] = buf.get((int) keys[i]);
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && (keys[to] >>> 32) == (keys[from] >>> 32)) to++;
            if (to - from > 1) java.util.Arrays.sort(out, from, to, ORDER);
            from = to;
        }
        for (int i = 0; i < n; i++) buf.set(i, out[i]);
    }

    /** A new temporary run file, at place `at` among the runs (removed with them). */
    private Path newRun(int at) throws IOException {
        Path f = Files.createTempFile("mptcpscan-replies-", ".run");
        synchronized (files) {
            files.add(at, f);
        }
        return f;
    }

    private void spill(List<ReplyRecord> buf) throws IOException {
        sort(buf);
        write(buf);
    }

    /** A sorted run to a file of its own. */
    private void write(List<ReplyRecord> buf) throws IOException {
        try (RunOut out = new RunOut(newRun(files.size()))) {
            for (ReplyRecord r : buf) out.add(r);
        }
    }

    @Override
    public boolean hasNext() throws StoreException {
        if (memory != null) return at < memory.size();
        if (!merging || ended) return false;
        if (chunk != null && inChunk < chunk.length) return true;
        Object o;
        try {
            o = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("sorting the replies was interrupted", e);
        }
        if (o == END) {
            ended = true;
            return false;
        }
        if (o instanceof Throwable t) {
            ended = true;
            throw new StoreException("sorting the replies failed: " + t.getMessage(), t);
        }
        chunk = (ReplyRecord[]) o;
        inChunk = 0;
        return true;
    }

    @Override
    public ReplyRecord next() throws StoreException {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        if (memory != null) return memory.get(at++);
        return chunk[inChunk++];
    }

    @Override
    public long scanId() {
        return source.scanId();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        source.close();
        worker.close(); // a spill finishes, a merge stops at its next chunk
        chunks.clear();
        synchronized (files) {
            for (Path f : files)
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // a temporary file; the system's cleaning takes it
                }
        }
    }

    /** Runs merged at once at most. */
    static final int MAX_OPEN = 256;

    /**
     * Runs merged: a binary heap of them by their heads, the smallest on top; taking moves the top
     * run on and sifts it down once (a PriorityQueue's poll and add sifted twice).
     */
    private static final class Merge {
        private final Run[] heap;
        private int size;

        Merge(List<Path> runs) throws IOException {
            heap = new Run[runs.size()];
            try {
                for (int i = 0; i < runs.size(); i++) {
                    Run r = new Run(runs.get(i), i);
                    if (r.head != null) heap[size++] = r;
                }
            } catch (IOException e) {
                close();
                throw e;
            }
            for (int i = size / 2 - 1; i >= 0; i--) down(i);
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The smallest head among the runs; its run moves on (and leaves when it ended). */
        ReplyRecord take() throws IOException {
            Run r = heap[0];
            ReplyRecord out = r.head;
            r.advance();
            if (r.head == null) {
                heap[0] = heap[--size];
                heap[size] = null;
            }
            if (size > 0) down(0);
            return out;
        }

        private void down(int i) {
            Run x = heap[i];
            for (; ; ) {
                int c = 2 * i + 1;
                if (c >= size) break;
                if (c + 1 < size && heap[c + 1].compareTo(heap[c]) < 0) c++;
                if (x.compareTo(heap[c]) <= 0) break;
                heap[i] = heap[c];
                i = c;
            }
            heap[i] = x;
        }

        void close() {
            for (int i = 0; i < size; i++) heap[i].close();
            size = 0;
        }
    }

    /**
     * Replies in a run file: blocks of SPILL_BLOCK (ReplyBlock, the store's own encoding), each its
     * count, its length and its bytes. Small blocks: a merge holds one decoded block per run, and
     * merges up to MAX_OPEN runs.
     */
    static final int SPILL_BLOCK = 128;

    /** A run file being written, a block at a time. */
    private static final class RunOut implements AutoCloseable {
        private final DataOutputStream out;
        private final List<ReplyRecord> pending = new ArrayList<>(SPILL_BLOCK);

        RunOut(Path file) throws IOException {
            out =
                    new DataOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        void add(ReplyRecord r) throws IOException {
            pending.add(r);
            if (pending.size() == SPILL_BLOCK) block();
        }

        private void block() throws IOException {
            if (pending.isEmpty()) return;
            byte[] b = ReplyBlock.encode(pending, 0, pending.size());
            out.writeInt(pending.size());
            out.writeInt(b.length);
            out.write(b);
            pending.clear();
        }

        @Override
        public void close() throws IOException {
            try {
                block();
            } finally {
                out.close();
            }
        }
    }

    static final long NO_KEY = -1;

    /**
     * An IPv4 reply's address and port as one number in ORDER's order (the merge's comparisons,
     * most of them decided by it), NO_KEY for any other.
     */
    static long keyOf(ReplyRecord r) {
        IpAddress a = r.target();
        int port = r.targetPort();
        return a.v6() || port < 0 || port > 0xFFFF ? NO_KEY : (a.lo() << 16) | port;
    }

    /** A spilled run being merged: its next reply, ordered by it, then by run (arrival). */
    private static final class Run implements Comparable<Run> {
        private final DataInputStream in;
        private final int index;
        private final java.util.ArrayDeque<ReplyRecord> block = new java.util.ArrayDeque<>();
        ReplyRecord head;

        /** head's address and port as one number (IPv4), or NO_KEY: compared first, cheaply. */
        private long key;

        Run(Path file, int index) throws IOException {
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            this.index = index;
            advance();
        }

        void advance() throws IOException {
            if (block.isEmpty()) readBlock();
            head = block.poll();
            if (head == null) close();
            else key = keyOf(head);
        }

        /** The next block of the file into block; none at its end. */
        private void readBlock() throws IOException {
            int n;
            try {
                n = in.readInt();
            } catch (EOFException end) {
                return;
            }
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            try {
                ReplyBlock.decode(b, n, 0, block::add);
            } catch (java.sql.SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read only
            }
        }

        @Override
        public int compareTo(Run o) {
            int c = 0;
            if (key != NO_KEY && o.key != NO_KEY) c = Long.compare(key, o.key);
            if (c == 0) c = ORDER.compare(head, o.head);
            return c != 0 ? c : Integer.compare(index, o.index);
        }
    }
}
