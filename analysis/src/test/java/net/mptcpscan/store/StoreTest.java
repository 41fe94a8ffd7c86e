package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through a real H2 file: what is stored comes back, across reopening. */
class StoreTest {
    @TempDir Path dir;

    static ScanRecord scan(String label) {
        return ScanRecord.starting(
                new ScanRecord.Header(label, ScanSource.SCAN, 42, 0, 1, "lab", "test"),
                System.currentTimeMillis(),
                10,
                "{}");
    }

    static ReplyRecord reply(int addr, int port, int probeVersion, Classification c) {
        return new ReplyRecord(
                IpAddress.v4(addr),
                port,
                40000 + port,
                probeVersion,
                c,
                64,
                65535,
                "S.",
                1_700_000_000_000_000L + addr);
    }

    static Classification mptcp(int version, int flags, long key) {
        return new Classification(ReplyClass.MPTCP, null, version, flags, key, Set.of());
    }

    @Test
    void repliesComeBackExactlyAfterReopening() throws Exception {
        String db = dir.resolve("results").toString();
        List<ReplyRecord> in = new ArrayList<>();
        in.add(
                reply(
                        0xC6120A0A,
                        443,
                        1,
                        mptcp(
                                1,
                                0xA1,
                                0xFFFF_FFFF_FFFF_FFFEL))); // high bits: nothing may come back
        // negative
        in.add(reply(0xC6120A0A, 443, 0, Classification.of(ReplyClass.TCP)));
        in.add(
                reply(
                        0xFFFFFFFE,
                        80,
                        1,
                        new Classification(
                                ReplyClass.ECHO,
                                null,
                                1,
                                0x01,
                                null,
                                EnumSet.of(Evidence.MPC_ECHO, Evidence.TSVAL_ECHO))));
        in.add(
                reply(
                        0x01020304,
                        8443,
                        1,
                        new Classification(
                                ReplyClass.ANOMALOUS, "zero key", 1, 0x01, 0L, Set.of())));
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(scan("round trip"));
            s.append(id, in);
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(10, 20, 4, 0, 1, 2));
        }
        assertTrue(Files.exists(Path.of(db + ".mv.db")), "an H2 file on disk");
        try (JdbcResultStore s = JdbcResultStore.open(db + ".mv.db")) {
            ScanRecord r = s.scan(String.valueOf(id));
            assertEquals("round trip", r.label());
            assertEquals(ScanStatus.COMPLETE, r.status());
            assertEquals(20, r.sent());
            assertEquals(2, r.repeats());
            List<ReplyRecord> out = new ArrayList<>();
            s.replies(id, List.of(), sr -> out.add(sr.reply()));
            assertEquals(in.size(), out.size());
            for (ReplyRecord want : in)
                assertTrue(out.contains(want), "stored and read back: " + want + " in " + out);
            // Sorted by address as unsigned: 1.2.3.4 < 198.18.10.10 < 255.255.255.254.
            assertEquals(IpAddress.v4(0x01020304), out.get(0).target());
            assertEquals(IpAddress.v4(0xFFFFFFFE), out.get(out.size() - 1).target());
            long[] v = s.verdictCounts(id);
            assertEquals(1, v[ReplyClass.MPTCP.rank()]);
            assertEquals(1, v[ReplyClass.ECHO.rank()]);
            assertEquals(1, v[ReplyClass.ANOMALOUS.rank()]);
            assertEquals(
                    0,
                    v[ReplyClass.TCP.rank()],
                    "the tcp reply belongs to a target whose verdict is mptcp");
            List<ReplyRecord> echoes = new ArrayList<>();
            s.replies(id, List.of(ReplyClass.ECHO), sr -> echoes.add(sr.reply()));
            assertEquals(1, echoes.size());
        }
    }

    @Test
    void aNewDatabaseIsOneFileWithNoTraceBesideIt() throws Exception {
        String db = dir.resolve("fresh").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            s.beginScan(scan("one"));
        }
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("fresh.mv.db"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /**
     * A new file's schema is written with a write delay (its DDL in a few chunks, not 40); what is
     * stored after it reaches the file before the call returns, as in an older file. The copy taken
     * with the store still open is what kill -9 at that moment would leave.
     */
    @Test
    void aNewDatabaseHasItsSchemaInItsFileWhenItOpens() throws Exception {
        Path copy = dir.resolve("copy.mv.db");
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("fresh").toString())) {
            Files.copy(dir.resolve("fresh.mv.db"), copy); // kill -9 before anything is stored
        }
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("copy").toString())) {
            assertEquals(List.of(), s.scans());
        }
    }

    @Test
    void whatANewDatabaseStoresIsInItsFileWhenTheCallReturns() throws Exception {
        Path copy = dir.resolve("copy.mv.db");
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("fresh").toString())) {
            id = s.beginScan(scan("fresh"));
            s.append(id, List.of(reply(1, 443, 1, mptcp(1, 1, 5))));
            Files.copy(dir.resolve("fresh.mv.db"), copy);
        }
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("copy").toString())) {
            assertEquals(1, s.replyCount(id));
        }
    }

    @Test
    void aScanLeftRunningByADeadProcessIsMarkedInterrupted() throws Exception {
        String db = dir.resolve("results").toString();
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(scan("killed"));
            s.append(id, List.of(reply(1, 443, 1, mptcp(1, 1, 5))));
            s.checkpoint(id, new ScanCounts(10, 4, 1, 0, 0, 0), new long[] {3, 2});
            // no finishScan: as after kill -9
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            ScanRecord r = s.scan("latest");
            assertEquals(ScanStatus.INTERRUPTED, r.status());
            assertEquals(1, s.replyCount(id));
            assertArrayEquals(new long[] {3, 2}, s.positions(id));
        }
    }

    @Test
    void badLocationsFailWithOneLine() {
        StoreException e =
                assertThrows(StoreException.class, () -> JdbcResultStore.open("jdbc:nosuchdb://x"));
        assertFalse(e.getMessage().contains("\n"));
        Path file = dir.resolve("file");
        assertDoesNotThrow(() -> Files.writeString(file, "x"));
        assertThrows(
                StoreException.class, () -> JdbcResultStore.open(file.resolve("db").toString()));
    }

    @Test
    void batchingWriterAcknowledgesOnlyWhatIsStored() throws Exception {
        String db = dir.resolve("results").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(scan("writer"));
            try (BatchingWriter w = new BatchingWriter(s, id, 1000)) {
                for (int i = 0; i < 25_000; i++)
                    w.add(reply(i, 443, 1, Classification.of(ReplyClass.TCP)));
            }
            assertEquals(25_000, s.replyCount(id));
        }
    }
}
