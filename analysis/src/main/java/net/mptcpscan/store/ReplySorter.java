package net.mptcpscan.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
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
                try (DataOutputStream out = writer(merged)) {
                    while (!q.isEmpty()) write(out, take(q));
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

    private static DataOutputStream writer(Path run) throws IOException {
        return new DataOutputStream(new Unsynchronized(Files.newOutputStream(run), 1 << 16));
    }

    private void spill(List<ReplyRecord> buf) throws IOException {
        buf.sort(ORDER);
        try (DataOutputStream out = writer(newRun(files.size()))) {
            for (ReplyRecord r : buf) write(out, r);
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
     * BufferedOutputStream without its lock: DataOutputStream writes a number a byte at a time, and
     * the lock per byte was a tenth of a sort.
     */
    private static final class Unsynchronized extends java.io.FilterOutputStream {
        private final byte[] buf;
        private int n;

        Unsynchronized(java.io.OutputStream out, int size) {
            super(out);
            buf = new byte[size];
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) drain();
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - n) drain();
            if (len >= buf.length) out.write(b, off, len);
            else {
                System.arraycopy(b, off, buf, n, len);
                n += len;
            }
        }

        private void drain() throws IOException {
            out.write(buf, 0, n);
            n = 0;
        }

        @Override
        public void flush() throws IOException {
            drain();
            out.flush();
        }
    }

    /** A spilled run being merged: its next reply, ordered by it, then by run (arrival). */
    private static final class Run implements Comparable<Run> {
        private final DataInputStream in;
        private final int index;
        ReplyRecord head;

        Run(Path file, int index) throws IOException {
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(Files.newInputStream(file), 1 << 16));
            this.index = index;
            advance();
        }

        void advance() throws IOException {
            head = read(in);
            if (head == null) close();
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

    private static final int HAS_REASON = 1,
            HAS_VERSION = 2,
            HAS_FLAGS = 4,
            HAS_KEY = 8,
            HAS_TCP_FLAGS = 16,
            V6 = 32;

    static void write(DataOutputStream out, ReplyRecord r) throws IOException {
        Classification c = r.classification();
        int bits =
                (c.reason() != null ? HAS_REASON : 0)
                        | (c.mptcpVersion() != null ? HAS_VERSION : 0)
                        | (c.mpcFlags() != null ? HAS_FLAGS : 0)
                        | (c.key() != null ? HAS_KEY : 0)
                        | (r.tcpFlags() != null ? HAS_TCP_FLAGS : 0)
                        | (r.target().v6() ? V6 : 0);
        out.writeByte(bits);
        out.writeLong(r.target().hi());
        out.writeLong(r.target().lo());
        out.writeInt(r.targetPort());
        out.writeInt(r.ourPort());
        out.writeInt(r.probeVersion());
        out.writeByte(c.replyClass().ordinal());
        if (c.reason() != null) out.writeUTF(c.reason());
        if (c.mptcpVersion() != null) out.writeInt(c.mptcpVersion());
        if (c.mpcFlags() != null) out.writeInt(c.mpcFlags());
        if (c.key() != null) out.writeLong(c.key());
        int ev = 0;
        for (Evidence e : c.evidence()) ev |= 1 << e.ordinal();
        out.writeInt(ev);
        out.writeInt(r.ttl());
        out.writeInt(r.window());
        if (r.tcpFlags() != null) out.writeUTF(r.tcpFlags());
        out.writeLong(r.receivedMicros());
    }

    private static final Evidence[] EVIDENCE = Evidence.values();
    private static final ReplyClass[] CLASSES = ReplyClass.values();

    /** The next reply written by write(), or null at the end of the stream. */
    static ReplyRecord read(DataInputStream in) throws IOException {
        int bits;
        try {
            bits = in.readUnsignedByte();
        } catch (EOFException end) {
            return null;
        }
        long hi = in.readLong(), lo = in.readLong();
        IpAddress a = (bits & V6) != 0 ? IpAddress.v6(hi, lo) : IpAddress.v4((int) lo);
        int port = in.readInt(), ours = in.readInt(), pv = in.readInt();
        ReplyClass cls = CLASSES[in.readUnsignedByte()];
        String reason = (bits & HAS_REASON) != 0 ? in.readUTF() : null;
        Integer version = (bits & HAS_VERSION) != 0 ? in.readInt() : null;
        Integer flags = (bits & HAS_FLAGS) != 0 ? in.readInt() : null;
        Long key = (bits & HAS_KEY) != 0 ? in.readLong() : null;
        int evBits = in.readInt();
        EnumSet<Evidence> ev = EnumSet.noneOf(Evidence.class);
        for (Evidence e : EVIDENCE) if ((evBits & (1 << e.ordinal())) != 0) ev.add(e);
        int ttl = in.readInt(), window = in.readInt();
        String tcpFlags = (bits & HAS_TCP_FLAGS) != 0 ? in.readUTF() : null;
        long received = in.readLong();
        return new ReplyRecord(
                a,
                port,
                ours,
                pv,
                new Classification(cls, reason, version, flags, key, ev),
                ttl,
                window,
                tcpFlags,
                received);
    }
}
