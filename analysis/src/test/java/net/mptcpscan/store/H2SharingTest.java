package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process writing an H2 file serves it to readers: on loopback only, behind a key only the
 * file's owner can read, and gone when the writer closes. (Reading from another process while a
 * scan runs: TestbedScanTest.)
 */
class H2SharingTest {
    @TempDir Path dir;

    @Test
    void theWriterServesOnLoopbackBehindAKeyOnlyItsOwnerCanRead() throws Exception {
        Path base = dir.resolve("db");
        try (JdbcResultStore w = JdbcResultStore.open(base.toString())) {
            w.awaitReaders();
            w.beginScan(StoreTest.scan("shared"));
            H2Sharing.Serving s = H2Sharing.serving(base);
            assertNotNull(s, "a serving file beside the database");
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(H2Sharing.servingFile(base))));
            try (var c = H2Sharing.connect(s);
                    var rs = c.createStatement().executeQuery("SELECT label FROM scans")) {
                assertTrue(rs.next());
                assertEquals("shared", rs.getString(1));
            }
        }
    }

    @Test
    void theServerListensOnLoopbackOnly() throws Exception {
        Path base = dir.resolve("db");
        try (JdbcResultStore w = JdbcResultStore.open(base.toString())) {
            w.awaitReaders();
            H2Sharing.Serving s = H2Sharing.serving(base);
            String listening = Files.readString(Path.of("/proc/net/tcp"));
            String port = String.format("%04X", s.port());
            boolean loopback = false, other = false;
            for (String line : listening.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].endsWith(":" + port) || !f[3].equals("0A")) continue;
                if (f[1].startsWith("0100007F:")) loopback = true;
                else other = true;
            }
            String listening6 = Files.readString(Path.of("/proc/net/tcp6"));
            for (String line : listening6.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].endsWith(":" + port) || !f[3].equals("0A")) continue;
                // ::ffff:127.0.0.1 is loopback; anything else (:: included) is not
                if (f[1].startsWith("0000000000000000FFFF00000100007F:")) loopback = true;
                else other = true;
            }
            assertTrue(loopback, "listening on 127.0.0.1:" + s.port());
            assertFalse(other, "listening on no other address");
        }
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        Path base = dir.resolve("db");
        try (JdbcResultStore w = JdbcResultStore.open(base.toString())) {
            w.awaitReaders();
            H2Sharing.Serving s = H2Sharing.serving(base);
            assertThrows(
                    SQLException.class,
                    () ->
                            DriverManager.getConnection(
                                            "jdbc:h2:tcp://127.0.0.1:" + s.port() + "/guess")
                                    .close());
        }
    }

    @Test
    void theServingFileGoesWithTheWriter() throws Exception {
        Path base = dir.resolve("db");
        int port;
        try (JdbcResultStore w = JdbcResultStore.open(base.toString())) {
            w.awaitReaders();
            port = H2Sharing.serving(base).port();
        }
        assertFalse(Files.exists(H2Sharing.servingFile(base)));
        assertThrows(
                java.io.IOException.class,
                () -> new java.net.Socket("127.0.0.1", port).close(),
                "the server stopped");
    }

    @Test
    void aReaderOpensThroughTheWriter() throws Exception {
        Path base = dir.resolve("db");
        try (JdbcResultStore w = JdbcResultStore.open(base.toString())) {
            w.awaitReaders();
            long id = w.beginScan(StoreTest.scan("live"));
            try (JdbcResultStore r = JdbcResultStore.openExisting(base.toString())) {
                assertEquals("live", r.scan(Long.toString(id)).label());
            }
        }
    }
}
