package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ended scan's target table (schema V7): the same verdicts as aggregating its replies, read
 * without them; dropped when the scan resumes, made on first read for a scan killed before.
 */
class TargetTableTest {
    @TempDir Path dir;

    static ReplyRecord reply(IpAddress a, int port, int pv, Classification c) {
        return new ReplyRecord(a, port, 40000, pv, c, 60, 0, "SA", 1);
    }

    /** Every kind of target: both families, both versions, flags, echo evidence, classes. */
    static List<ReplyRecord> mixed() {
        List<ReplyRecord> r = new ArrayList<>();
        IpAddress v6 = AddressParser.parse("2001:2::10"), high6 = AddressParser.parse("fe80::1");
        r.add(
                reply(
                        IpAddress.v4(0xC6120101),
                        443,
                        1,
                        new Classification(ReplyClass.MPTCP, null, 1, 0xA1, 5L, Set.of())));
        r.add(
                reply(
                        IpAddress.v4(0xC6120101),
                        443,
                        0,
                        new Classification(ReplyClass.MPTCP, null, 0, 0x81, 6L, Set.of())));
        r.add(
                reply(
                        IpAddress.v4(0xFFFFFF01),
                        80,
                        1,
                        new Classification(
                                ReplyClass.ECHO,
                                null,
                                null,
                                null,
                                null,
                                EnumSet.of(Evidence.MPC_ECHO, Evidence.TSVAL_ECHO))));
        r.add(reply(IpAddress.v4(0x01020304), 8443, 1, Classification.of(ReplyClass.CLOSED)));
        r.add(reply(v6, 443, 1, new Classification(ReplyClass.MPTCP, null, 1, 0x21, 7L, Set.of())));
        r.add(reply(v6, 443, 0, Classification.of(ReplyClass.TCP)));
        r.add(
                reply(
                        high6,
                        443,
                        1,
                        new Classification(
                                ReplyClass.ANOMALOUS, "zero key", 1, 0x21, 0L, Set.of())));
        return r;
    }

    static List<TargetVerdict> all(TargetCursor c) throws Exception {
        List<TargetVerdict> out = new ArrayList<>();
        try (c) {
            TargetVerdict v;
            while ((v = c.next()) != null) out.add(v);
        }
        return out;
    }

