package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.mptcpscan.capture.PcapReader;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rate control, interruption and resume, kill -9, and the large live block. */
class ScanEngineTest {
    @TempDir Path dir;

    @BeforeAll
    static void testbed() throws Exception {
        Testbed.require();
    }

    /** SYNs seen at the router's side of the scanner link: (first, last) timestamps and count. */
    static long[] synsAt(Path pcap) throws Exception {
        long[] s = {Long.MAX_VALUE, 0, 0};
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() == null || !p.tcp().isSyn()) return;
                    s[0] = Math.min(s[0], ts);
                    s[1] = Math.max(s[1], ts);
                    s[2]++;
                });
        return s;
    }

    @Test
    void rateIsHeldWithinAFewPercent() throws Exception {
        Map<Integer, Double> measured = new java.util.TreeMap<>();
        for (int[] rn : new int[][] {{100, 150}, {2000, 3000}, {20000, 30000}}) {
            int rate = rn[0], targets = rn[1];
            Path pcap = dir.resolve("rate" + rate + ".pcap");
            Process cap =
                    Testbed.capture(
                            "mps-rtr",
                            "rtr0",
                            "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
                            pcap);
            Testbed.Result r;
            try {
                r =
                        Testbed.mptcpscan(
                                120,
                                Testbed.scanArgs(
                                        dir.resolve("db"),
                                        "-r",
                                        String.valueOf(rate),
                                        "-n",
                                        String.valueOf(targets),
                                        "-c",
                                        "0.5",
                                        "-q",
                                        // The rate limiter alone, into the sink where nothing
                                        // answers: on this 2-core machine the testbed's 65,536
                                        // servers share the scanner's cores, and their replies
                                        // cost the sender 5-10% at 20,000 pps from run to run
                                        // (bench-results/ has the figures with replies).
                                        "198.18.128.0/17"));
            } finally {
                Testbed.stop(cap);
            }
            assertEquals(0, r.code(), r.err());
            long[] s = synsAt(pcap);
            assertEquals(2L * targets, s[2], "every probe reached the router");
            double pps = (s[2] - 1) / ((s[1] - s[0]) / 1e6);
            measured.put(rate, pps);
            assertEquals(
                    rate,
                    pps,
                    rate * 0.05,
                    "measured at the receiving interface: "
                            + measured
                            + "; the scan said: "
                            + r.err());
        }
        System.out.println("rate accuracy (requested -> measured at the router): " + measured);
    }

    /**
     * A scan of target at 10,000 pps (seed -e), stopped with SIGSTOP 1.5 s in for stopMs, then
     * going on for afterMs before Ctrl-C; it has ended.
     */
    private void stoppedScan(String target, String seed, long stopMs, long afterMs)
            throws Exception {
        Process scan =
                Testbed.startScan(
                        dir,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-r",
                                "10000",
                                "-c",
                                "0.5",
                                "-e",
                                seed,
                                "-q",
                                target));
        Thread.sleep(1500);
        Testbed.signal(scan, "STOP");
        Thread.sleep(stopMs);
        Testbed.signal(scan, "CONT");
        Thread.sleep(afterMs);
        Testbed.signal(scan, "INT");
        assertTrue(scan.waitFor(60, TimeUnit.SECONDS));
    }

    /**
     * A stall whose time the scan did not make up (SIGSTOP for 1.5 s) is said at the end, even with
     * -q, with the time it lost: the scan ran below -r for that long.
     */
    @Test
    void aStallIsReportedWithTheTimeItLost() throws Exception {
        stoppedScan("198.18.128.0/17", "5", 1500, 1000);
        String err = Files.readString(dir.resolve("scan.err"));
        var m =
                java.util.regex.Pattern.compile("sending stalled ([0-9,]+) times? for ([0-9.]+) s")
                        .matcher(err);
        assertTrue(m.find(), err);
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) >= 1, err);
        double lost = Double.parseDouble(m.group(2));
        assertTrue(lost >= 1.2 && lost < 10, "the 1.5 s stop: " + err);
    }

    /**
     * After a stall (SIGSTOP for 2 s, as Ctrl-Z or a starved CPU would do) the scan goes on at its
     * rate, never in a burst.
     */
    @Test
    void aStalledScanNeverExceedsItsRate() throws Exception {
        Path pcap = dir.resolve("stall.pcap");
        Process cap =
                Testbed.capture(
                        "mps-rtr", "rtr0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", pcap);
        try {
            stoppedScan("198.19.0.0/16", "3", 2000, 1500);
        } finally {
            Testbed.stop(cap);
        }
        Map<Long, Integer> bins = new java.util.TreeMap<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() != null && p.tcp().isSyn())
                        bins.merge(ts / 10_000, 1, Integer::sum);
                });
        int max = bins.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        long gapStart = 0, gap = 0, prev = -1;
        for (long b : bins.keySet()) {
            if (prev >= 0 && b - prev > gap) {
                gap = b - prev;
                gapStart = prev;
            }
            prev = b;
        }
        final long after = gapStart;
        long sentAfter =
                bins.entrySet().stream()
                        .filter(e -> e.getKey() > after)
                        .mapToLong(Map.Entry::getValue)
                        .sum();
        assertTrue(gap >= 150, "the stall shows as a gap at the router: " + gap * 10 + " ms");
        assertTrue(sentAfter > 5_000, "the scan went on after the stall: " + sentAfter + " SYNs");
        // 100 SYNs per 10 ms at 10,000 pps; short delays are made up at most 25% faster, plus two
        // batches at the window's edges (a batch is at most 2 ms of the rate: 20 SYNs).
        // Repaying the 2 s would be 20,000 at once.
        assertTrue(max <= 165, "most SYNs in any 10 ms: " + max);
        System.out.println(
                "stall: most SYNs in any 10 ms after a 2 s SIGSTOP at 10,000 pps: " + max);
    }

    /** The same for each family: 16,384 live hosts of mps-big, IPv4 or IPv6. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "198.19.0.0/18, tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
        "2001:2:0:100::/114, ip6 and tcp",
    })
    void interruptedAndResumedScanCoversEveryTargetExactlyOnce(String block, String filter)
            throws Exception {
        Path db = dir.resolve("db"), pcap = dir.resolve("big.pcap");
        Process cap = Testbed.capture("mps-big", "eth0", filter, pcap);
        try {
            Process scan =
                    Testbed.startScan(
                            dir, Testbed.scanArgs(db, "-r", "6000", "-c", "1", "-e", "7", block));
            Thread.sleep(2500);
            Testbed.signal(scan, "INT");
            assertTrue(
                    scan.waitFor(60, TimeUnit.SECONDS), "Ctrl-C stops the scan after the cooldown");
            String err = Files.readString(dir.resolve("scan.err"));
            assertEquals(1, scan.exitValue(), err);
            assertTrue(err.contains("interrupted") && err.contains("--resume"), err);
            Testbed.Result scans =
                    Testbed.mptcpscan(60, "scans", "--db", db.toString(), "--format", "json");
            JsonNode first = new ObjectMapper().readTree(scans.out()).get(0);
            assertEquals("interrupted", first.get("status").asText());
            long sentFirst = first.get("sent").asLong();
            assertTrue(
                    sentFirst > 0 && sentFirst < 2 * 16384, "interrupted part way: " + sentFirst);

            Testbed.Result resumed =
                    Testbed.mptcpscan(120, "scan", "--db", db.toString(), "--resume", "-q");
            assertEquals(0, resumed.code(), resumed.err());
        } finally {
            Testbed.stop(cap);
        }
        Map<String, Integer> probes = new HashMap<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() == null || !p.tcp().isSyn()) return;
                    MptcpOption.MpCapable c = p.tcp().option(MptcpOption.MpCapable.class);
                    probes.merge(
                            p.ip().destination().toString()
                                    + ":"
                                    + p.tcp().dstPort()
                                    + " v"
                                    + c.version(),
                            1,
                            Integer::sum);
                });
        assertEquals(2 * 16384, probes.size(), "every target got both probes");
        probes.forEach((k, n) -> assertEquals(1, n, k + " was probed " + n + " times"));
        JsonNode s = listedFirst(db);
        assertEquals("complete", s.get("status").asText());
        assertEquals(
                16384,
                s.get("verdicts").get("mptcp").asLong(),
                "the one scan holds every live target");
    }

    /**
     * The blocklist file edited between Ctrl-C and --resume: the resumed scan keeps its walk (no
     * target skipped or probed twice), an entry removed from the file stays blocked, and addresses
     * added are not probed from then on. Checked at the targets' side.
     */
    @Test
    void aBlocklistEditedBeforeResumeKeepsTheWalk() throws Exception {
        Path db = dir.resolve("db"),
                pcap = dir.resolve("edit.pcap"),
                block = dir.resolve("block.conf");
        String base = Files.readString(Testbed.BLOCKLIST);
        Files.writeString(block, base + "\n198.19.32.0/24\n");
        Process cap =
                Testbed.capture(
                        "mps-big", "eth0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", pcap);
        long[] interruptedAt = new long[1];
        try {
            List<String> a =
                    new java.util.ArrayList<>(
                            List.of(
                                    Testbed.scanArgs(
                                            db,
                                            "-r",
                                            "6000",
                                            "-c",
                                            "1",
                                            "-e",
                                            "11",
                                            "198.19.0.0/18")));
            a.set(a.indexOf(Testbed.BLOCKLIST.toString()), block.toString());
            Process scan = Testbed.startScan(dir, a.toArray(new String[0]));
            Thread.sleep(2500);
            Testbed.signal(scan, "INT");
            assertTrue(scan.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, scan.exitValue(), Files.readString(dir.resolve("scan.err")));
            interruptedAt[0] = System.currentTimeMillis() * 1000;
            Files.writeString(
                    block,
                    base + "\n198.19.16.0/20\n"); // 198.19.32.0/24 removed, 198.19.16.0/20 added
            Testbed.Result resumed =
                    Testbed.mptcpscan(
                            120, "scan", "--db", db.toString(), "--resume", "-q", "-c", "1");
            assertEquals(0, resumed.code(), resumed.err());
            assertTrue(
                    resumed.err().contains("4,096 addresses added to the blocklist"),
                    resumed.err());
        } finally {
            Testbed.stop(cap);
        }
        Map<String, Integer> probes = new HashMap<>();
        Map<String, Integer> afterEdit = new HashMap<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() == null || !p.tcp().isSyn()) return;
                    String k =
                            p.ip().destination().toString()
                                    + " v"
                                    + p.tcp().option(MptcpOption.MpCapable.class).version();
                    probes.merge(k, 1, Integer::sum);
                    if (ts > interruptedAt[0]) afterEdit.merge(k, 1, Integer::sum);
                });
        int addedAndProbedBefore = 0;
        for (int i = 0; i < 16384; i++) {
            String addr = Ipv4.toString(Ipv4.parse("198.19.0.0") + i);
            boolean removedEntry = i >= 32 * 256 && i < 33 * 256,
                    added = i >= 16 * 256 && i < 32 * 256;
            for (String v : new String[] {" v1", " v0"}) {
                int n = probes.getOrDefault(addr + v, 0);
                if (removedEntry)
                    assertEquals(
                            0,
                            n,
                            addr
                                    + v
                                    + ": removed from the blocklist after the start, still"
                                    + " blocked");
                else if (added) {
                    assertEquals(
                            0,
                            afterEdit.getOrDefault(addr + v, 0),
                            addr + v + ": added to the blocklist, not probed after the edit");
                    assertTrue(n <= 1, addr + v + " probed " + n + " times");
                    addedAndProbedBefore += n;
                } else assertEquals(1, n, addr + v + ": every other target exactly once");
            }
        }
        assertTrue(
                addedAndProbedBefore > 0 && addedAndProbedBefore < 2 * 4096,
                "the interruption fell inside the added block's walk: " + addedAndProbedBefore);
    }

    @Test
    void killDashNineLeavesAConsistentDatabase() throws Exception {
        Path db = dir.resolve("db"), status = dir.resolve("status.csv");
        Process scan =
                Testbed.startScan(
                        dir,
                        Testbed.scanArgs(
                                db, "-r", "5000", "-u", status.toString(), "198.19.0.0/16"));
        long acknowledged = 0;
        for (int i = 0; i < 100 && acknowledged < 500; i++) {
            Thread.sleep(100);
            List<String> rows = Files.exists(status) ? Files.readAllLines(status) : List.of();
            if (rows.size() > 1)
                acknowledged =
                        Long.parseLong(
                                rows.get(rows.size() - 1)
                                        .split(",")[
                                        List.of(rows.get(0).split(",")).indexOf("stored-total")]);
        }
        Testbed.signal(scan, "KILL");
        scan.waitFor(10, TimeUnit.SECONDS);
        assertTrue(
                acknowledged >= 500,
                "the scan had stored replies before the kill: " + acknowledged);
        Testbed.Result scans =
                Testbed.mptcpscan(60, "scans", "--db", db.toString(), "--format", "json");
        assertEquals(0, scans.code(), "the database opens: " + scans.err());
        assertEquals(
                "interrupted",
                new ObjectMapper().readTree(scans.out()).get(0).get("status").asText());
        Testbed.Result export =
                Testbed.mptcpscan(
                        60,
                        "export",
                        "--db",
                        db.toString(),
                        "--view",
                        "replies",
                        "--format",
                        "jsonl",
                        "--fields",
                        "saddr");
        long stored = export.out().lines().count();
        assertTrue(
                stored >= acknowledged,
                stored + " replies in the database, " + acknowledged + " acknowledged as stored");
        Testbed.Result resume =
                Testbed.mptcpscan(180, "scan", "--db", db.toString(), "--resume", "-q", "-c", "1");
        assertEquals(0, resume.code(), "a killed scan resumes: " + resume.err());
        JsonNode v = listedFirst(db).get("verdicts");
        assertEquals(
                65536,
                v.get("mptcp").asLong(),
                "after the resume every live host has its verdict: " + v);
    }

    /**
     * kill -9 at a random moment while the machine is busy (three CPU hogs, so the database writer
     * can lag behind the receiver), then --resume: every target ends with a stored verdict.
     * Checkpoints that recorded the senders' positions lost up to 30% of the verdicts this way on a
     * busier machine (issue 17); ResumePointsTest covers the rule itself.
     */
    @Test
    void killDashNineUnderLoadThenResumeLosesNoVerdict() throws Exception {
        Path db = dir.resolve("db"), status = dir.resolve("status.csv");
        long seed = System.nanoTime();
        int killAfterMs = 300 + new java.util.Random(seed).nextInt(2500);
        List<Process> hogs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++)
            hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        try {
            Process scan =
                    Testbed.startScan(
                            dir,
                            Testbed.scanArgs(
                                    db,
                                    "-r",
                                    "20000",
                                    "-c",
                                    "2",
                                    "-e",
                                    "5",
                                    "-q",
                                    "-p",
                                    "443,80",
                                    "-u",
                                    status.toString(),
                                    "198.19.0.0/16"));
            for (int i = 0;
                    i < 300 && (!Files.exists(status) || Files.readAllLines(status).size() < 2);
                    i++) Thread.sleep(50);
            assertTrue(
                    Files.readAllLines(status).size() >= 2,
                    "the scan started: " + Files.readString(dir.resolve("scan.err")));
            Thread.sleep(killAfterMs);
            Testbed.signal(scan, "KILL");
            assertTrue(scan.waitFor(10, TimeUnit.SECONDS));
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        Testbed.Result resume =
                Testbed.mptcpscan(180, "scan", "--db", db.toString(), "--resume", "-q", "-c", "2");
        assertEquals(0, resume.code(), "killed after " + killAfterMs + " ms: " + resume.err());
        JsonNode s = listedFirst(db);
        assertEquals("complete", s.get("status").asText());
        long all = 0;
        for (JsonNode v : s.get("verdicts")) all += v.asLong();
        assertEquals(
                2 * 65536,
                all,
                "every target (443 open, 80 closed) has its verdict (killed after "
                        + killAfterMs
                        + " ms): "
                        + s.get("verdicts"));
        assertEquals(
                65536,
                s.get("verdicts").get("mptcp").asLong(),
                "every live MPTCP host found: " + s.get("verdicts"));
    }

    /**
     * Four ports at the maximum rate into a 1 MiB capture buffer: replies are lost, and the scan
     * says so.
     */
    String[] overload(Path db, String... extra) {
        List<String> a =
                new java.util.ArrayList<>(
                        List.of(
                                Testbed.scanArgs(
                                        db,
                                        "-r",
                                        "0",
                                        "-T",
                                        "2",
                                        "-c",
                                        "2",
                                        "-q",
                                        "-e",
                                        "3",
                                        "-p",
                                        "443,80,8443,8081",
                                        "--pcap-buffer",
                                        "1")));
        a.addAll(List.of(extra));
        a.add("198.19.0.0/16");
        return a.toArray(new String[0]);
    }

    @Test
    void lostRepliesAreReportedInTheExitCodeTheMetadataAndTheStoredScan() throws Exception {
        Path db = dir.resolve("db"), meta = dir.resolve("m.json");
        Testbed.Result r = Testbed.mptcpscan(300, overload(db, "-m", meta.toString()));
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        long dropped = m.get("dropped").asLong();
        assertTrue(dropped > 0, "the overload lost replies: " + m);
        assertEquals(3, r.code(), "exit 3: complete, but replies were lost; " + r.err());
        assertTrue(r.err().contains(String.format("%,d replies were lost", dropped)), r.err());
        assertEquals(dropped, m.get("pcap_drop").asLong() + m.get("interface_drop").asLong());
        JsonNode s = listedFirst(db);
        assertEquals(dropped, s.get("dropped").asLong(), "the stored scan keeps the count");
    }

    /**
     * --max-drop-rate stops a scan that loses replies; resumed slower, it ends with every verdict,
     * none wrong.
     */
    @Test
    void aScanStoppedForDropsResumesSlowerWithEveryVerdict() throws Exception {
        Path db = dir.resolve("db");
        Testbed.Result r = Testbed.mptcpscan(300, overload(db, "--max-drop-rate", "0.01"));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("--max-drop-rate") && r.err().contains("--resume"), r.err());
        JsonNode s = listedFirst(db);
        assertEquals("interrupted", s.get("status").asText());
        Testbed.Result resumed =
                Testbed.mptcpscan(
                        300,
                        "scan",
                        "--db",
                        db.toString(),
                        "--resume",
                        "-r",
                        "50000",
                        "-q",
                        "-c",
                        "2");
        assertEquals(0, resumed.code(), resumed.err());
        JsonNode v = listedFirst(db).get("verdicts");
        assertEquals(65536, v.get("mptcp").asLong(), "every live host on 443: " + v);
        assertEquals(
                0,
                v.get("tcp").asLong(),
                "none taken for plain TCP because its v1 reply was lost: " + v);
        assertEquals(3 * 65536, v.get("closed").asLong(), v.toString());
    }

    /**
     * --slow-on-drops: the same overload ends complete in one command, every verdict there, none
     * wrong, the slow-down said.
     */
    @Test
    void slowOnDropsGoesBackAndEndsWithEveryVerdict() throws Exception {
        Path db = dir.resolve("db");
        Testbed.Result r = Testbed.mptcpscan(600, overload(db, "--slow-on-drops"));
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.err().contains("going back to before the first loss"),
                "the slow-down is said: " + r.err());
        JsonNode s = listedFirst(db);
        assertEquals("complete", s.get("status").asText());
        JsonNode v = s.get("verdicts");
        assertEquals(65536, v.get("mptcp").asLong(), "every live host on 443: " + v);
        assertEquals(0, v.get("tcp").asLong(), v.toString());
        assertEquals(3 * 65536, v.get("closed").asLong(), v.toString());
    }

    /**
     * Without -o, stdout gets zmap's default: each answering target's address once (success = 1 &&
     * repeat = 0), no header.
     */
    @Test
    void withoutOutputFileStdoutIsZmapsDefaultMode() throws Exception {
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "-p",
                                "443,80",
                                "-e",
                                "2",
                                "198.19.0.0/24"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(
                256,
                lines.size(),
                "port 443 answers with SYN-ACKs (v1 and v0 probes: one line), port 80 with RSTs"
                        + " (none): "
                        + r.out().length());
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < 256; i++) expected.add("198.19.0." + i);
        assertEquals(expected, new java.util.HashSet<>(lines));
    }

    /**
     * -O json writes one object a line, as zmap's json module; csv drops its header with
     * --no-header-row.
     */
    @Test
    void outputModulesWriteWhatZmapsDo() throws Exception {
        Path json = dir.resolve("o.json"), csv = dir.resolve("o.csv");
        Testbed.Result a =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "-O",
                                "json",
                                "-o",
                                json.toString(),
                                "-f",
                                "saddr,class",
                                "198.19.0.0/28"));
        assertEquals(0, a.code(), a.err());
        List<String> lines = Files.readAllLines(json);
        assertEquals(32, lines.size(), "16 hosts, v1 and v0 replies each");
        for (String l : lines) assertTrue(new ObjectMapper().readTree(l).isObject(), l);
        Testbed.Result b =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "--no-header-row",
                                "-o",
                                csv.toString(),
                                "-f",
                                "saddr",
                                "198.19.0.0/28"));
        assertEquals(0, b.code(), b.err());
        for (String l : Files.readAllLines(csv))
            assertTrue(l.startsWith("198.19.0."), "no header: " + l);
    }

    /**
     * zmap's fields on -o with zmap's meanings, and --output-filter in zmap's syntax: 8 hosts, 443
     * open, 8443 closed, two probes each.
     */
    @Test
    void zmapFieldsAndOutputFilterMeanWhatTheyMeanInZmap() throws Exception {
        Path csv = dir.resolve("all.csv");
        Testbed.Result a =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "-p",
                                "443,8443",
                                "-o",
                                csv.toString(),
                                "--output-filter",
                                "",
                                "-f",
                                "saddr,sport,success,classification,repeat,cooldown,seqnum,acknum,daddr,tcpopt_mss,timestamp_ts,timestamp_us,timestamp",
                                "198.19.0.0/29"));
        assertEquals(0, a.code(), a.err());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(
                1 + 32, rows.size(), "every reply, repeats too, with an empty filter: " + rows);
        Map<String, Integer> firsts = new HashMap<>();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            boolean open = f[1].equals("443");
            assertEquals(open ? "1" : "0", f[2], "success is a SYN-ACK: " + row);
            assertEquals(open ? "synack" : "rst", f[3], row);
            if (f[4].equals("0")) firsts.merge(f[0] + ":" + f[1], 1, Integer::sum);
            assertEquals("198.18.0.2", f[8], "daddr is ours: " + row);
            assertEquals(open, !f[9].isEmpty(), "an MSS on SYN-ACKs only: " + row);
            long micros = Long.parseLong(f[10]) * 1_000_000 + Long.parseLong(f[11]);
            java.time.Instant t = java.time.Instant.parse(f[12]);
            assertEquals(
                    t.getEpochSecond() * 1_000_000 + t.getNano() / 1000,
                    micros,
                    "timestamp_ts/us and timestamp are one moment: " + row);
            assertTrue(f[12].matches(".*\\.\\d{6}Z"), "six decimals always: " + f[12]);
        }
        assertEquals(
                16,
                firsts.size(),
                "each (address, port) has exactly one row with repeat = 0: " + firsts);
        assertTrue(firsts.values().stream().allMatch(n -> n == 1), firsts.toString());

        Path rst = dir.resolve("rst.csv");
        Testbed.Result b =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "-p",
                                "443,8443",
                                "-o",
                                rst.toString(),
                                "--no-header-row",
                                "--output-filter",
                                "classification = rst && repeat = 0",
                                "-f",
                                "saddr,sport",
                                "198.19.0.0/29"));
        assertEquals(0, b.code(), b.err());
        List<String> closed = Files.readAllLines(rst);
        assertEquals(8, closed.size(), closed.toString());
        assertTrue(closed.stream().allMatch(l -> l.endsWith(",8443")), closed.toString());

        Testbed.Result c =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-c",
                                "1",
                                "-q",
                                "-p",
                                "443,8443",
                                "-f",
                                "saddr,sport",
                                "198.19.0.0/29"));
        assertEquals(0, c.code(), c.err());
        List<String> hits = c.out().lines().toList();
        assertEquals(8, hits.size(), "default mode: success = 1 && repeat = 0: " + hits);
        assertTrue(hits.stream().allMatch(l -> l.endsWith(",443")), hits.toString());
    }

    /**
     * zmap's SIGUSR1 raises the send rate by 5% a signal (five: x1.28), measured at the router;
     * SIGUSR2 lowers it.
     */
    @Test
    void sigusr1RaisesTheRate() throws Exception {
        Path pcap = dir.resolve("usr1.pcap");
        Process cap =
                Testbed.capture(
                        "mps-rtr", "rtr0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", pcap);
        // Before the first signal, and once the fifth was taken (each waits for the scan's line,
        // which on a loaded machine can take more than the second that used to be assumed).
        long[] switchedAt = new long[2];
        try {
            Process scan =
                    Testbed.startScan(
                            dir,
                            Testbed.scanArgs(
                                    dir.resolve("db"),
                                    "-r",
                                    "4000",
                                    "-c",
                                    "0.5",
                                    "-e",
                                    "4",
                                    "198.19.0.0/16"));
            for (int i = 0;
                    i < 100 && !Files.readString(dir.resolve("scan.err")).contains("send:");
                    i++) Thread.sleep(100);
            Thread.sleep(1500);
            switchedAt[0] = System.currentTimeMillis() * 1000;
            // One signal at a time, each seen before the next: two of a kind sent at once can
            // merge into one (POSIX keeps one pending signal per kind).
            for (int i = 0; i < 5; i++) {
                Testbed.signal(scan, "USR1");
                for (int w = 0;
                        w < 50
                                && Files.readString(dir.resolve("scan.err"))
                                                        .split("send rate now", -1)
                                                        .length
                                                - 1
                                        <= i;
                        w++) Thread.sleep(20);
            }
            switchedAt[1] = System.currentTimeMillis() * 1000;
            Thread.sleep(3000);
            Testbed.signal(scan, "USR2"); // and SIGUSR2 lowers it by 5%
            Thread.sleep(300);
            Testbed.signal(scan, "INT");
            assertTrue(scan.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(dir.resolve("scan.err"));
            assertTrue(
                    err.contains("send rate now 128% of -r")
                            && err.contains("send rate now 122% of -r"),
                    err);
        } finally {
            Testbed.stop(cap);
        }
        long t = switchedAt[0], u = switchedAt[1];
        long[] before = {0}, after = {0};
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() == null || !p.tcp().isSyn()) return;
                    if (ts > t - 1_000_000 && ts <= t) before[0]++;
                    if (ts > u + 500_000 && ts <= u + 1_500_000) after[0]++;
                });
        assertEquals(4000, before[0], 200, "the rate before");
        assertEquals(4000 * Math.pow(1.05, 5), after[0], 250, "the rate after five SIGUSR1");
    }

    /**
     * zmap's --min-hitrate: a scan of silent (filtered) space stops after five seconds below it,
     * resumable.
     */
    @Test
    void minHitrateStopsAScanOfSilentSpace() throws Exception {
        Path db = dir.resolve("db");
        long t0 = System.nanoTime();
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                db,
                                "-r",
                                "500",
                                "-c",
                                "0.5",
                                "--min-hitrate",
                                "1",
                                "198.18.128.0/20"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("below --min-hitrate 1.0% for 5 seconds"), r.err());
        assertTrue(seconds < 14, "stopped early, not after the 16 s the scan takes: " + seconds);
        JsonNode s = listedFirst(db);
        assertEquals("interrupted", s.get("status").asText());
    }

    /** The scans `scans --format json` lists for db. */
    static JsonNode listed(Path db) throws Exception {
        return new ObjectMapper()
                .readTree(
                        Testbed.mptcpscan(60, "scans", "--db", db.toString(), "--format", "json")
                                .out());
    }

    /** The first scan listed for db (the only one, where a test calls it). */
    static JsonNode listedFirst(Path db) throws Exception {
        return listed(db).get(0);
    }

    /**
     * -t and -N end a scan as the user asked: exit 0 as zmap's (scripts chain on it), the scan
     * stored interrupted so --resume can go on, and the last line says which limit and how.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.CsvSource({"-t, 1", "-N, 5"})
    void aLimitTheUserSetEndsTheScanDoneAndResumable(String flag, String value) throws Exception {
        Path db = dir.resolve("db");
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(
                                db, "-r", "500", "-c", "0.5", flag, value, "198.19.0.0/16"));
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.err().contains("stopped at " + flag + "/") && r.err().contains("--resume"),
                r.err());
        assertEquals("interrupted", listedFirst(db).get("status").asText());
    }

    /**
     * -N is judged as the replies come, not once a second: at 500 pps a second's overshoot was 250
     * targets more than the five answers asked for.
     */
    @Test
    void maxResultsStopsSendingSoonAfterItsResults() throws Exception {
        Path db = dir.resolve("db");
        Testbed.Result r =
                Testbed.mptcpscan(
                        120,
                        Testbed.scanArgs(db, "-r", "500", "-c", "0.5", "-N", "5", "198.19.0.0/16"));
        assertEquals(0, r.code(), r.err());
        long sent = listedFirst(db).get("sent").asLong();
        assertTrue(sent < 200, "probes sent before -N 5 stopped the scan: " + sent);
    }

    /** A live scan whose output cannot be written is refused before it stores or sends anything. */
    @Test
    void aLiveScanWithABadOutputLeavesNoScanBehind() throws Exception {
        Path db = dir.resolve("db"), pcap = dir.resolve("router.pcap");
        Testbed.Result first =
                Testbed.mptcpscan(120, Testbed.scanArgs(db, "-c", "0.5", "-q", "198.19.0.0/28"));
        assertEquals(0, first.code(), first.err());
        Process cap =
                Testbed.capture(
                        "mps-rtr", "rtr0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", pcap);
        try {
            for (String[] bad :
                    new String[][] {
                        {"-m", dir.resolve("nofolder/m.json").toString()},
                        {"-o", db + ".mv.db"},
                        {"-u", dir.toString()}
                    }) {
                Testbed.Result r =
                        Testbed.mptcpscan(
                                120,
                                Testbed.scanArgs(
                                        db, "-c", "0.5", "-q", bad[0], bad[1], "198.19.0.0/28"));
                assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
                assertEquals(1, r.err().strip().split("\n").length, r.err());
            }
        } finally {
            Testbed.stop(cap);
        }
        assertEquals(0, synsAt(pcap)[2], "nothing was sent");
        JsonNode scans = listed(db);
        assertEquals(1, scans.size(), "only the first scan is stored: " + scans);
    }

    /**
     * Scans the 65,536 live hosts with v1 probes at a rate (0 = maximum); returns the -m metadata.
     */
    JsonNode scanLargeBlock(String rate, String cooldown) throws Exception {
        Path meta = dir.resolve("meta.json");
        Testbed.Result r =
                Testbed.mptcpscan(
                        300,
                        Testbed.scanArgs(
                                dir.resolve("db"),
                                "-r",
                                rate,
                                "-c",
                                cooldown,
                                "-q",
                                "-m",
                                meta.toString(),
                                "-u",
                                dir.resolve("status.csv").toString(),
                                "--mptcp-versions",
                                "1",
                                "198.19.0.0/16"));
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(meta.toFile());
    }

    @Test
    void largeBlockAtAModerateRateFindsEveryLiveHost() throws Exception {
        JsonNode m = scanLargeBlock("25000", "2");
        assertEquals(
                65536,
                m.get("reply_classes").get("mptcp").asLong(),
                "100% of the live block found");
        assertEquals(100.0, m.get("hit_rate").asDouble(), 0.001);
        assertEquals(0, m.get("dropped").asLong());
        assertEquals(
                0, m.get("store_stalls").asLong(), "the receiver never waited for the database");
        // -u: zmap 4.3.4's columns first, in its order (src/monitor.c), then ours; its last row
        // counts every answering target.
        List<String> u = Files.readAllLines(dir.resolve("status.csv"));
        assertTrue(
                u.get(0)
                        .startsWith(
                                "real-time,time-elapsed,time-remaining,percent-complete,hit-rate,active-send-threads,"
                                    + "sent-total,sent-last-one-sec,sent-avg-per-sec,recv-success-total,recv-success-last-one-sec,recv-success-avg-per-sec,"
                                    + "recv-total,recv-total-last-one-sec,recv-total-avg-per-sec,pcap-drop-total,drop-last-one-sec,drop-avg-per-sec,"
                                    + "sendto-fail-total,sendto-fail-last-one-sec,sendto-fail-avg-per-sec,"),
                u.get(0));
        List<String> header = List.of(u.get(0).split(",")),
                last = List.of(u.get(u.size() - 1).split(","));
        assertEquals(header.size(), last.size(), "a value per column: " + u.get(u.size() - 1));
        assertEquals("65536", last.get(header.indexOf("recv-success-total")));
        assertEquals("65536", last.get(header.indexOf("sent-total")));
        assertEquals(100.0, Double.parseDouble(last.get(header.indexOf("hit-rate"))), 0.001);
    }

    @Test
    void largeBlockAtTheHighestRateReportsHitRateAndDrops() throws Exception {
        JsonNode m = scanLargeBlock("0", "3");
        assertTrue(m.has("hit_rate") && m.has("dropped"));
        double hit = m.get("hit_rate").asDouble();
        assertTrue(hit > 0 && hit <= 100.0, "hit rate " + hit);
        System.out.printf(
                "large block at the maximum rate: %d sent, hit rate %.2f%%, %d dropped by the"
                        + " capture%n",
                m.get("sent").asLong(), hit, m.get("dropped").asLong());
    }

    /** A disk that fills during a scan: one line, exit 1, and what was stored stays readable. */
    @Test
    void aFullDiskEndsTheScanCleanly() throws Exception {
        Path mnt = dir.resolve("small");
        Files.createDirectories(mnt);
        assertEquals(
                0,
                Testbed.run(30, "mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", mnt.toString())
                        .code());
        try {
            Path db = mnt.resolve("db");
            Testbed.Result r =
                    Testbed.mptcpscan(
                            300,
                            Testbed.scanArgs(
                                    db,
                                    "-r",
                                    "50000",
                                    "-p",
                                    "443,80",
                                    "-c",
                                    "1",
                                    "-q",
                                    "198.19.0.0/16"));
            assertEquals(1, r.code(), r.err());
            assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
            assertTrue(r.err().contains("is full"), r.err());
            Testbed.Result scans =
                    Testbed.mptcpscan(60, "scans", "--db", db.toString(), "--format", "json");
            assertEquals(0, scans.code(), "the database still opens: " + scans.err());
            JsonNode s = new ObjectMapper().readTree(scans.out()).get(0);
            assertEquals("interrupted", s.get("status").asText());
            assertTrue(
                    s.get("verdicts").get("mptcp").asLong() > 0,
                    "the replies stored before the disk filled are there");
        } finally {
            Testbed.run(30, "umount", mnt.toString());
        }
    }

    /**
     * Starts a scan of the large block that writes -u, and waits until it has sent for about a
     * second.
     */
    Process startLargeBlockScan(Path db, Path status, String... extra) throws Exception {
        List<String> a =
                new java.util.ArrayList<>(
                        List.of(
                                Testbed.scanArgs(
                                        db,
                                        "-r",
                                        "10000",
                                        "-c",
                                        "2",
                                        "-q",
                                        "-p",
                                        "443",
                                        "-u",
                                        status.toString())));
        a.addAll(List.of(extra));
        a.add("198.19.0.0/16");
        Process scan = Testbed.startScan(dir, a.toArray(new String[0]));
        for (int i = 0;
                i < 300 && (!Files.exists(status) || Files.readAllLines(status).size() < 3);
                i++) Thread.sleep(50);
        assertTrue(
                Files.readAllLines(status).size() >= 3,
                "the scan started: " + Files.readString(dir.resolve("scan.err")));
        return scan;
    }

    /**
     * The scanner's link goes down mid-scan: one line, exit 1 (a failure, not bad input), and a
     * resume after it is back finds every host.
     */
    @Test
    void anInterfaceGoingDownStopsTheScanResumably() throws Exception {
        Path db = dir.resolve("db");
        Process scan = startLargeBlockScan(db, dir.resolve("status.csv"));
        try {
            Testbed.scannerLinkDown();
            assertTrue(scan.waitFor(30, TimeUnit.SECONDS), "the scan ended");
        } finally {
            Testbed.scannerLinkUp();
        }
        String err = Files.readString(dir.resolve("scan.err"));
        assertEquals(1, scan.exitValue(), err);
        assertEquals(1, err.strip().split("\n").length, "one line: " + err);
        assertTrue(err.contains("sending failed") && err.contains("Network is down"), err);
        JsonNode s = listedFirst(db);
        assertEquals("interrupted", s.get("status").asText());
        Testbed.Result resumed =
                Testbed.mptcpscan(180, "scan", "--db", db.toString(), "--resume", "-q", "-c", "2");
        assertEquals(0, resumed.code(), resumed.err());
        Testbed.Result listed =
                Testbed.mptcpscan(60, "scans", "--db", db.toString(), "--format", "json");
        assertEquals(0, listed.code(), listed.err());
        JsonNode v = new ObjectMapper().readTree(listed.out()).get(0).get("verdicts");
        assertEquals(65536, v.get("mptcp").asLong(), "every live host after the resume: " + v);
    }

    /**
     * With --max-sendto-failures -1 a link down for a second is waited out: failed batches are
     * retried, no target is skipped.
     */
    @Test
    void aLinkDownForASecondIsWaitedOutWithMaxSendtoFailures() throws Exception {
        Path db = dir.resolve("db"), meta = dir.resolve("m.json");
        Process scan =
                startLargeBlockScan(
                        db,
                        dir.resolve("status.csv"),
                        "--max-sendto-failures",
                        "-1",
                        // SYNs only, as zmap: stage 2's segments in flight during the outage
                        // would be counted as lost frames at the interface (exit 3).
                        "--no-handshake",
                        "-m",
                        meta.toString());
        try {
            Testbed.scannerLinkDown();
            Thread.sleep(1000);
        } finally {
            Testbed.scannerLinkUp();
        }
        assertTrue(scan.waitFor(120, TimeUnit.SECONDS), "the scan ended");
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        // A frame arriving while the link was down may be dropped by the interface and counted
        // (exit 3, said on the last line): what matters is that no target was skipped.
        assertTrue(
                scan.exitValue() == 0
                        || (scan.exitValue() == 3
                                && m.get("dropped").asLong() == m.get("interface_drop").asLong()),
                Files.readString(dir.resolve("scan.err")));
        assertTrue(
                m.get("send_to_failures").asLong() > 0,
                "the failures are counted: " + m.get("send_to_failures"));
        assertEquals(
                65536,
                m.get("verdicts").get("mptcp").asLong(),
                "every live host, none skipped while the link was down: " + m.get("verdicts"));
    }

    /**
     * zmap's -S range: probes leave from every address of it, and every reply, to whichever
     * address, validates.
     */
    @Test
    void aSourceRangeSpreadsProbesAndEveryReplyValidates() throws Exception {
        Path pcap = dir.resolve("sources.pcap"), meta = dir.resolve("m.json");
        Process cap =
                Testbed.capture(
                        "mps-rtr", "rtr0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn", pcap);
        Testbed.Result r;
        try {
            r =
                    Testbed.mptcpscan(
                            120,
                            Testbed.scanArgs(
                                    dir.resolve("db"),
                                    "-c",
                                    "1",
                                    "-q",
                                    "-S",
                                    "198.18.0.2-198.18.0.5",
                                    "-m",
                                    meta.toString(),
                                    "-o",
                                    "/dev/null",
                                    "198.19.0.0/24"));
        } finally {
            Testbed.stop(cap);
        }
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        assertEquals(
                256,
                m.get("verdicts").get("mptcp").asLong(),
                "every host found from four sources: " + m.get("verdicts"));
        assertEquals(0, m.get("validation_failures").asLong());
        Map<net.mptcpscan.wire.IpAddress, Integer> bySource = new HashMap<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, len, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, len);
                    if (p.tcp() != null && p.tcp().isSyn())
                        bySource.merge(p.ip().source(), 1, Integer::sum);
                });
        assertEquals(4, bySource.size(), "SYNs from each of the four addresses: " + bySource);
        for (int n : bySource.values())
            assertTrue(n > 512 / 8, "spread, not all from one: " + bySource);
        assertEquals(4, m.get("source_ips").size());
    }
}
