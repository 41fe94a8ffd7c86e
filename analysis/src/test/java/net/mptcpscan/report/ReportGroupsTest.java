package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.mptcpscan.TestSupport;
import net.mptcpscan.capture.CaptureImport;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A report built from the counts kept with an ended scan's targets (and its genuine targets, for
 * stage 2) is byte for byte the report built by reading every target: on every capture, and on a
 * varied scan with both address families, several ports, echoes, versions, flags and stage 2.
 */
class ReportGroupsTest {
    @TempDir Path dir;

    static String json(ScanReport r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ReportService.printJson(r, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    static void assertSameReport(JdbcResultStore store, long scanId) throws Exception {
        assertNotNull(store.targetGroups(scanId), "the ended scan keeps its target counts");
        ScanSet set = ScanSet.of(store.scan(String.valueOf(scanId)));
        assertEquals(
                json(ReportService.build(store, set, null, false)),
                json(ReportService.build(store, set, null, true)));
    }

    static Stream<Path> captures() throws Exception {
        return TestSupport.captureFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void aCapturesReportIsTheSameFromTheCounts(Path pcap) throws Exception {
        try (JdbcResultStore store = JdbcResultStore.open(dir.resolve("db").toString())) {
            long id;
            try {
                id = CaptureImport.run(store, pcap, (String) null, "test").scanId();
            } catch (net.mptcpscan.capture.CaptureFormatException e) {
                org.junit.jupiter.api.Assumptions.abort("not a capture this reads: " + e);
                return;
            }
            assertSameReport(store, id);
        }
    }

    @Test
    void aVariedScansReportIsTheSameFromTheCounts() throws Exception {
        Random r = new Random(9);
        try (JdbcResultStore store = JdbcResultStore.open(dir.resolve("db").toString())) {
            long id =
                    store.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            "varied", ScanSource.SCAN, 1, 0, 1, null, "t"),
                                    1,
                                    0,
                                    "{}"));
            List<ReplyRecord> replies = new ArrayList<>();
            List<HandshakeRecord> handshakes = new ArrayList<>();
            List<AnnouncementRecord> announced = new ArrayList<>();
            HandshakeStatus[] statuses = HandshakeStatus.values();
            for (int i = 0; i < 3000; i++) {
                IpAddress a =
                        i % 5 == 0
                                ? IpAddress.v6(0x2001000200000000L, r.nextInt(400))
                                : IpAddress.v4(0xC6120000 | r.nextInt(1 << 10));
                int port = new int[] {80, 443, 8443}[r.nextInt(3)];
                ReplyClass c = ReplyClass.values()[r.nextInt(ReplyClass.values().length)];
                int version = r.nextInt(2);
                Classification cl =
                        switch (c) {
                            case MPTCP ->
                                    new Classification(
                                            c,
                                            null,
                                            version,
                                            r.nextBoolean() ? 0xA1 : 0x21,
                                            r.nextLong() | 1,
                                            Set.of());
                            case ECHO ->
                                    new Classification(
                                            c,
                                            null,
                                            null,
                                            null,
                                            null,
                                            r.nextBoolean()
                                                    ? EnumSet.of(Evidence.MPC_ECHO)
                                                    : EnumSet.allOf(Evidence.class));
                            case ANOMALOUS ->
                                    new Classification(
                                            c,
                                            r.nextBoolean() ? "zero key" : "no H bit",
                                            1,
                                            0x21,
                                            0L,
                                            Set.of());
                            default -> Classification.of(c);
                        };
                replies.add(
                        new ReplyRecord(
                                a,
                                port,
                                40000 + i,
                                version,
                                cl,
                                60,
                                1000,
                                "S.",
                                1_700_000_000_000_000L + i));
                if (c == ReplyClass.MPTCP && r.nextInt(3) > 0) {
                    handshakes.add(
                            new HandshakeRecord(
                                    a,
                                    port,
                                    1,
                                    statuses[r.nextInt(statuses.length)],
                                    2,
                                    1_700_000_000_000_000L + i));
                    if (r.nextBoolean())
                        announced.add(
                                new AnnouncementRecord(
                                        a,
                                        port,
                                        r.nextInt(2),
                                        r.nextBoolean() ? "198.18.254.1" : "2001:2::99",
                                        -1,
                                        r.nextInt(8) == 0,
                                        r.nextBoolean() ? "valid" : "invalid",
                                        1_700_000_000_000_000L + i));
                }
            }
            store.append(id, replies);
            store.appendHandshakes(id, handshakes);
            store.appendAnnouncements(id, announced);
            store.finishScan(id, ScanStatus.COMPLETE, new ScanCounts(3000, 3000, 3000, 0, 0, 0));
            assertSameReport(store, id);
        }
    }
}
