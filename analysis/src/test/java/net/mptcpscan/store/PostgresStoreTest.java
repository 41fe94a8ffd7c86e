package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.CompareService;
import net.mptcpscan.report.Comparison;
import net.mptcpscan.report.ExportService;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same store on a real PostgreSQL server (Debian's, started for the test on loopback): the
 * schema's SQL is portable, cursors stream, two cursors merge for compare.
 */
class PostgresStoreTest {
    static Path data;
    static int port;
    static String bin;

    static int run(String... cmd) throws Exception {
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** postgres refuses to run as root: as root the server runs as the postgres user. */
    static String[] asPostgres(String... cmd) throws Exception {
        boolean root =
                "0"
                        .equals(
                                new String(
                                                new ProcessBuilder("id", "-u")
                                                        .start()
                                                        .getInputStream()
                                                        .readAllBytes())
                                        .trim());
        if (!root) return cmd;
        List<String> c =
                new ArrayList<>(
                        List.of(
                                "setpriv",
                                "--reuid=postgres",
                                "--regid=postgres",
                                "--init-groups"));
        c.addAll(List.of(cmd));
        return c.toArray(new String[0]);
    }

    @BeforeAll
    static void startServer() throws Exception {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        Assumptions.assumeTrue(
                versions != null && versions.length > 0,
                "PostgreSQL server not installed (scripts/setup installs it): skipped");
        bin = versions[versions.length - 1].toPath().resolve("bin").toString();
        data = Files.createTempDirectory("mptcpscan-pg");
        run("chown", "postgres:postgres", data.toString());
        Assumptions.assumeTrue(
                run(
                                asPostgres(
                                        bin + "/initdb",
                                        "-D",
                                        data.resolve("db").toString(),
                                        "-A",
                                        "trust",
                                        "-U",
                                        "mps"))
                        == 0,
                "initdb failed: skipped");
        port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
        int started =
                run(
                        asPostgres(
                                bin + "/pg_ctl",
                                "-D",
                                data.resolve("db").toString(),
                                "-w",
                                "-l",
                                data.resolve("log").toString(),
                                "-o",
                                "-c listen_addresses=127.0.0.1 -p " + port + " -k " + data,
                                "start"));
        assertEquals(0, started, "PostgreSQL starts on loopback");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (data == null) return;
        run(
                asPostgres(
                        bin + "/pg_ctl",
                        "-D",
                        data.resolve("db").toString(),
                        "-m",
                        "immediate",
                        "stop"));
        try (var s = Files.walk(data)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static ReplyRecord reply(int addr, ReplyClass c, Integer v) {
        return new ReplyRecord(
                IpAddress.v4(addr),
                443,
                40000,
                1,
                new Classification(
                        c,
                        null,
                        v,
                        v == null ? null : 0x81,
                        v == null ? null : 0xFEDCBA9876543210L,
                        Set.of()),
                64,
                65535,
                "S.",
                1_700_000_000_000_000L);
    }

    /** Scanners on several machines starting at once against one fresh database. */
    @Test
    void severalScannersStartingAtOnceOnAFreshDatabaseAllSucceed() throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=mps";
        try (var c = java.sql.DriverManager.getConnection(admin);
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE fresh");
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/fresh?user=mps";
        int n = 6;
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        List<java.util.concurrent.Future<Long>> scans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            scans.add(
                    pool.submit(
                            () -> {
                                start.await();
                                try (JdbcResultStore s = JdbcResultStore.open(url)) {
                                    return s.beginScan(StoreTest.scan("shard " + k));
                                }
                            }));
        }
        start.countDown();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (var f : scans) ids.add(f.get(60, TimeUnit.SECONDS)); // a failed open throws here
        pool.shutdown();
        assertEquals(n, ids.size(), "every scanner stored its scan");
        try (var c = java.sql.DriverManager.getConnection(url);
                var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*), MAX(version) FROM mps_schema")) {
            rs.next();
            assertEquals(Migrations.latest(), rs.getInt(1), "each migration applied once");
            assertEquals(Migrations.latest(), rs.getInt(2));
        }
    }

    /** The genuine targets' rows, many to an INSERT there too: 130 come back from their table. */
    @Test
    void genuineTargetsComeBackFromTheirTableOnPostgres() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=mps";
        try (JdbcResultStore s = JdbcResultStore.open(url)) {
            long id = s.beginScan(StoreTest.scan("pg genuine"));
            List<ReplyRecord> rs = new ArrayList<>();
            for (int i = 0; i < 130; i++) rs.add(reply(0xC6120000 + i, ReplyClass.MPTCP, 1));
            s.append(id, rs);
            s.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(130, 130, 130, 0, 0, 0));
            List<String> back = new ArrayList<>();
            try (TargetCursor c = s.mptcpTargets(id)) {
                for (var v = c.next(); v != null; v = c.next()) back.add(v.address().toString());
            }
            List<String> sent = new ArrayList<>();
            for (ReplyRecord r : rs) sent.add(r.target().toString());
            assertEquals(sent, back);
        }
    }

    @Test
    void storeRoundTripAndCompareOnPostgres() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=mps";
        long a, b;
        try (JdbcResultStore s = JdbcResultStore.open(url)) {
            a = s.beginScan(StoreTest.scan("pg old"));
            s.append(
                    a,
                    List.of(
                            reply(0xC6120101, ReplyClass.TCP, null),
                            reply(0xFFFFFF01, ReplyClass.MPTCP, 1)));
            s.finishScan(a, ScanStatus.COMPLETE, new ScanCounts(2, 2, 2, 0, 0, 0));
            b = s.beginScan(StoreTest.scan("pg new"));
            s.append(
                    b,
                    List.of(
                            reply(0xC6120101, ReplyClass.MPTCP, 1),
                            reply(0xFFFFFF01, ReplyClass.ECHO, null)));
            s.finishScan(b, ScanStatus.COMPLETE, new ScanCounts(2, 2, 2, 0, 0, 0));
        }
        try (JdbcResultStore s =
                JdbcResultStore.open(url)) { // migrations are not re-applied; data is there
            assertEquals(2, s.scans().size());
            List<ReplyRecord> back = new ArrayList<>();
            s.replies(a, List.of(), r -> back.add(r.reply()));
            assertEquals(
                    List.of(
                            reply(0xC6120101, ReplyClass.TCP, null),
                            reply(0xFFFFFF01, ReplyClass.MPTCP, 1)),
                    back,
                    "unsigned order, keys and flags intact");
            assertEquals(1, s.verdictCounts(b)[ReplyClass.MPTCP.rank()]);
            Comparison c = CompareService.compare(s, a, b, null);
            assertEquals(
                    java.util.Map.of("tcp -> mptcp", 1L, "mptcp -> echo", 1L), c.transitions());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            assertEquals(
                    2,
                    ExportService.export(
                            s,
                            b,
                            "targets",
                            "jsonl",
                            net.mptcpscan.report.ExportRows.TARGET_FIELDS,
                            List.of(),
                            out));
        }
    }
}
