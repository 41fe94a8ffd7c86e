package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that opens but lacks a table its schema version has (a flipped byte in H2's catalogue
 * hides one) is named damaged, with the table, before anything is written to it: not a "table not
 * found" half-way through a command.
 */
class DamagedCatalogueTest {
    @TempDir Path dir;

    private static byte[] sha(Path p) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
    }

    @Test
    void aMissingTableNamesTheFileDamaged() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(id, TargetTableTest.mixed());
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(7, 7, 7, 0, 0, 0));
        }
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(db));
                var st = c.createStatement()) {
            st.execute("DROP TABLE scan_summaries");
        }
        Path file = Path.of(db + ".mv.db");
        byte[] before = sha(file);
        StoreException e =
                assertThrows(StoreException.class, () -> JdbcResultStore.openExisting(db));
        assertInstanceOf(DamagedDatabaseException.class, e, e.getMessage());
        assertTrue(e.getMessage().contains("scan_summaries is missing"), e.getMessage());
        assertArrayEquals(before, sha(file), "not a byte of the file changed");
    }

    /** A database of an older version lacks the newer tables: that is no damage. */
    @Test
    void anOlderDatabaseIsNotDamaged() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            s.beginScan(StoreTest.scan("a"));
        }
        OldReplyRows.toRows(db); // version 9: no reply_blocks
        try (JdbcResultStore s = JdbcResultStore.openExisting(db)) {
            assertEquals(1, s.scans().size());
        }
    }

    /** A scan's start checks its file before parsing its options: a damaged one is still named. */
    @Test
    void aCheckBegunEarlyNamesADamagedFile() throws Exception {
        String db = dir.resolve("db").toString();
        JdbcResultStore.open(db).close();
        try (var c = java.sql.DriverManager.getConnection(DbLocation.urlFor(db));
                var st = c.createStatement()) {
            st.execute("DROP TABLE scan_summaries");
        }
        JdbcResultStore.precheck(db);
        StoreException e = assertThrows(StoreException.class, () -> JdbcResultStore.open(db));
        assertInstanceOf(DamagedDatabaseException.class, e, e.getMessage());
    }

    /** A file that changed after the early check began is checked again, not taken as good. */
    @Test
    void aFileChangedAfterTheEarlyCheckIsCheckedAgain() throws Exception {
        String db = dir.resolve("db").toString();
        JdbcResultStore.open(db).close();
        JdbcResultStore.precheck(db);
        Thread.sleep(300); // the early check is done: the file was whole then
        Path file = Path.of(db + ".mv.db");
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
        StoreException e = assertThrows(StoreException.class, () -> JdbcResultStore.open(db));
        assertInstanceOf(DamagedDatabaseException.class, e, e.getMessage());
    }
}
