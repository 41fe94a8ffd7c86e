package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command works, and works when run twice in a row. */
class DemoTest {
    @TempDir Path dir;

    @BeforeAll
    static void testbed() throws Exception {
        Testbed.require();
    }

    @Test
    void demoRunsTwice() throws Exception {
        for (int i = 1; i <= 2; i++) {
            Testbed.Result r =
                    Testbed.run(
                            600,
                            "env",
                            "MPTCPSCAN_DB=" + dir.resolve("results"),
                            "SKIP_APT=1",
                            Testbed.HOME.resolve("scripts/demo").toString());
            assertEquals(0, r.code(), "run " + i + ": " + r.err() + r.out());
            assertTrue(r.out().contains("verdicts"), "prints the report: " + r.out());
            assertTrue(
                    r.out().contains("load balancers: the C bit against ADD_ADDR")
                            && r.out().matches("(?s).*lb-bypass [1-9].*"),
                    "the report's load-balancer section finds the testbed's: " + r.out());
            assertTrue(r.out().contains("mptcpscan export"), "says how to go on");
            assertTrue(
                    r.out().matches("(?s).*verdicts +IPv4 +IPv6.*"),
                    "the demo scans both families and the report splits them: " + r.out());
        }
        Testbed.Result scans =
                Testbed.run(
                        60,
                        Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                        "scans",
                        "--db",
                        dir.resolve("results").toString());
        assertEquals(
                3,
                scans.out().strip().split("\n").length,
                "two scans stored (and a header): " + scans.out());
    }
}
