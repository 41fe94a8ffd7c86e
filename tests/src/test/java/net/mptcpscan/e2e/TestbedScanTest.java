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
import net.mptcpscan.capture.PcapReader;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans of the whole testbed through scripts/mptcpscan, checked target by target against the
 * manifest: the kernel's real MPTCP v1 (default, C bit, A bit), plain TCP, closed, filtered, ICMP
 * unreachable, and the emulated v0, dual-version, echoing and malformed hosts.
 */
class TestbedScanTest {
    @TempDir Path dir;

    @BeforeAll
    static void testbed() throws Exception {
        Testbed.require();
    }

    static Map<String, String> expected() throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode e : Testbed.manifest().get("expected"))
            m.put(key(e), row(e, e.get("versions").asText(), true));
        return m;
    }

    /** A target as the manifest and exports name it: "address:port". */
    static String key(JsonNode e) {
        return e.get("saddr").asText() + ":" + e.get("sport").asInt();
    }

    /** What is compared per target: class, versions (as text), flags and stage 2's fields. */
    static String row(JsonNode e, String versions, boolean withStage2) {
        return e.get("class").asText()
                + " v="
                + versions
                + " c="
                + e.get("c_bit").asBoolean()
                + " a="
                + e.get("a_bit").asBoolean()
                + (withStage2 ? stage2(e) : "");
    }

    static JsonNode reportJson(Path db) throws Exception {
        Testbed.Result r =
                Testbed.mptcpscan(60, "report", "--db", db.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    /** Stage 2's fields, as the manifest and export --view targets both write them. */
    static String stage2(JsonNode e) {
        return " handshake="
                + e.get("handshake").asText()
                + " announced="
                + e.get("announced").asText()
                + " inference="
                + e.get("inference").asText();
    }

    /** An exported versions list ([0, 1]) in the manifest's text ("0,1"). */
    static String versionsText(JsonNode list) {
        assertTrue(list.isArray(), "versions is a list: " + list);
        List<String> v = new ArrayList<>();
        for (JsonNode n : list) v.add(String.valueOf(n.asInt()));
        return String.join(",", v);
    }

    static Map<String, String> exported(Path db, String scan) throws Exception {
        return exported(db, scan, false);
    }

    static Map<String, String> exported(Path db, String scan, boolean withStage2) throws Exception {
        Testbed.Result r =
                Testbed.mptcpscan(
                        60,
                        "export",
                        "--db",
                        db.toString(),
                        "--scan",
                        scan,
                        "--format",
                        "jsonl",
                        "--view",
                        "targets");
        assertEquals(0, r.code(), r.err());
        Map<String, String> m = new TreeMap<>();
        ObjectMapper om = new ObjectMapper();
        for (String line : r.out().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode e = om.readTree(line);
            String key = key(e);
            assertNull(
                    m.put(key, row(e, versionsText(e.get("versions")), withStage2)),
                    "one row per target: " + key);
        }
        return m;
    }

    @Test
    void wholeTestbedMatchesTheManifestTargetByTarget() throws Exception {
        Path db = dir.resolve("results");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                Testbed.scanArgs(
                                        db,
                                        "-p",
                                        Testbed.PORTS,
                                        "-r",
                                        "20000",
                                        "-c",
                                        "2",
                                        "--label",
                                        "e2e",
                                        "-m",
                                        dir.resolve("meta.json").toString(),
                                        "-o",
                                        dir.resolve("live.csv").toString())));
        args.addAll(Testbed.TARGETS);
        Testbed.Result r = Testbed.mptcpscan(180, args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("scan 1 complete"), r.err());
        assertEquals(
                expected(),
                exported(db, "latest", true),
                "every class, version, flag and stage-2 outcome right, nothing extra, nothing"
                        + " missing");

        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        assertEquals(
                Testbed.TARGETS.size() * 256 * 4 * 2,
                meta.get("sent").asLong(),
                "one SYN per version to every target");
        assertEquals(0, meta.get("validation_failures").asLong());
        assertEquals("complete", meta.get("status").asText());
        assertFalse(
                meta.get("configuration").has("secret0"),
                "the validation secret is never written out");
        Map<String, Long> byClass = new TreeMap<>();
        for (JsonNode e : Testbed.manifest().get("expected"))
            byClass.merge(e.get("class").asText(), 1L, Long::sum);
        for (var e : byClass.entrySet())
            assertEquals(
                    e.getValue(),
                    meta.get("verdicts").get(e.getKey()).asLong(),
                    "live verdict count of " + e.getKey());
        List<String> live = Files.readAllLines(dir.resolve("live.csv"));
        assertTrue(live.get(0).startsWith("scan_id,saddr,sport"), live.get(0));
        assertEquals(
                meta.get("received").asLong() + 1, live.size(), "the live stream has every reply");

        Testbed.Result rep = Testbed.mptcpscan(60, "report", "--db", db.toString());
        assertEquals(0, rep.code(), rep.err());
        assertTrue(rep.out().contains("mptcp servers by version"), rep.out());
        assertTrue(rep.out().contains("load balancers: the C bit against ADD_ADDR"), rep.out());

        // The report's stage-2 counts are the manifest's, target by target.
        Map<String, Long> want = new TreeMap<>();
        for (JsonNode e : Testbed.manifest().get("expected")) {
            if (!e.get("class").asText().equals("mptcp")) continue;
            want.merge("handshake_" + e.get("handshake").asText(), 1L, Long::sum);
            for (String i : e.get("inference").asText().split(","))
                if (!i.isEmpty()) want.merge(i.replace('-', '_'), 1L, Long::sum);
        }
        JsonNode got = reportJson(db).get("stage2");
        Map<String, Long> have = new TreeMap<>();
        for (String k : want.keySet()) have.put(k, got.path(k).asLong(-1));
        assertEquals(want, have, got.toString());
    }

    @Test
    void anIpv6HitlistMatchesTheManifestForItsAddresses() throws Exception {
        Path db = dir.resolve("results"), meta = dir.resolve("meta.json");
        String hitlist = Testbed.manifest().get("hitlist6").asText();
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                db,
                                "-p",
                                Testbed.PORTS,
                                "-c",
                                "2",
                                "-m",
                                meta.toString(),
                                "--ipv6-target-file",
                                hitlist));
        assertEquals(0, r.code(), r.err());
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String l : Files.readAllLines(Path.of(hitlist)))
            if (!l.startsWith("#") && !l.isBlank()) listed.add(l.trim());
        Map<String, String> want = new TreeMap<>();
        for (var e : expected().entrySet()) {
            String addr = e.getKey().substring(0, e.getKey().lastIndexOf(':'));
            if (listed.contains(addr)) want.put(e.getKey(), e.getValue());
        }
        assertTrue(want.size() > 30, "the hitlist's hosts are in the manifest: " + want);
        assertEquals(want, exported(db, "latest", true), "every listed IPv6 host, nothing else");
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        assertEquals(listed.size(), m.get("addresses_ipv6").asLong());
        assertEquals(0, m.get("addresses_ipv4").asLong());
        assertEquals(m.get("sent").asLong(), m.get("sent_ipv6").asLong(), "every SYN over IPv6");
        assertEquals(0, m.get("validation_failures").asLong());
    }

    @Test
    void anInterfaceWithoutIpv6IsOneLineAndStoresNothing() throws Exception {
        Path db = dir.resolve("results");
        // lo has no global IPv6 address: the scan cannot send its IPv6 probes from it.
        Testbed.Result r =
                Testbed.mptcpscan(
                        60,
                        Testbed.scanArgs(
                                db,
                                "-i",
                                "lo",
                                "-G",
                                "02:00:00:00:00:01",
                                "-p",
                                "443",
                                "2001:2:0:1::10"));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains("no global IPv6 address"), r.err());
        assertFalse(Files.exists(dir.resolve("results.mv.db")), "no database made");
    }

    @Test
    void probeVersionsTellV1OnlyV0OnlyAndDualServersApart() throws Exception {
        Path db = dir.resolve("results");
        for (String v : List.of("1", "0")) {
            Testbed.Result r =
                    Testbed.mptcpscan(
                            120,
                            Testbed.scanArgs(
                                    db,
                                    "-p",
                                    "443",
                                    "-c",
                                    "1",
                                    "--mptcp-versions",
                                    v,
                                    "198.18.1.10",
                                    "198.18.6.10",
                                    "198.18.6.20"));
            assertEquals(0, r.code(), r.err());
        }
        Map<String, String> onlyV1 = exported(db, "1"), onlyV0 = exported(db, "2");
        assertEquals(
                "mptcp v=1 c=false a=false",
                onlyV1.get("198.18.1.10:443"),
                "kernel (v1-only) server with v1 probes");
        assertEquals(
                "tcp v= c=false a=false",
                onlyV0.get("198.18.1.10:443"),
                "upstream Linux answers a v0 SYN with plain TCP");
        assertEquals(
                "tcp v= c=false a=false",
                onlyV1.get("198.18.6.10:443"),
                "a v0-only server ignores v1");
        assertEquals("mptcp v=0 c=false a=true", onlyV0.get("198.18.6.10:443"));
        assertEquals("mptcp v=1 c=false a=false", onlyV1.get("198.18.6.20:443"));
        assertEquals("mptcp v=0 c=false a=true", onlyV0.get("198.18.6.20:443"));
    }

    @Test
    void aBlocklistedTargetNeverReceivesAPacket() throws Exception {
        Path block = dir.resolve("block.conf"), pcap = dir.resolve("v1side.pcap");
        Files.writeString(block, Files.readString(Testbed.BLOCKLIST) + "\n198.18.1.11\n");
        Process cap = Testbed.capture("mps-v1", "eth0", "tcp and dst net 198.18.1.0/24", pcap);
        Testbed.Result r;
        try {
            r =
                    Testbed.mptcpscan(
                            120,
                            "scan",
                            "--db",
                            dir.resolve("db").toString(),
                            "-b",
                            block.toString(),
                            "-p",
                            "443,80",
                            "-c",
                            "1",
                            "198.18.1.0/24");
        } finally {
            Testbed.stop(cap);
        }
        assertEquals(0, r.code(), r.err());
        Map<String, Integer> perHost = new TreeMap<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.ip() != null)
                        perHost.merge(p.ip().destination().toString(), 1, Integer::sum);
                });
        assertNull(
                perHost.get("198.18.1.11"),
                "blocked: " + perHost.get("198.18.1.11") + " packets reached it");
        assertTrue(
                perHost.getOrDefault("198.18.1.10", 0) >= 4,
                "the capture works: its neighbour got its probes " + perHost);
        assertEquals(255, perHost.size(), "every other address of the /24 was probed");
    }

    @Test
    void refusesWithoutPrivilegeAndOnEmptySpaces() throws Exception {
        Testbed.Result nopriv =
                Testbed.run(
                        60,
                        "ip",
                        "netns",
                        "exec",
                        Testbed.SCAN_NS,
                        "setpriv",
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                        "scan",
                        "--db",
                        "/tmp/mptcpscan-nopriv-db",
                        "-b",
                        Testbed.BLOCKLIST.toString(),
                        "198.18.1.10");
        assertEquals(2, nopriv.code(), nopriv.err());
        assertEquals(1, nopriv.err().strip().split("\n").length, nopriv.err());
        assertTrue(nopriv.err().contains("root or CAP_NET_RAW"), nopriv.err());
        Testbed.Result empty =
                Testbed.mptcpscan(60, "scan", "--db", dir.resolve("db").toString(), "198.18.1.10");
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("no targets left after the blocklist"), empty.err());
    }

    /**
     * Stage 2 against the kernel's own MPTCP stack: the third ACK goes out to every genuine server,
     * the ones with a signal endpoint announce it (ADD_ADDR) with an HMAC made from our key and
     * theirs, the C-bit ones are the load-balancer design, and the scan's nftables table is gone
     * afterwards.
     */
    @Test
    void stage2RecordsWhatServersAnnounceWithTheirHmac() throws Exception {
        Path db = dir.resolve("results"), meta = dir.resolve("m.json");
        Testbed.Result r =
                Testbed.mptcpscan(
                        180,
                        Testbed.scanArgs(
                                db,
                                "-p",
                                "443",
                                "-c",
                                "2",
                                "-q",
                                "--handshake",
                                "-m",
                                meta.toString(),
                                "-o",
                                "/dev/null",
                                "198.18.1.0/24",
                                "198.18.2.0/24",
                                "198.18.4.0/24"));
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        long mptcp = m.get("verdicts").get("mptcp").asLong();
        assertEquals(
                mptcp,
                m.get("stage2").get("handshakes").asLong(),
                "a third ACK to every genuine MPTCP server: " + m.get("stage2"));
        Testbed.Result ex =
                Testbed.mptcpscan(
                        60,
                        "export",
                        "--db",
                        db.toString(),
                        "--view",
                        "announcements",
                        "--format",
                        "csv",
                        "--fields",
                        "saddr,address,address_id,hmac");
        assertEquals(0, ex.code(), ex.err());
        assertEquals(
                java.util.List.of(
                        "\"saddr\",\"address\",\"address_id\",\"hmac\"",
                        "\"198.18.2.10\",\"198.18.254.20\",1,\"valid\"",
                        "\"198.18.2.11\",\"198.18.254.20\",1,\"valid\"",
                        "\"198.18.4.10\",\"198.18.4.20\",1,\"valid\""),
                ex.out().lines().toList(),
                "export's CSV quotes text, numbers bare");
        JsonNode rep = reportJson(db);
        assertEquals(
                2,
                rep.get("stage2").get("lb_bypass").asLong(),
                "the two C-bit servers announce their direct address: " + rep.get("stage2"));
        assertEquals(1, rep.get("stage2").get("announces").asLong(), rep.get("stage2").toString());
        Testbed.Result tables =
                Testbed.run(30, "ip", "netns", "exec", Testbed.SCAN_NS, "nft", "list", "tables");
        assertFalse(
                tables.out().contains("mptcpscan_"),
                "the scan's nftables table is removed: " + tables.out());
    }

    /**
     * kill -9 while stage 2 holds connections open (a long window), then --resume: the servers
     * still hold those connections and answer the same SYN with a bare ACK; the resumed scan resets
     * each and probes again, so every target keeps its genuine verdict (before: anomalous).
     */
    @Test
    void aScanKilledInStage2ResumesWithGenuineVerdicts() throws Exception {
        Path db = dir.resolve("results"), meta = dir.resolve("m.json");
        Process scan =
                Testbed.startScan(
                        dir,
                        Testbed.scanArgs(
                                db,
                                "-p",
                                "443,80",
                                "-c",
                                "3",
                                "--handshake-window",
                                "30",
                                "-q",
                                "-o",
                                "/dev/null",
                                "198.18.1.0/24",
                                "198.18.3.0/24"));
        Thread.sleep(4000); // sent, handshaken, past the cooldown, in the window
        Testbed.signal(scan, "KILL");
        assertTrue(scan.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        Testbed.Result open =
                Testbed.run(
                        30, "ip", "netns", "exec", "mps-v1", "ss", "-Htn", "state", "established");
        assertTrue(
                open.out().contains("198.18.0.2"),
                "the servers hold stage 2's connections: " + open.out());
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        "scan",
                        "--db",
                        db.toString(),
                        "--resume",
                        "-c",
                        "2",
                        "-q",
                        "-o",
                        "/dev/null",
                        "-m",
                        meta.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        assertEquals(10, m.get("verdicts").get("mptcp").asLong(), m.get("verdicts").toString());
        assertEquals(0, m.get("verdicts").get("anomalous").asLong(), m.get("verdicts").toString());
        assertTrue(
                m.get("stage2").get("stale_connections_reset").asLong() > 0,
                "the held connections were found and reset: " + m.get("stage2"));
    }

    /**
     * A load balancer's backend stops announcing its direct address between two scans: compare
     * names the target whose inference went from lb-bypass to c-only, and nothing else.
     */
    @Test
    void compareReportsATargetWhoseAnnouncementChanged() throws Exception {
        Path db = dir.resolve("results");
        String[] scan =
                Testbed.scanArgs(
                        db, "-p", "443", "-c", "1", "-q", "-o", "/dev/null", "198.18.7.0/24");
        assertEquals(0, Testbed.mptcpscan(120, scan).code());
        Testbed.run(30, "ip", "-n", "mps-lb1", "mptcp", "endpoint", "flush");
        try {
            assertEquals(0, Testbed.mptcpscan(120, scan).code());
        } finally {
            Testbed.run(
                    30,
                    "ip",
                    "-n",
                    "mps-lb1",
                    "mptcp",
                    "endpoint",
                    "add",
                    "198.18.8.11",
                    "dev",
                    "lo",
                    "signal");
        }
        Testbed.Result c =
                Testbed.mptcpscan(
                        60, "compare", "--db", db.toString(), "1", "2", "--format", "json");
        assertEquals(0, c.code(), c.err());
        JsonNode j = new ObjectMapper().readTree(c.out());
        assertEquals("{\"lb-bypass -> c-only\":1}", j.get("inference_transitions").toString());
        assertEquals(
                "[\"198.18.7.11:443: inference lb-bypass -> c-only, announced 198.18.8.11/1/valid"
                        + " -> none\"]",
                j.get("stage2_changed").toString());
    }

    /** --no-handshake: no third ACK, no announcements, nothing left in nftables. */
    @Test
    void noHandshakeLeavesStage2Off() throws Exception {
        Path db = dir.resolve("results"), meta = dir.resolve("m.json");
        Testbed.Result r =
                Testbed.mptcpscan(
                        180,
                        Testbed.scanArgs(
                                db,
                                "-p",
                                "443",
                                "-c",
                                "1",
                                "-q",
                                "--no-handshake",
                                "-m",
                                meta.toString(),
                                "-o",
                                "/dev/null",
                                "198.18.4.0/24"));
        assertEquals(0, r.code(), r.err());
        assertFalse(new ObjectMapper().readTree(meta.toFile()).has("stage2"));
    }
}
