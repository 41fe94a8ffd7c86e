package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file closed cleanly is not checked again at its next open (the check reads every scan's rows);
 * a file changed in any way since, or left open by a process that died, is.
 */
class DbSealTest {
    @TempDir Path dir;

    /** A database with one finished scan, closed cleanly. */
    private String database() throws Exception {
        String db = dir.resolve("db").toString();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            long id = s.beginScan(StoreTest.scan("a"));
            s.append(id, TargetTableTest.mixed());
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(7, 7, 7, 0, 0, 0));
        }
        return db;
    }

    /** Full checks an open of db makes. */
    private static int checksOfAnOpen(String db) throws Exception {
        int before = DbOpener.fullChecks.get();
        try (JdbcResultStore s = JdbcResultStore.openExisting(db)) {
            assertEquals(1, s.scans().size(), "the scan is there either way");
        }
        return DbOpener.fullChecks.get() - before;
    }

    /**
     * The early check of a sealed file has nothing to check and warms H2 instead, on a private
     * in-memory database: no file is written, neither beside the database nor in the working
     * folder, and the database is as it was.
     */
    @Test
    void theEarlyCheckOfASealedFileWritesNothing() throws Exception {
        String db = database();
        Path file = Path.of(db + ".mv.db"), cwd = Path.of("").toAbsolutePath();
        java.util.List<String> here = listing(dir), there = listing(cwd);
        long size = Files.size(file);
        FileTime modified = Files.getLastModifiedTime(file);
        JdbcResultStore.precheck(db);
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.getName().equals("mptcpscan-db-check")) t.join(30_000);
        assertEquals(here, listing(dir), "beside the database");
        assertEquals(there, listing(cwd), "in the working folder");
        assertEquals(size, Files.size(file));
        assertEquals(modified, Files.getLastModifiedTime(file));
    }

    private static java.util.List<String> listing(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileClosedCleanlyIsNotCheckedAgain() throws Exception {
        String db = database();
        assertEquals(0, checksOfAnOpen(db));
    }

    @Test
    void everyCleanCloseSealsTheFileAgain() throws Exception {
        String db = database();
        checksOfAnOpen(db); // opened for writing: H2 rewrote its headers
        assertEquals(0, checksOfAnOpen(db));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "rewritten with the same bytes",
                "one byte flipped, its modification time set back",
                "cut short by a page",
                "replaced by a copy of itself"
            })
    void aFileChangedSinceItsSealIsChecked(String change) throws Exception {
        String db = database();
        Path file = Path.of(db + ".mv.db");
        byte[] b = Files.readAllBytes(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        Thread.sleep(20); // past the file system's clock tick
        switch (change) {
            case "rewritten with the same bytes" -> Files.write(file, b);
            case "one byte flipped, its modification time set back" -> {
                // a byte of the last chunk's content, not its header: H2 still opens the file
                b[b.length - 2 * DbSeal.EDGE - 100] ^= 0x01;
                Files.write(file, b);
                Files.setLastModifiedTime(file, mtime);
            }
            case "cut short by a page" -> {
                Files.write(file, java.util.Arrays.copyOf(b, b.length - 4096));
                Files.setLastModifiedTime(file, mtime);
            }
            default -> {
                Path copy = dir.resolve("copy");
                Files.copy(file, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        int before = DbOpener.fullChecks.get();
        try {
            JdbcResultStore.openExisting(db).close();
        } catch (StoreException damaged) {
            // the check may find the change to be damage: what counts is that it ran
        }
        assertEquals(1, DbOpener.fullChecks.get() - before, change);
    }

    @Test
    void aFileOpenForWritingHasNoSeal() throws Exception {
        String db = database();
        Path file = Path.of(db + ".mv.db");
        try (JdbcResultStore s = JdbcResultStore.openExisting(db)) {
            // a process killed now leaves the file unsealed: the next open checks it
            assertFalse(DbSeal.holds(file));
        }
        assertTrue(DbSeal.holds(file), "sealed again once closed");
    }
}
