package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database opening beside a scan's start: a scan that cannot begin leaves no database it made,
 * and never touches one that was there.
 */
class StoreOpeningTest {
    @TempDir Path dir;

    @Test
    void anAbandonedOpeningRemovesTheFileItMade() {
        Path db = dir.resolve("new");
        StoreOpening.start(db.toString()).abandon();
        assertFalse(Files.exists(dir.resolve("new.mv.db")), "no database left behind");
    }

    @Test
    void anAbandonedOpeningKeepsAnExistingDatabase() throws Exception {
        Path db = dir.resolve("old");
        try (JdbcResultStore s = JdbcResultStore.open(db.toString())) {
            s.beginScan(
                    ScanRecord.starting(
                            new ScanRecord.Header("kept", ScanSource.SCAN, 1, 0, 1, null, null),
                            System.currentTimeMillis(),
                            1,
                            "{}"));
        }
        StoreOpening.start(db.toString()).abandon();
        try (JdbcResultStore s = JdbcResultStore.openExisting(db.toString())) {
            assertEquals("kept", s.scans().get(0).label());
        }
    }

    @Test
    void aTakenOpeningIsTheDatabaseAndAbandonLeavesItOpen() throws Exception {
        Path db = dir.resolve("taken");
        StoreOpening o = StoreOpening.start(db.toString());
        try (JdbcResultStore s = o.take()) {
            o.abandon(); // the scan got its database: nothing to undo
            long id =
                    s.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            "used", ScanSource.SCAN, 1, 0, 1, null, null),
                                    System.currentTimeMillis(),
                                    1,
                                    "{}"));
            assertTrue(id > 0);
        }
        assertTrue(Files.exists(dir.resolve("taken.mv.db")));
    }

    @Test
    void aDatabaseThatCannotOpenIsReportedByTake() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        StoreOpening o = StoreOpening.start(notAFolder.resolve("db").toString());
        var e = assertThrows(net.mptcpscan.store.StoreException.class, o::take);
        assertTrue(e.getMessage().contains("database"), e.getMessage());
    }
}
