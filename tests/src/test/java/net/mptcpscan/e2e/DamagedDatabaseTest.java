package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.mptcpscan.TestSupport;
import net.mptcpscan.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database file cut short or with a flipped byte (a full disk, a bad copy, bit rot) is named as
 * damaged and never written, never replaced by a fresh empty one: neither a read (scans, report,
 * export) nor a write (analyze) changes a byte of it. Where a flipped byte hit nothing H2 needs,
 * the commands work and every scan is still there (H2 may then rewrite its own headers, as it does
 * on any open). Unprivileged.
 */
class DamagedDatabaseTest {
    static Path dir, good;
    static String goodListing;

    @org.junit.jupiter.api.AfterAll
    static void removeFolder() throws Exception {
        Testbed.deleteTree(dir);
    }

    @BeforeAll
    static void database() throws Exception {
        dir = Files.createTempDirectory("mptcpscan-damaged");
        Path db = dir.resolve("good/db");
        for (Path cap : TestSupport.captureFiles().subList(0, 4)) {
            CliRun r = CliRun.run("analyze", "--db", db.toString(), "--pcap", cap.toString());
            assertEquals(0, r.code(), r.err());
        }
        good = Path.of(db + ".mv.db");
        goodListing = CliRun.run("scans", "--db", db.toString(), "--format", "json").out();
    }

    static Stream<Arguments> damage() throws Exception {
        if (good == null) database();
        long size = Files.size(good);
        List<Arguments> rows = new ArrayList<>();
        for (long cut : new long[] {0, 100, 4096, 8192, 12288, size / 2, size - 4096, size - 1})
            rows.add(Arguments.of("cut to " + cut + " bytes", cut, -1));
        Random r = new Random(17);
        for (int i = 0; i < 24; i++) {
            int at = r.nextInt((int) size);
            rows.add(Arguments.of("byte " + at + " flipped", -1L, at));
        }
        return rows.stream();
    }

    static String sha(Path p) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void aDamagedDatabaseIsNamedAndNeverWritten(String what, long cut, int flip) throws Exception {
        Path d = Files.createTempDirectory(dir, "case");
        Path db = d.resolve("db"), file = Path.of(db + ".mv.db");
        byte[] bytes = Files.readAllBytes(good);
        if (cut >= 0) bytes = java.util.Arrays.copyOf(bytes, (int) cut);
        if (flip >= 0) bytes[flip] ^= 0x40;
        Files.write(file, bytes);
        String before = sha(file);
        CliRun scans = CliRun.run("scans", "--db", db.toString(), "--format", "json");
        if (scans.code() == 0) {
            assertEquals(
                    goodListing,
                    scans.out(),
                    what + ": a database that opens lists every scan as before");
            return;
        } else {
            assertEquals(1, scans.code(), what + ": " + scans.err());
            assertTrue(
                    scans.err().contains("damaged"), what + ": named as damaged: " + scans.err());
            assertEquals(1, scans.err().strip().split("\n").length, scans.err());
            for (String[] cmd :
                    new String[][] {
                        {"report"},
                        {"export"},
                        {"analyze", "--pcap", TestSupport.captureFiles().get(0).toString()}
                    }) {
                List<String> a = new ArrayList<>(List.of(cmd));
                a.addAll(List.of("--db", db.toString()));
                CliRun r = CliRun.run(a.toArray(new String[0]));
                assertEquals(1, r.code(), what + ", " + cmd[0] + ": " + r.err());
                assertTrue(r.err().contains("damaged"), what + ", " + cmd[0] + ": " + r.err());
            }
        }
        assertEquals(before, sha(file), what + ": not a byte of the file changed");
    }
}