    @Test
    void theTableHoldsWhatTheRepliesAggregateTo() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(id, mixed());
            List<TargetVerdict> fromReplies = all(new TargetIterator(s.cursor(id, List.of())));
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(5, 7, 7, 0, 0, 0));
            assertEquals(5, fromReplies.size());
            assertEquals(fromReplies, all(s.targets(id)));
        }
    }

    /**
     * Past one block (1,024 targets) and one write batch (10 blocks): 25,000 targets of both
     * families and every verdict come back from the blocks as the replies aggregate to.
     */
    @Test
    void manyBlocksHoldWhatTheRepliesAggregateTo() throws Exception {
        String db = dir.resolve("db").toString();
        java.util.Random r = new java.util.Random(3);
        List<Classification> kinds = new ArrayList<>();
        for (ReplyRecord m : mixed()) kinds.add(m.classification());
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            List<ReplyRecord> rs = new ArrayList<>();
            for (int i = 0; i < 25_000; i++) {
                IpAddress a =
                        i % 7 == 0
                                ? IpAddress.v6(
                                        0x2001000200000000L | r.nextInt(1 << 20), r.nextLong())
                                : IpAddress.v4(r.nextInt());
                rs.add(reply(a, 1 + r.nextInt(65535), 1, kinds.get(r.nextInt(kinds.size()))));
            }
            s.append(id, rs);
            List<TargetVerdict> fromReplies = all(new TargetIterator(s.cursor(id, List.of())));
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(25_000, 25_000, 25_000, 0, 0, 0));
            List<TargetVerdict> got = all(s.targets(id));
            assertEquals(fromReplies.size(), got.size(), "targets");
            for (int i = 0; i < got.size(); i++)
                assertEquals(fromReplies.get(i), got.get(i), "target " + i);
        }
    }

    /**
     * A scan begun in this process is fed its replies as they are stored and its end does not read
     * them back; the tables are the same as those made from the table (after a resume), targets,
     * counts and anomaly reasons alike.
     */
    @Test
    void aFedScanEndMakesTheTablesReadingTheRepliesMakes() throws Exception {
        String db = dir.resolve("db").toString();
        java.util.Random r = new java.util.Random(5);
        List<Classification> kinds = new ArrayList<>();
        for (ReplyRecord m : mixed()) kinds.add(m.classification());
        for (int i = 0; i < 5; i++)
            kinds.add(
                    new Classification(ReplyClass.ANOMALOUS, "reason " + i, 1, 0x21, 0L, Set.of()));
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            for (int batch = 0; batch < 5; batch++) {
                List<ReplyRecord> rs = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    IpAddress a =
                            i % 7 == 0
                                    ? IpAddress.v6(
                                            0x2001000200000000L | r.nextInt(1 << 10), r.nextInt(50))
                                    : IpAddress.v4(0xC6120000 | r.nextInt(1 << 14));
                    rs.add(reply(a, 443 + r.nextInt(2), 1, kinds.get(r.nextInt(kinds.size()))));
                }
                s.append(id, rs);
            }
            ScanCounts counts = new ScanCounts(25_000, 25_000, 25_000, 0, 0, 0);
            s.finishScan(id, ScanStatus.COMPLETE, counts);
            List<TargetVerdict> fed = all(s.targets(id));
            var fedGroups = s.targetGroups(id);
            var fedReasons = s.anomalyReasons(id);
            s.reopenScan(id);
            s.finishScan(id, ScanStatus.COMPLETE, counts); // no feed now: read from the table
            assertEquals(all(s.targets(id)), fed, "targets");
            assertEquals(s.targetGroups(id), fedGroups, "counts");
            assertEquals(s.anomalyReasons(id), fedReasons, "anomaly reasons");
            assertEquals(5, fedReasons.size() - 1, "every reason counted: " + fedReasons);
        }
    }

    @Test
    void anEndedScansTargetsAreReadFromTheTable() throws Exception {
        String db = dir.resolve("db").toString();
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, mixed());
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(5, 7, 7, 0, 0, 0));
        }
        SummaryTest.dropReplies(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(5, all(s.targets(id)).size(), "read from the table, not the replies");
        }
    }

    @Test
    void aResumedScansTableIsMadeAgainWhenItEnds() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(
                    id, List.of(reply(IpAddress.v4(1), 443, 1, Classification.of(ReplyClass.TCP))));
            s.finishScan(id, ScanStatus.INTERRUPTED, new ScanCounts(2, 1, 1, 0, 0, 0));
            assertEquals(1, all(s.targets(id)).size());
            s.reopenScan(id);
            s.append(
                    id, List.of(reply(IpAddress.v4(2), 443, 1, Classification.of(ReplyClass.TCP))));
            assertEquals(2, all(s.targets(id)).size(), "while it runs: from its replies");
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(2, 2, 2, 0, 0, 0));
            assertEquals(2, all(s.targets(id)).size());
        }
    }

    @Test
    void aScanKilledBeforeItEndedGetsItsTableOnFirstRead() throws Exception {
        String db = dir.resolve("db").toString();
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, mixed());
            // no finishScan: the process died
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(5, all(s.targets(id)).size());
        }
        SummaryTest.dropReplies(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(5, all(s.targets(id)).size(), "kept on first read");
        }
    }

    @Test
    void anomalyReasonsAreCountedWithTheTargets() throws Exception {
        String db = dir.resolve("db").toString();
        long id;
        java.util.Map<String, Long> fromReplies;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, mixed());
            s.append(
                    id,
                    List.of(
                            reply(
                                    IpAddress.v4(9),
                                    443,
                                    1,
                                    new Classification(
                                            ReplyClass.ANOMALOUS,
                                            "zero key",
                                            1,
                                            0x21,
                                            0L,
                                            Set.of())),
                            reply(
                                    IpAddress.v4(9),
                                    443,
                                    0,
                                    new Classification(
                                            ReplyClass.ANOMALOUS, null, 0, 0x21, 0L, Set.of()))));
            fromReplies = s.anomalyReasons(id);
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(6, 9, 9, 0, 0, 0));
        }
        assertEquals(java.util.Map.of("zero key", 2L, "null", 1L), fromReplies);
        SummaryTest.dropReplies(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(fromReplies, s.anomalyReasons(id), "kept with the targets");
        }
    }

    /** An ended scan of mixed() in a new database at db: its id. */
    static long endedScan(String db) throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(id, mixed());
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(5, 7, 7, 0, 0, 0));
            return id;
        }
    }

    static List<TargetVerdict> targetsOf(String db, long id) throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            return all(s.targets(id));
        }
    }

    /**
     * The database at db as an older mptcpscan left it: version 9's tables gone, then sql run (the
     * older target table), and the schema versions after `version` forgotten.
     */
    static void makeOlder(String db, int version, String... sql) throws Exception {
        OldReplyRows.toRows(db); // replies as rows, as then
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(db));
                var st = c.createStatement()) {
            for (String t :
                    new String[] {"scan_target_blocks", "scan_mptcp_targets", "scan_target_groups"})
                st.execute("DROP TABLE " + t);
            for (String q : sql) st.execute(q);
            st.execute("DELETE FROM mps_schema WHERE version > " + version);
        }
    }

    /**
     * Version 8 keys the table by one number: a database from before it (version 7's table, rows
     * and all) is migrated, and each scan's targets are made again from its replies.
     */
    @Test
    void aVersion7DatabaseGetsItsTargetsAgainAfterTheMigration() throws Exception {
        String db = dir.resolve("db").toString();
        long id = endedScan(db);
        List<TargetVerdict> before = targetsOf(db, id);
        makeOlder(
                db,
                7,
                "CREATE TABLE scan_targets (scan_id BIGINT NOT NULL, v6 BOOLEAN NOT NULL,"
                        + " addr_hi BIGINT NOT NULL, addr_lo BIGINT NOT NULL, sport INTEGER NOT"
                        + " NULL, class_rank SMALLINT NOT NULL, versions SMALLINT NOT NULL,"
                        + " c_bit BOOLEAN NOT NULL, a_bit BOOLEAN NOT NULL, replies INTEGER NOT"
                        + " NULL, evidence INTEGER NOT NULL, PRIMARY KEY (scan_id, v6, addr_hi,"
                        + " addr_lo, sport))",
                "INSERT INTO scan_targets VALUES ("
                        + id
                        + ", FALSE, 0, 7, 443, 4, 0, FALSE, FALSE, 1, 0)");
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(before, all(s.targets(id)), "made again from the replies");
        }
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(db));
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT MAX(version) FROM mps_schema")) {
            rs.next();
            assertEquals(Migrations.latest(), rs.getInt(1));
        }
    }

    /**
     * Version 9 packs each ended scan's targets in blocks, counts them per group and keeps its
     * genuine targets apart: a version-8 database (a row per target, no counts) gets all three
     * after the migration, the same targets as before.
     */
    @Test
    void aVersion8DatabaseGetsItsTargetCountsAfterTheMigration() throws Exception {
        String db = dir.resolve("db").toString();
        long id = endedScan(db);
        List<TargetVerdict> before = targetsOf(db, id);
        makeOlder(
                db,
                8,
                "CREATE TABLE scan_targets (id BIGINT PRIMARY KEY, v6 BOOLEAN NOT NULL,"
                        + " addr_hi BIGINT NOT NULL, addr_lo BIGINT NOT NULL, sport INTEGER NOT"
                        + " NULL, class_rank SMALLINT NOT NULL, versions SMALLINT NOT NULL,"
                        + " c_bit BOOLEAN NOT NULL, a_bit BOOLEAN NOT NULL, replies INTEGER NOT"
                        + " NULL, evidence INTEGER NOT NULL)");
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(before, all(s.targets(id)), "made again from the replies");
            List<TargetGroup> groups = s.targetGroups(id);
            assertNotNull(groups);
            assertEquals(before.size(), groups.stream().mapToLong(TargetGroup::targets).sum());
            assertEquals(
                    before.stream().filter(v -> v.verdict() == ReplyClass.MPTCP).toList(),
                    all(s.mptcpTargets(id)));
        }
    }

    /**
     * The genuine targets are written many to a statement, the last statement with what is left:
     * each count around a statement's 64 rows comes back whole from their own table, in order.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 63, 64, 65, 130})
    void theGenuineTargetsComeBackFromTheirOwnTable(int genuine) throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("db").toString())) {
            long id = s.beginScan(StoreTest.scan("a"));
            List<ReplyRecord> rs = new ArrayList<>();
            for (int i = 0; i < genuine; i++) {
                Classification c =
                        new Classification(
                                ReplyClass.MPTCP, null, 1, 0x21 | (i & 0x80), 5L + i, Set.of());
                rs.add(reply(IpAddress.v4(0xC6120000 + 2 * i), 443 + i % 3, 1, c));
                rs.add(
                        reply(
                                IpAddress.v4(0xC6120001 + 2 * i),
                                443,
                                1,
                                Classification.of(ReplyClass.CLOSED)));
            }
            s.append(id, rs);
            List<TargetVerdict> expected =
                    all(new TargetIterator(s.cursor(id, List.of()))).stream()
                            .filter(v -> v.verdict() == ReplyClass.MPTCP)
                            .toList();
            s.finishScan(
                    id,
                    ScanStatus.COMPLETE,
                    new ScanCounts(rs.size(), rs.size(), rs.size(), 0, 0, 0));
            assertEquals(genuine, expected.size());
            assertEquals(expected, all(s.mptcpTargets(id)));
        }
    }
}
