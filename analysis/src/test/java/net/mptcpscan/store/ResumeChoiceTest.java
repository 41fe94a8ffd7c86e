package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --resume without a number, in a database several scanners share: this machine's own latest
 * interrupted scan (of its vantage, when given), never another machine's newer one.
 */
class ResumeChoiceTest {
    @TempDir Path dir;

    static ScanRecord scan(String label, String vantage) {
        return ScanRecord.starting(
                new ScanRecord.Header(label, ScanSource.SCAN, 42, 0, 1, vantage, "test"),
                System.currentTimeMillis(),
                10,
                "{}");
    }

    @Test
    void theLatestInterruptedScanOfThisMachineAndVantage() throws Exception {
        String db = dir.resolve("db").toString(), me = DbLocation.hostName();
        long mine, mineElsewhere, theirs, done;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            mine = s.beginScan(scan("a", "lab"));
            mineElsewhere = s.beginScan(scan("b", "cloud"));
            theirs = s.beginScan(scan("c", "lab"));
            done = s.beginScan(scan("d", "lab"));
            for (long id : new long[] {mine, mineElsewhere, theirs})
                s.finishScan(id, ScanStatus.INTERRUPTED, new ScanCounts(1, 1, 1, 0, 0, 0));
            s.finishScan(done, ScanStatus.COMPLETE, new ScanCounts(1, 1, 1, 0, 0, 0));
        }
        try (var c = DriverManager.getConnection(DbLocation.urlFor(db));
                Statement st = c.createStatement()) {
            st.execute("UPDATE scans SET host = 'another-scanner' WHERE id = " + theirs);
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            assertEquals(mineElsewhere, s.latestInterrupted(me, null).id());
            assertEquals(mine, s.latestInterrupted(me, "lab").id(), "this vantage's");
            assertNull(s.latestInterrupted(me, "moon"));
            assertEquals(theirs, s.latestInterrupted("another-scanner", null).id());
        }
    }
}
