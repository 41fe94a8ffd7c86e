package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A campaign on one shared PostgreSQL server, as a team runs it: three scanner namespaces each run
 * one shard of the same seeded scan of the testbed at the same time, and a fourth scans the same
 * targets through a middlebox that echoes SYN options for two plain-TCP hosts. All four start at
 * once on a fresh database.
 */
class CampaignScanTest {
    static final List<String> TARGETS =
            Testbed.TARGETS.stream().filter(t -> !t.contains(":")).toList();
    static PostgresServer pg;
    static String url;
    static Path dir;
    static final Map<String, Integer> exits = new TreeMap<>();
    static final Map<String, String> errors = new TreeMap<>();

    @BeforeAll
    static void fourScannersAtOnce() throws Exception {
        Testbed.require();
        JsonNode campaign = Testbed.manifest().get("campaign");
        JsonNode db = campaign.get("database");
        pg =
                PostgresServer.start(
                        db.get("namespace").asText(),
                        db.get("address").asText(),
                        5432,
                        "198.18.250.0/24");
        url = pg.url("postgres");
        dir = Files.createTempDirectory("mps-campaign");
        Map<String, Process> running = new TreeMap<>();
        int shards = campaign.get("scanners").size();
        for (int i = 0; i < shards; i++) {
            String ns = campaign.get("scanners").get(i).get("namespace").asText();
            running.put(
                    ns, scan(ns, "direct", "--shards", String.valueOf(shards), "--shard", "" + i));
        }
        String behind = campaign.get("behind_echo").get("namespace").asText();
        running.put(behind, scan(behind, "behind-echo"));
        for (var e : running.entrySet()) {
            if (!e.getValue().waitFor(240, TimeUnit.SECONDS)) e.getValue().destroyForcibly();
            exits.put(e.getKey(), e.getValue().waitFor());
            errors.put(e.getKey(), Files.readString(dir.resolve(e.getKey() + ".err")));
        }
    }

    static Process scan(String ns, String vantage, String... shard) throws Exception {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "scan",
                                "--db",
                                url,
                                "-b",
                                Testbed.BLOCKLIST.toString(),
                                "-p",
                                Testbed.PORTS,
                                "-r",
                                "20000",
                                "-c",
                                "2",
                                "--seed",
                                "7",
                                "--label",
                                "census",
                                "--campaign",
                                "c1",
                                "--vantage",
                                vantage));
        a.addAll(List.of(shard));
        a.addAll(TARGETS);
        return Testbed.start(
                dir.resolve(ns + ".out"),
                dir.resolve(ns + ".err"),
                Testbed.inNamespace(ns, a.toArray(new String[0])));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) pg.close();
        Testbed.deleteTree(dir);
    }

    /** mptcpscan ARGS --db URL in the first scanner's namespace. */
    static Testbed.Result cli(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--db", url));
        return Testbed.mptcpscan(120, a.toArray(new String[0]));
    }

    @Test
    void fourScannersStartingAtOnceOnAFreshDatabaseAllComplete() {
        for (var e : exits.entrySet())
            assertEquals(0, e.getValue(), e.getKey() + ": " + errors.get(e.getKey()));
    }

    @Test
    void theShardsMergeIntoTheManifestTargetByTarget() throws Exception {
        Map<String, String> want = new TreeMap<>();
        for (JsonNode e : Testbed.manifest().get("expected"))
            if (!e.get("saddr").asText().contains(":")) // IPv4 targets only here
            want.put(
                        TestbedScanTest.key(e),
                        TestbedScanTest.row(e, e.get("versions").asText(), true));
        Testbed.Result r =
                cli(
                        "export",
                        "--scan",
                        "campaign:c1",
                        "--vantage",
                        "direct",
                        "--view",
                        "targets",
                        "--format",
                        "jsonl");
        assertEquals(0, r.code(), r.err());
        Map<String, String> got = new TreeMap<>();
        java.util.Set<Long> scans = new java.util.TreeSet<>();
        ObjectMapper om = new ObjectMapper();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = om.readTree(line);
            scans.add(e.get("scan_id").asLong());
            assertNull(
                    got.put(
                            TestbedScanTest.key(e),
                            TestbedScanTest.row(
                                    e, TestbedScanTest.versionsText(e.get("versions")), true)),
                    "one row per target over all shards");
        }
        assertEquals(want, got, "the three shards together are the whole testbed, no more");
        assertEquals(3, scans.size(), "each shard's targets come from its own scan: " + scans);
    }

    @Test
    void theCampaignReportSaysAllThreeShardsAreThere() throws Exception {
        Testbed.Result r =
                cli("report", "--scan", "campaign:c1", "--vantage", "direct", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode c = new ObjectMapper().readTree(r.out()).get("campaign");
        assertTrue(c.get("complete").asBoolean(), c.toString());
        assertEquals(3, c.get("scans").size());
        assertEquals(0, c.get("missing_shards").size());
    }

    @Test
    void comparingTheVantagesShowsExactlyTheTargetsBehindTheEchoingMiddlebox() throws Exception {
        List<String> want = new ArrayList<>();
        List<String[]> echoed = new ArrayList<>();
        for (JsonNode e : Testbed.manifest().get("campaign").get("behind_echo").get("echoed"))
            echoed.add(e.asText().split(":"));
        echoed.sort(
                java.util.Comparator.comparing((String[] x) -> x[0])
                        .thenComparingInt(x -> Integer.parseInt(x[1])));
        for (String[] x : echoed) want.add(x[0] + ":" + x[1] + ": tcp -> echo");
        Testbed.Result r =
                cli(
                        "compare",
                        "--by-vantage",
                        "c1",
                        "--vantage",
                        "direct",
                        "--vantage",
                        "behind-echo",
                        "--format",
                        "json");
        assertEquals(0, r.code(), r.err());
        List<String> got = new ArrayList<>();
        new ObjectMapper()
                .readTree(r.out())
                .get("verdict_changed")
                .forEach(n -> got.add(n.asText()));
        assertEquals(want, got);
    }

    @Test
    void aCampaignFromTwoVantagesNeedsOneNamedInOneLine() throws Exception {
        Testbed.Result r = cli("report", "--scan", "campaign:c1");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("2 vantages (behind-echo, direct)"), r.err());
    }
}
