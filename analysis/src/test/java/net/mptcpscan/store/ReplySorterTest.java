package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies sorted in Java come out in the order the database's ORDER BY gives (address with IPv4
 * first and IPv6 by its stored halves, port, probe version descending, arrival), whole: every
 * field, in memory and spilled to runs on disk, with a class filter; the runs are gone after.
 */
class ReplySorterTest {
    @TempDir Path dir;
    String db;
    long id;
    List<ReplyRecord> stored = new ArrayList<>();

    @BeforeEach
    void scan() throws Exception {
        db = dir.resolve("db").toString();
        stored.addAll(replies(3000, 4, new Random(5)));
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("sort"));
            s.append(id, stored);
        }
        // the same replies as rows of a database of their own, for its ORDER BY (the reference)
        oracle = dir.resolve("oracle").toString();
        JdbcResultStore.open(oracle).close();
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(oracle))) {
            OldReplyRows.insert(c, id, 0, stored);
        }
    }

    /**
     * n replies to few targets and ports (so one target has several replies to order), one in
     * v6Share of them IPv6 (0: none), IPv4 addresses on both sides of 128.0.0.0.
     */
    static List<ReplyRecord> replies(int n, int v6Share, Random r) {
        List<ReplyRecord> stored = new ArrayList<>();
        ReplyClass[] classes = ReplyClass.values();
        for (int i = 0; i < n; i++) {
            IpAddress a =
                    v6Share > 0 && r.nextInt(v6Share) == 0
                            ? IpAddress.v6(
                                    r.nextBoolean() ? -5L : 0x2001000200000000L, r.nextInt(20) - 10)
                            : IpAddress.v4(r.nextInt(30) - 15);
            ReplyClass c = classes[r.nextInt(classes.length)];
            Classification cl =
                    new Classification(
                            c,
                            r.nextBoolean() ? null : "reason " + r.nextInt(3),
                            r.nextBoolean() ? null : r.nextInt(2),
                            r.nextBoolean() ? null : 0x81,
                            r.nextBoolean() ? null : r.nextLong(),
                            r.nextBoolean() ? Set.of() : EnumSet.of(Evidence.MPC_ECHO));
            stored.add(
                    new ReplyRecord(
                            a,
                            80 + r.nextInt(3),
                            40000 + r.nextInt(100),
                            r.nextInt(2),
                            cl,
                            r.nextInt(256),
                            r.nextInt(65536),
                            r.nextBoolean() ? null : "S.",
                            1_700_000_000_000_000L + r.nextInt(1_000_000_000)));
        }
        return stored;
    }

    String oracle;

    /**
     * The replies' arrival times in the order H2's ORDER BY gives them as rows (times are unique).
     */
    List<Long> databaseOrder(String where) throws Exception {
        List<Long> out = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(oracle));
                var st = c.createStatement();
                var rs =
                        st.executeQuery(
                                "SELECT received_at FROM replies WHERE "
                                        + where
                                        + " ORDER BY "
                                        + ReplyRows.ADDRESS_ORDER
                                        + ", sport, probe_version DESC, received_at")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    static List<ReplyRecord> all(ReplyCursor c) throws Exception {
        List<ReplyRecord> out = new ArrayList<>();
        try (c) {
            while (c.hasNext()) out.add(c.next());
        }
        return out;
    }

    static List<Long> times(List<ReplyRecord> rs) {
        return rs.stream().map(ReplyRecord::receivedMicros).toList();
    }

    @Test
    void aScansRepliesComeInTheDatabasesOrder() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(databaseOrder("TRUE"), times(all(s.cursor(id, List.of()))));
        }
    }

    @Test
    void filteredRepliesComeInTheDatabasesOrder() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(
                    databaseOrder("class_rank IN (1, 4)"),
                    times(all(s.cursor(id, List.of(ReplyClass.MPTCP, ReplyClass.TCP)))));
        }
    }

    /**
     * Runs of 100 replies (30 spilled and merged) and of 10 (300: more than are merged at once, so
     * merged in passes): every field back as it was stored, in the same order.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {100, 10})
    void spilledRunsMergeIntoTheSameOrderWithEveryField(int run) throws Exception {
        List<ReplyRecord> sorted = sortedWithRunsRemoved(arrival(stored), run);
        assertEquals(databaseOrder("TRUE"), times(sorted));
        List<ReplyRecord> expected = new ArrayList<>(stored);
        expected.sort(ReplySorter.ORDER);
        assertEquals(expected, sorted);
    }

    /**
     * Runs of IPv4 replies only, sorted by their numeric key rather than the comparator (in memory,
     * spilled, merged in passes): the comparator's order, ties in arrival order, every field.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {5000, 100, 10})
    void ipv4RunsSortIntoTheComparatorsOrder(int run) throws Exception {
        List<ReplyRecord> v4 = replies(3000, 0, new Random(run));
        List<ReplyRecord> expected = new ArrayList<>(v4);
        expected.sort(ReplySorter.ORDER);
        assertEquals(expected, sortedWithRunsRemoved(arrival(v4), run));
    }

    /**
     * A reader that stops early (head, a failed write) leaves no run file and no merging thread.
     */
    @Test
    void closingBeforeTheEndRemovesTheRunsAndStopsTheMerge() throws Exception {
        long before = runFiles();
        ReplySorter s = new ReplySorter(arrival(stored), 10);
        for (int i = 0; i < 5; i++) s.next();
        assertTrue(runFiles() > before, "runs on disk while merging");
        s.close();
        assertEquals(before, runFiles(), "runs removed");
        for (int i = 0; i < 100 && sortThreads() > 0; i++) Thread.sleep(10);
        assertEquals(0, sortThreads(), "merging thread ended");
    }

    static long sortThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("mptcpscan-sort") && t.isAlive())
                .count();
    }

    static long runFiles() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files =
                Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("mptcpscan-replies-"))
                    .count();
        }
    }

    List<ReplyRecord> sortedWithRunsRemoved(ReplyCursor arrival, int run) throws Exception {
        long before = runFiles();
        List<ReplyRecord> sorted = all(new ReplySorter(arrival, run));
        assertEquals(before, runFiles(), "runs removed");
        return sorted;
    }

    /** replies as a cursor in the order given (their arrival). */
    ReplyCursor arrival(List<ReplyRecord> replies) {
        return new ReplyCursor() {
            int i;

            public boolean hasNext() {
                return i < replies.size();
            }

            public ReplyRecord next() {
                return replies.get(i++);
            }

            public long scanId() {
                return id;
            }

            public void close() {}
        };
    }
}
