package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies stored in blocks (schema V10) come back with every value they had; a scan stored as rows
 * by an older mptcpscan goes on in blocks after a resume; a damaged block is an error, never other
 * replies.
 */
class ReplyBlockTest {
    @TempDir Path dir;

    private static final String[] TEXT = {"zero key", "é€ \ud83d\ude00", "", "x".repeat(200)};

    /** Replies with every value present and absent, at the edges of their types. */
    static List<ReplyRecord> varied(int n, long seed) {
        Random r = new Random(seed);
        ReplyClass[] classes = ReplyClass.values();
        List<ReplyRecord> out = new ArrayList<>();
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            IpAddress a =
                    r.nextBoolean()
                            ? IpAddress.v6(r.nextLong(), r.nextLong())
                            : IpAddress.v4(r.nextInt());
            Set<Evidence> ev = EnumSet.noneOf(Evidence.class);
            for (Evidence e : Evidence.values()) if (r.nextInt(4) == 0) ev.add(e);
            Classification c =
                    new Classification(
                            classes[r.nextInt(classes.length)],
                            r.nextBoolean() ? null : TEXT[r.nextInt(TEXT.length)],
                            r.nextBoolean() ? null : r.nextInt(16) - 1,
                            r.nextBoolean() ? null : r.nextInt(256),
                            r.nextBoolean() ? null : r.nextLong(),
                            ev);
            // arrival times that go back as well as forward, and jump
            t +=
                    r.nextInt(3) == 0
                            ? -r.nextInt(1_000_000)
                            : (long) r.nextInt(1 << 30) << r.nextInt(20);
            out.add(
                    new ReplyRecord(
                            a,
                            r.nextInt(65536),
                            r.nextInt(65536),
                            r.nextInt(3) - 1,
                            c,
                            r.nextInt(256),
                            r.nextBoolean() ? r.nextInt(65536) : Integer.MAX_VALUE,
                            r.nextBoolean() ? null : "SA",
                            t));
        }
        return out;
    }

    static List<ReplyRecord> decode(byte[] b, int n, int ranks) throws SQLException {
        List<ReplyRecord> out = new ArrayList<>();
        ReplyBlock.decode(b, n, ranks, out::add);
        return out;
    }

    @Test
    void everyValueComesBackAsStored() throws Exception {
        List<ReplyRecord> rs = varied(ReplyBlock.REPLIES, 1);
        assertEquals(rs, decode(ReplyBlock.encode(rs, 0, rs.size()), rs.size(), 0));
    }

    @Test
    void aClassFilterKeepsOnlyThoseClasses() throws Exception {
        List<ReplyRecord> rs = varied(500, 2);
        int ranks = 1 << ReplyClass.MPTCP.rank() | 1 << ReplyClass.CLOSED.rank();
        assertEquals(
                rs.stream()
                        .filter(
                                r ->
                                        r.classification().replyClass() == ReplyClass.MPTCP
                                                || r.classification().replyClass()
                                                        == ReplyClass.CLOSED)
                        .toList(),
                decode(ReplyBlock.encode(rs, 0, rs.size()), rs.size(), ranks));
    }

    /** Cut short anywhere, a block is an error: never fewer or other replies. */
    @Test
    void aTruncatedBlockIsAnError() throws Exception {
        List<ReplyRecord> rs = varied(50, 3);
        byte[] b = ReplyBlock.encode(rs, 0, rs.size());
        for (int len = 0; len < b.length; len += 7) {
            byte[] cut = java.util.Arrays.copyOf(b, len);
            assertThrows(SQLException.class, () -> decode(cut, rs.size(), 0), "cut at " + len);
        }
    }

    @Test
    void aBlockOfAnotherFormatIsNamedAsSuch() throws Exception {
        byte[] b = ReplyBlock.encode(varied(3, 4), 0, 3);
        b[0] = 2;
        SQLException e = assertThrows(SQLException.class, () -> decode(b, 3, 0));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    }

    /**
     * A scan an older mptcpscan stored as rows, resumed by this one: its new replies go in blocks
     * numbered after the rows, and it reads as one scan.
     */
    @Test
    void aScanStoredAsRowsGoesOnInBlocks() throws Exception {
        String db = dir.resolve("db").toString();
        List<ReplyRecord> before = varied(3000, 5), after = varied(2500, 6);
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, before);
        }
        OldReplyRows.toRows(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            s.reopenScan(id);
            s.append(id, after.subList(0, 1000));
            s.append(id, after.subList(1000, after.size()));
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(5500, 5500, 5500, 0, 0, 0));
            assertEquals(5500, s.replyCount(id));
            List<ReplyRecord> all = new ArrayList<>(before);
            all.addAll(after);
            List<ReplyRecord> back = new ArrayList<>();
            try (ReplyCursor c = s.cursor(id, List.of())) {
                while (c.hasNext()) back.add(c.next());
            }
            assertEquals(sorted(all), sorted(back), "the rows and the blocks, every value");
            List<TargetVerdict> targets = TargetTableTest.all(s.targets(id));
            assertEquals(
                    all.stream().map(r -> r.target() + ":" + r.targetPort()).distinct().count(),
                    targets.size(),
                    "targets of both");
        }
    }

    private static List<String> sorted(List<ReplyRecord> rs) {
        return rs.stream().map(ReplyRecord::toString).sorted().toList();
    }
}
