package net.mptcpscan.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.mptcpscan.TestSupport;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * `analyze --pcap` on the real captures gives the verdicts tcpdump's own decoding implies: a server
 * whose SYN-ACK tcpdump shows with "mptcp 12 capable vN" is mptcp vN, one whose SYN-ACK has no
 * MP_CAPABLE is tcp, one that answered the SYN with a RST is closed.
 */
class CaptureAnalyzerTest {
    private static final Pattern LINE =
            Pattern.compile(
                    "\\s(\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+) >"
                            + " (\\d+\\.\\d+\\.\\d+\\.\\d+)\\.(\\d+): Flags \\[([^\\]]*)\\]");
    private static final Pattern CAPABLE = Pattern.compile("mptcp 12 capable v(\\d)");

    @TempDir Path dir;

    static Map<String, String> expectedFromTcpdump(Path file) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        java.util.Set<String> synSeen = new java.util.HashSet<>();
        for (String pkt :
                TestSupport.tcpdumpPackets(
                        TestSupport.run("tcpdump", "-nn", "-v", "-r", file.toString()))) {
            Matcher m = LINE.matcher(pkt);
            if (!m.find()) continue;
            String from = m.group(1) + ":" + m.group(2),
                    to = m.group(3) + ":" + m.group(4),
                    flags = m.group(5);
            if (flags.equals("S") && !pkt.contains(" join ")) synSeen.add(from + ">" + to);
            if (flags.equals("S.") && !pkt.contains(" join ")) {
                Matcher c = CAPABLE.matcher(pkt);
                expected.put(from, c.find() ? "mptcp v" + c.group(1) : "tcp");
            }
            if (flags.startsWith("R")
                    && synSeen.contains(to + ">" + from)
                    && !expected.containsKey(from)) expected.put(from, "closed");
        }
        return expected;
    }

    static Map<String, String> ours(List<ReplyRecord> replies) {
        Map<String, List<Classification>> byTarget = new HashMap<>();
        for (ReplyRecord r : replies)
            byTarget.computeIfAbsent(r.target() + ":" + r.targetPort(), k -> new ArrayList<>())
                    .add(r.classification());
        Map<String, String> out = new TreeMap<>();
        byTarget.forEach(
                (k, v) -> {
                    TargetVerdict t = TargetVerdict.aggregate(IpAddress.v4(0), 0, v);
                    out.put(
                            k,
                            t.verdict() == ReplyClass.MPTCP
                                    ? "mptcp v" + t.versions()
                                    : t.verdict().wireName);
                });
        return out;
    }

    @TestFactory
    Stream<DynamicTest> verdictsMatchTcpdump() throws Exception {
        return DynamicTest.stream(
                TestSupport.captureFiles().stream(),
                f -> f.getFileName().toString(),
                file -> {
                    List<ReplyRecord> replies = new ArrayList<>();
                    CaptureAnalyzer.Summary s = CaptureAnalyzer.analyze(file, replies::add);
                    assertEquals(expectedFromTcpdump(file), ours(replies));
                    assertTrue(s.frames() > 0);
                });
    }

    /** Wireshark saves pcapng: every capture, converted by editcap, analyses the same. */
    @TestFactory
    Stream<DynamicTest> pcapngGivesTheSameResults() throws Exception {
        return DynamicTest.stream(
                TestSupport.captureFiles().stream(),
                f -> f.getFileName().toString(),
                file -> {
                    Path ng = dir.resolve(file.getFileName() + "ng");
                    TestSupport.run("editcap", "-F", "pcapng", file.toString(), ng.toString());
                    List<ReplyRecord> a = new ArrayList<>(), b = new ArrayList<>();
                    CaptureAnalyzer.Summary sa = CaptureAnalyzer.analyze(file, a::add),
                            sb = CaptureAnalyzer.analyze(ng, b::add);
                    assertEquals(sa.frames(), sb.frames());
                    assertEquals(sa.mptcpOptions(), sb.mptcpOptions());
                    assertEquals(sa.defects(), sb.defects());
                    assertEquals(a, b, "the same replies, timestamps included");
                });
    }

    @Test
    void knownCapturesHoldTheServersTheirReadmeDescribes() throws Exception {
        // A cross-check that the tcpdump-derived expectation above is not empty where it matters.
        assertEquals(
                Map.of("10.1.1.2:22", "mptcp v0"),
                expectedFromTcpdump(TestSupport.captures().resolve("tcpdump-mptcp-v0.pcap")));
        assertTrue(
                expectedFromTcpdump(TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap"))
                        .containsValue("mptcp v1"));
    }

    @Test
    void analyzedCaptureIsStoredAsAScan() throws Exception {
        try (JdbcResultStore store = JdbcResultStore.open(dir.resolve("db").toString())) {
            CaptureImport.Result r =
                    CaptureImport.run(
                            store,
                            TestSupport.captures().resolve("tcpdump-mptcp-fclose.pcap"),
                            (String) null,
                            "test");
            ScanRecord s = store.scan(String.valueOf(r.scanId()));
            assertEquals(ScanSource.PCAP, s.source());
            assertEquals(ScanStatus.COMPLETE, s.status());
            assertEquals(1, store.verdictCounts(r.scanId())[ReplyClass.MPTCP.rank()]);
            CaptureAnalyzer.Summary oobr =
                    CaptureImport.run(
                                    store,
                                    TestSupport.captures().resolve("tcpdump-mptcp-dss-oobr.pcap"),
                                    "oobr",
                                    "test")
                            .summary();
            assertEquals(1, oobr.defects());
            assertTrue(oobr.defectSamples().get(0).contains("DSS"));
            assertThrows(
                    CaptureFormatException.class,
                    () ->
                            CaptureImport.run(
                                    store,
                                    TestSupport.captures().resolve("README.md"),
                                    (String) null,
                                    "test"));
            assertEquals(2, store.scans().size(), "a file that is not a capture stores nothing");
        }
    }

    /**
     * A pcapng with nanosecond timestamps (if_tsresol 9, as many tools write), from a classic pcap;
     * big-endian, unlike editcap's files on this machine, so both byte orders are read.
     */
    static Path nanosecondPcapng(Path pcap, Path out) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(b);
        int link;
        try (PcapReader r = PcapReader.open(pcap)) {
            link = r.linkTypeNumber();
        }
        d.writeInt(0x0A0D0D0A);
        d.writeInt(28);
        d.writeInt(0x1A2B3C4D);
        d.writeShort(1);
        d.writeShort(0);
        d.writeLong(-1);
        d.writeInt(28);
        d.writeInt(1);
        d.writeInt(32);
        d.writeShort(link);
        d.writeShort(0);
        d.writeInt(65535);
        d.writeShort(9);
        d.writeShort(1);
        d.writeByte(9);
        d.writeByte(0);
        d.writeShort(0); // if_tsresol = 10^-9, padded
        d.writeInt(0);
        d.writeInt(32); // opt_endofopt, block length
        PcapReader.readAll(
                pcap,
                (ts, buf, cap, orig) -> {
                    try {
                        int pad = (4 - cap % 4) % 4, len = 32 + cap + pad;
                        long ns = ts * 1000 + 999; // below a microsecond: dropped, never rounded up
                        d.writeInt(6);
                        d.writeInt(len);
                        d.writeInt(0);
                        d.writeInt((int) (ns >>> 32));
                        d.writeInt((int) ns);
                        d.writeInt(cap);
                        d.writeInt(orig);
                        d.write(buf, 0, cap);
                        d.write(new byte[pad]);
                        d.writeInt(len);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return java.nio.file.Files.write(out, b.toByteArray());
    }

    /**
     * Nanosecond pcapng timestamps are read as such, not as microseconds (which put them in year
     * 58803); big-endian link types too.
     */
    @TestFactory
    Stream<DynamicTest> nanosecondPcapngGivesTheSameTimes() throws Exception {
        return DynamicTest.stream(
                TestSupport.captureFiles().stream(),
                f -> f.getFileName().toString(),
                file -> {
                    Path ng =
                            nanosecondPcapng(file, dir.resolve(file.getFileName() + ".ns.pcapng"));
                    List<ReplyRecord> a = new ArrayList<>(), b = new ArrayList<>();
                    CaptureAnalyzer.Summary sa = CaptureAnalyzer.analyze(file, a::add),
                            sb = CaptureAnalyzer.analyze(ng, b::add);
                    assertEquals(sa.frames(), sb.frames());
                    assertEquals(sa.firstMicros(), sb.firstMicros());
                    assertEquals(a, b, "the same replies, timestamps included");
                });
    }

    /**
     * An imported capture is dated by its packets, not by the day it was imported: trend over old
     * captures means something.
     */
    @Test
    void importedCaptureIsDatedByItsPackets() throws Exception {
        Path cap = TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap");
        long[] span = {Long.MAX_VALUE, 0};
        PcapReader.readAll(
                cap,
                (ts, buf, len, orig) -> {
                    span[0] = Math.min(span[0], ts);
                    span[1] = Math.max(span[1], ts);
                });
        try (JdbcResultStore store = JdbcResultStore.open(dir.resolve("dated").toString())) {
            ScanRecord s =
                    store.scan(
                            String.valueOf(
                                    CaptureImport.run(store, cap, (String) null, "test").scanId()));
            assertEquals(span[0] / 1000, s.startedAt());
            assertEquals(span[1] / 1000, s.endedAt());
        }
    }

    /**
     * An old kernel's ADD_ADDR in a real capture: keys from its handshake, the HMAC's leftmost
     * half.
     */
    @Test
    void announcementsAreVerifiedWithTheHandshakesKeys() throws Exception {
        CaptureAnalyzer.Summary s =
                CaptureAnalyzer.analyze(
                        TestSupport.captures().resolve("tcpdump-mptcp-aa-v1.pcap"), r -> {});
        assertEquals(1, s.announcements().size(), s.announcements().toString());
        CaptureAnalyzer.Announcement a = s.announcements().get(0);
        assertEquals("192.168.136.225", a.address());
        assertEquals(1, a.addressId());
        assertEquals("server", a.side());
        assertEquals(net.mptcpscan.classify.AddAddrHmac.Verdict.VALID_LEGACY, a.hmac());
    }
}
