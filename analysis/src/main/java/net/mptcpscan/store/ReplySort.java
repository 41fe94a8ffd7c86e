package net.mptcpscan.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A scan's replies sorted by target in bounded memory, for its target table. An IPv4 reply is one
 * long (address, port, and 16 bits of what its target's verdict needs), sorted in runs of RUN
 * values (64 MB); more than one run is spilled to temporary files and merged. IPv6 replies (from
 * hitlists, far fewer) are three longs each, sorted in memory. Targets come out in the store's
 * order: IPv4 first, then IPv6, each by address and port.
 */
final class ReplySort implements AutoCloseable {
    static final int NO_VERSION = 15;
    static final int RUN = 1 << 23;

    /** A reply's class rank, MP_CAPABLE version, C and A bits and echo evidence in 15 bits. */
    static int payload(int rank, int version, boolean c, boolean a, int evidence) {
        return rank | version << 3 | (c ? 1 : 0) << 7 | (a ? 1 : 0) << 8 | evidence << 9;
    }

    /** Receives each target: {v6, hi, lo, port, rank, versions, c, a, replies, evidence}. */
    interface TargetSink {
        void accept(long[] target) throws SQLException;
    }

    private final int runSize;
    private long[] run;
    private int n;

    ReplySort() {
        this(RUN);
    }

    /** runSize: values sorted in memory at a time (small in tests, to exercise the merge). */
    ReplySort(int runSize) {
        this.runSize = runSize;
        this.run = new long[Math.min(runSize, 1 << 16)];
    }

    private final List<Path> runs = new ArrayList<>();
    private final List<long[]> v6 = new ArrayList<>();

    void add4(int address, int port, int payload) throws IOException {
        if (n == run.length) {
            if (n == runSize) spill();
            else run = Arrays.copyOf(run, Math.min(runSize, n * 2));
        }
        // the sign bit flipped: a signed sort orders the unsigned address
        run[n++] = ((address & 0xFFFFFFFFL) << 32 | (long) port << 16 | payload) ^ Long.MIN_VALUE;
    }

    void add6(long hi, long lo, int port, int payload) {
        v6.add(new long[] {hi, lo, (long) port << 16 | payload});
    }

    private void spill() throws IOException {
        Arrays.sort(run, 0, n);
        Path f = Files.createTempFile("mptcpscan-sort", ".run");
        runs.add(f);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f), 1 << 16))) {
            for (int i = 0; i < n; i++) out.writeLong(run[i]);
        }
        n = 0;
    }

    /** Every target, aggregated, in order. */
    void targets(TargetSink sink) throws IOException, SQLException {
        Aggregate agg = new Aggregate(sink);
        if (runs.isEmpty()) {
            Arrays.sort(run, 0, n);
            for (int i = 0; i < n; i++) agg.add4(run[i] ^ Long.MIN_VALUE);
        } else {
            if (n > 0) spill();
            run = null; // the merge needs only a buffer per run
            merge(agg);
        }
        agg.flush();
        v6.sort(
                Comparator.<long[]>comparingLong(x -> x[0])
                        .thenComparingLong(x -> x[1])
                        .thenComparingLong(x -> x[2] >>> 16));
        for (long[] x : v6) agg.add(true, x[0], x[1], (int) (x[2] >>> 16), (int) (x[2] & 0xFFFF));
        agg.flush();
    }

    private void merge(Aggregate agg) throws IOException, SQLException {
        List<DataInputStream> in = new ArrayList<>();
        try {
            PriorityQueue<long[]> heads = new PriorityQueue<>(Comparator.comparingLong(h -> h[0]));
            for (Path f : runs) {
                DataInputStream d =
                        new DataInputStream(
                                new BufferedInputStream(Files.newInputStream(f), 1 << 16));
                in.add(d);
                heads.add(new long[] {d.readLong(), in.size() - 1});
            }
            while (!heads.isEmpty()) {
                long[] h = heads.poll();
                agg.add4(h[0] ^ Long.MIN_VALUE);
                try {
                    h[0] = in.get((int) h[1]).readLong();
                    heads.add(h);
                } catch (EOFException end) {
                    // this run is done
                }
            }
        } finally {
            for (DataInputStream d : in) d.close();
        }
    }

    /** Consecutive replies of one target into its verdict, as TargetVerdict.aggregate makes it. */
    private static final class Aggregate {
        private final TargetSink sink;
        private long[] t;

        Aggregate(TargetSink sink) {
            this.sink = sink;
        }

        void add4(long packed) throws SQLException {
            add(false, 0, packed >>> 32, (int) (packed >>> 16) & 0xFFFF, (int) (packed & 0xFFFF));
        }

        void add(boolean v6, long hi, long lo, int port, int p) throws SQLException {
            if (t == null || t[0] != (v6 ? 1 : 0) || t[1] != hi || t[2] != lo || t[3] != port) {
                flush();
                t = new long[] {v6 ? 1 : 0, hi, lo, port, 7, 0, 0, 0, 0, 0};
            }
            int rank = p & 7, version = (p >>> 3) & 15;
            t[4] = Math.min(t[4], rank);
            if (rank == 1) { // genuine MPTCP: its version and flags count
                if (version != NO_VERSION) t[5] |= 1L << version;
                t[6] |= (p >>> 7) & 1;
                t[7] |= (p >>> 8) & 1;
            }
            t[8]++;
            t[9] |= p >>> 9;
        }

        void flush() throws SQLException {
            if (t != null) sink.accept(t);
            t = null;
        }
    }

    @Override
    public void close() {
        for (Path f : runs)
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
            }
    }
}
