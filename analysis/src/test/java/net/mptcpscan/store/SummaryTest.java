package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-scan summaries (schema V5): the listing reads them instead of aggregating every reply;
 * written when a scan ends, dropped when it resumes, made on first read for a scan killed before.
 */
class SummaryTest {
    @TempDir Path dir;

    static ReplyRecord reply(int a, ReplyClass c) {
        return new ReplyRecord(
                IpAddress.v4(a), 443, 40000, 1, Classification.of(c), 60, 0, "SA", 1);
    }

    /** Removes a scan's replies behind the store's back: what is left is only the summary. */
    static void dropReplies(String db) throws Exception {
        try (var c = DriverManager.getConnection(DbLocation.urlFor(db));
                Statement st = c.createStatement()) {
            st.execute("DELETE FROM replies");
            st.execute("DELETE FROM reply_blocks");
        }
    }

    @Test
    void anEndedScanIsCountedFromItsSummary() throws Exception {
        String db = dir.resolve("db").toString();
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, List.of(reply(1, ReplyClass.TCP), reply(2, ReplyClass.CLOSED)));
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(2, 2, 2, 0, 0, 0));
        }
        dropReplies(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long[] v = s.verdictCounts(id);
            assertEquals(1, v[ReplyClass.TCP.rank()], "read from the summary, not the replies");
            assertEquals(1, v[ReplyClass.CLOSED.rank()]);
        }
    }

    @Test
    void aResumedScanIsSummarisedAgainWhenItEnds() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(id, List.of(reply(1, ReplyClass.TCP)));
            s.finishScan(id, ScanStatus.INTERRUPTED, new ScanCounts(1, 1, 1, 0, 0, 0));
            assertEquals(1, s.verdictCounts(id)[ReplyClass.TCP.rank()]);
            s.reopenScan(id);
            s.append(id, List.of(reply(2, ReplyClass.TCP), reply(1, ReplyClass.MPTCP)));
            assertEquals(1, s.verdictCounts(id)[ReplyClass.MPTCP.rank()], "counted while it runs");
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(3, 3, 3, 0, 0, 0));
            long[] v = s.verdictCounts(id);
            assertEquals(1, v[ReplyClass.TCP.rank()]);
            assertEquals(1, v[ReplyClass.MPTCP.rank()]);
        }
    }

    @Test
    void aScanKilledBeforeItEndedIsSummarisedOnFirstRead() throws Exception {
        String db = dir.resolve("db").toString();
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("a"));
            s.append(id, List.of(reply(1, ReplyClass.ECHO)));
            // no finishScan: the process died; the next open marks the scan interrupted
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(ScanStatus.INTERRUPTED, s.scan(String.valueOf(id)).status());
            assertEquals(1, s.verdictCounts(id)[ReplyClass.ECHO.rank()]);
        }
        dropReplies(db);
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(1, s.verdictCounts(id)[ReplyClass.ECHO.rank()], "kept on first read");
        }
    }
}
