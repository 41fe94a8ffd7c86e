package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 file while a scan writes it: scans, report and export read it through the scan
 * (which serves it on loopback only), and the scan itself loses nothing.
 */
class ReadWhileScanningTest {
    @TempDir Path dir;
    Path db;
    Process scan;

    @BeforeAll
    static void testbed() throws Exception {
        Testbed.require();
    }

    /** A scan of the 65,536 live hosts slow enough (about 8 s) to be read while it runs. */
    @BeforeEach
    void startScan() throws Exception {
        db = dir.resolve("results");
        scan =
                Testbed.startScan(
                        dir,
                        Testbed.scanArgs(
                                db,
                                "-p",
                                "443",
                                "-r",
                                "8000",
                                "-c",
                                "1",
                                "--no-handshake",
                                "198.19.0.0/16"));
        Path serving = Path.of(db + ".serving");
        for (int i = 0; i < 200 && !Files.exists(serving); i++) Thread.sleep(50);
        assertTrue(Files.exists(serving), "the scan serves its database");
        Thread.sleep(1000); // some replies stored
    }

    @AfterEach
    void scanEndsWhole() throws Exception {
        assertTrue(scan.waitFor(120, TimeUnit.SECONDS), "the scan ends");
        assertEquals(0, scan.exitValue(), Files.readString(dir.resolve("scan.err")));
        assertFalse(Files.exists(Path.of(db + ".serving")), "nothing served after the scan");
        Testbed.Result r =
                Testbed.mptcpscan(60, "report", "--db", db.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                65_536,
                new ObjectMapper().readTree(r.out()).get("verdicts").get("mptcp").asLong(),
                "every live host stored, reads or not");
    }

    @Test
    void scansListsTheRunningScan() throws Exception {
        Testbed.Result r = Testbed.mptcpscan(60, "scans", "--db", db.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("running"), r.out());
    }

    @Test
    void reportReadsWhatIsStoredSoFar() throws Exception {
        Testbed.Result r =
                Testbed.mptcpscan(60, "report", "--db", db.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        var j = new ObjectMapper().readTree(r.out());
        assertEquals("running", j.get("scan").get("status").asText());
        long mptcp = j.get("verdicts").get("mptcp").asLong();
        assertTrue(mptcp > 0 && mptcp < 65_536, "part of the hosts so far: " + mptcp);
    }

    @Test
    void exportStreamsWhatIsStoredSoFar() throws Exception {
        Testbed.Result r =
                Testbed.mptcpscan(
                        60,
                        "export",
                        "--db",
                        db.toString(),
                        "--view",
                        "targets",
                        "--format",
                        "csv",
                        "--fields",
                        "saddr,class");
        assertEquals(0, r.code(), r.err());
        long rows = r.out().lines().filter(l -> l.contains("mptcp")).count();
        assertTrue(rows > 0 && rows < 65_536, rows + " rows so far");
    }

    @Test
    void fromAnotherNetworkNamespaceTheReaderIsToldWhereToRunInOneLine() throws Exception {
        Testbed.Result r =
                Testbed.run(
                        60,
                        Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                        "scans",
                        "--db",
                        db.toString());
        assertNotEquals(0, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("network namespace"), r.err());
    }
}
