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
import java.util.PriorityQueue;
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
    private PriorityQueue<Run> merge;
    private boolean closed;

    /** Reads source (closed with this) to its end, sorting as it goes. */
    ReplySorter(ReplyCursor source, int run) throws StoreException {
        this.source = source;
        try {
            List<ReplyRecord> buf = new ArrayList<>();
            while (source.hasNext()) {
                buf.add(source.next());
                if (buf.size() == run) {
                    spill(buf);
                    buf.clear();
                }
            }
            buf.sort(ORDER);
            if (files.isEmpty()) {
                memory = buf;
                return;
            }
            if (!buf.isEmpty()) spill(buf);
            // Past MAX_OPEN runs (50M replies in a small heap: thousands), the earliest are
            // merged into one first, so the files open at once stay few.
            while (files.size() > MAX_OPEN) {
                List<Path> first = new ArrayList<>(files.subList(0, MAX_OPEN));
                Path merged = newRun(0);
                PriorityQueue<Run> q = open(first);
                try (RunOut out = new RunOut(merged)) {
                    while (!q.isEmpty()) out.add(take(q));
                } finally {
                    for (Run r : q) r.close();
                }
                for (Path f : first) Files.deleteIfExists(f);
                files.removeAll(first);
            }
            merge = open(files);
        } catch (IOException e) {
            close();
            throw new StoreException("sorting the replies failed: " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs merged at once at most. */
    static final int MAX_OPEN = 128;

    /** The runs of files, each at its first reply, ties in the files' order. */
    private static PriorityQueue<Run> open(List<Path> runs) throws IOException {
        PriorityQueue<Run> q = new PriorityQueue<>();
        for (int i = 0; i < runs.size(); i++) {
            Run r = new Run(runs.get(i), i);
            if (r.head != null) q.add(r);
        }
        return q;
    }

    /** The smallest head among the runs; its run moves on (and stays in q unless it ended). */
    private static ReplyRecord take(PriorityQueue<Run> q) throws IOException {
        Run r = q.poll();
        ReplyRecord out = r.head;
        r.advance();
        if (r.head != null) q.add(r);
        return out;
    }

    /** A new temporary run file, at place `at` among the runs (removed with them). */
    private Path newRun(int at) throws IOException {
        Path f = Files.createTempFile("mptcpscan-replies-", ".run");
        files.add(at, f);
        return f;
    }

    private void spill(List<ReplyRecord> buf) throws IOException {
        buf.sort(ORDER);
        try (RunOut out = new RunOut(newRun(files.size()))) {
            for (ReplyRecord r : buf) out.add(r);
        }
    }

    @Override
    public boolean hasNext() {
        if (memory != null) return at < memory.size();
        return merge != null && !merge.isEmpty();
    }

    @Override
    public ReplyRecord next() throws StoreException {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        if (memory != null) return memory.get(at++);
        try {
            return take(merge);
        } catch (IOException e) {
            throw new StoreException("sorting the replies failed: " + e.getMessage(), e);
        }
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
        if (merge != null) for (Run r : merge) r.close();
        for (Path f : files)
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a temporary file; the system's cleaning takes it
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

    /** A spilled run being merged: its next reply, ordered by it, then by run (arrival). */
    private static final class Run implements Comparable<Run> {
        private final DataInputStream in;
        private final int index;
        private final java.util.ArrayDeque<ReplyRecord> block = new java.util.ArrayDeque<>();
        ReplyRecord head;

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
            int c = ORDER.compare(head, o.head);
            return c != 0 ? c : Integer.compare(index, o.index);
        }
    }
}
