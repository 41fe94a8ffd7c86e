package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaigns over a real H2 file: shards stored as separate scans read as one (the same report as
 * one scan of all their targets), missing and unfinished shards said, vantages kept apart.
 */
class CampaignTest {
    @TempDir Path dir;
    JdbcResultStore store;

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    static ReplyRecord reply(int host, ReplyClass c, Integer version, long micros) {
        Classification cl =
                new Classification(
                        c,
                        null,
                        version,
                        version == null ? null : 0x81,
                        version == null ? null : 0x1234L + host,
                        Set.of());
        return new ReplyRecord(
                IpAddress.v4(0xC6120100 + host), 443, 40000, 1, cl, 64, 65535, "S.", micros);
    }

    /** Host h's verdict: every 7th is MPTCP, every 5th (not 7th) an echo, the rest plain TCP. */
    static ReplyClass verdictOf(int h) {
        return h % 7 == 0 ? ReplyClass.MPTCP : h % 5 == 0 ? ReplyClass.ECHO : ReplyClass.TCP;
    }

    static ReplyRecord reply(int h, long micros) {
        ReplyClass c = verdictOf(h);
        return reply(h, c, c == ReplyClass.MPTCP ? 1 : null, micros);
    }

    long scan(
            String campaign,
            String vantage,
            long seed,
            int shard,
            int shards,
            List<ReplyRecord> rows,
            ScanStatus end)
            throws Exception {
        long id =
                store.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header(
                                        "census",
                                        ScanSource.SCAN,
                                        seed,
                                        shard,
                                        shards,
                                        vantage,
                                        "t",
                                        campaign),
                                1_000 + shard,
                                rows.size(),
                                "{}"));
        store.append(id, rows);
        if (end != null)
            store.finishScan(
                    id, end, new ScanCounts(rows.size(), rows.size(), rows.size(), 0, 0, 0));
        return id;
    }

    /** Host h goes to shard h % shards, as a permutation would spread them. */
    List<ReplyRecord> shardRows(int shard, int shards, int hosts) {
        List<ReplyRecord> rows = new ArrayList<>();
        for (int h = 1; h <= hosts; h++)
            if (h % shards == shard) rows.add(reply(h, 1_700_000_000_000_000L + h));
        return rows;
    }

    static String text(ScanReport r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ReportService.printText(r, new java.io.PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threeShardsReportAsOneScanOfAllTheirTargets() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        for (int s = 0; s < 3; s++)
            scan("c1", "paris", 7, s, 3, shardRows(s, 3, 200), ScanStatus.COMPLETE);
        long whole = scan("whole", "paris", 7, 0, 1, shardRows(0, 1, 200), ScanStatus.COMPLETE);
        ScanReport merged =
                ReportService.build(store, Campaign.select(store.scans(), "c1", null), null);
        ScanReport one = ReportService.build(store, store.scan(Long.toString(whole)), null);
        assertEquals(200, merged.targets());
        assertEquals(one.verdicts(), merged.verdicts());
        assertEquals(one.perPort(), merged.perPort());
        assertEquals(one.mptcpVersions(), merged.mptcpVersions());
        assertTrue(merged.campaign().whole());
        assertTrue(
                text(merged).contains("campaign c1 (vantage paris)  3 of 3 shards, complete"),
                text(merged));
    }

    @Test
    void exportedTargetsOfACampaignAreInAddressOrderWithTheirShardsScan() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        long[] ids = new long[3];
        for (int s = 0; s < 3; s++)
            ids[s] = scan("c1", null, 7, s, 3, shardRows(s, 3, 30), ScanStatus.COMPLETE);
        List<java.util.Map<String, Object>> rows = new ArrayList<>();
        ExportService.export(
                store,
                Campaign.select(store.scans(), "c1", null),
                "targets",
                List.of(),
                new net.mptcpscan.report.output.RowWriter() {
                    @Override
                    public void write(java.util.Map<String, Object> row) {
                        rows.add(new java.util.HashMap<>(row));
                    }

                    @Override
                    public void flush() {}

                    @Override
                    public void close() {}
                });
        assertEquals(30, rows.size());
        for (int i = 0; i < 30; i++) {
            int h = i + 1;
            assertEquals(IpAddress.v4(0xC6120100 + h).toString(), rows.get(i).get("saddr"));
            assertEquals(
                    ids[h % 3], ((Number) rows.get(i).get("scan_id")).longValue(), "host " + h);
        }
    }

    @Test
    void aMissingShardIsSaid() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        scan("c1", null, 7, 0, 3, shardRows(0, 3, 30), ScanStatus.COMPLETE);
        scan("c1", null, 7, 2, 3, shardRows(2, 3, 30), ScanStatus.COMPLETE);
        Campaign c = Campaign.select(store.scans(), "c1", null).campaign();
        assertEquals(List.of(1), c.missing());
        assertEquals("2 of 3 shards; missing shard 1", c.state());
    }

    @Test
    void anUnfinishedShardIsSaid() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        scan("c1", null, 7, 0, 2, shardRows(0, 2, 30), ScanStatus.COMPLETE);
        long running = scan("c1", null, 7, 1, 2, shardRows(1, 2, 30), ScanStatus.INTERRUPTED);
        Campaign c = Campaign.select(store.scans(), "c1", null).campaign();
        assertEquals(List.of(running), c.unfinished().stream().map(ScanRecord::id).toList());
        assertFalse(c.whole());
        assertTrue(c.state().contains("shard 1 interrupted (scan " + running + ")"), c.state());
    }

    @Test
    void aShardScannedAgainSupersedesItsEarlierScan() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        long first =
                scan(
                        "c1",
                        null,
                        7,
                        0,
                        1,
                        List.of(reply(1, ReplyClass.TCP, null, 1)),
                        ScanStatus.INTERRUPTED);
        long again =
                scan(
                        "c1",
                        null,
                        7,
                        0,
                        1,
                        List.of(reply(1, ReplyClass.MPTCP, 1, 2)),
                        ScanStatus.COMPLETE);
        ScanSet set = Campaign.select(store.scans(), "c1", null);
        assertEquals(List.of(again), set.ids());
        assertEquals(
                List.of(first), set.campaign().superseded().stream().map(ScanRecord::id).toList());
        assertEquals(1L, ReportService.build(store, set, null).verdicts().get("mptcp"));
    }

    @Test
    void shardsWithDifferentSeedsAreNotWhole() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        scan("c1", null, 7, 0, 2, shardRows(0, 2, 10), ScanStatus.COMPLETE);
        scan("c1", null, 8, 1, 2, shardRows(1, 2, 10), ScanStatus.COMPLETE);
        Campaign c = Campaign.select(store.scans(), "c1", null).campaign();
        assertTrue(c.seedsDiffer());
        assertFalse(c.whole());
    }

    @Test
    void aCampaignFromTwoVantagesNeedsOneNamed() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        scan("c1", "paris", 7, 0, 1, shardRows(0, 1, 10), ScanStatus.COMPLETE);
        scan("c1", "tokyo", 7, 0, 1, shardRows(0, 1, 10), ScanStatus.COMPLETE);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Campaign.select(store.scans(), "c1", null));
        assertTrue(e.getMessage().contains("2 vantages (paris, tokyo)"), e.getMessage());
        assertEquals("tokyo", Campaign.select(store.scans(), "c1", "tokyo").campaign().vantage());
    }

    @Test
    void aScanNamingNoCampaignBelongsToItsLabels() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        long id = scan(null, null, 7, 0, 1, shardRows(0, 1, 10), ScanStatus.COMPLETE);
        assertEquals(List.of(id), Campaign.select(store.scans(), "census", null).ids());
    }

    @Test
    void anUnknownCampaignIsSaid() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Campaign.select(store.scans(), "nope", null));
        assertEquals("no campaign 'nope'", e.getMessage());
    }

    /** The by-vantage comparison lists exactly the targets whose verdict depends on the path. */
    @Test
    void comparingTwoVantagesListsExactlyTheTargetsThatDiffer() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        for (int s = 0; s < 2; s++)
            scan("c1", "direct", 7, s, 2, shardRows(s, 2, 40), ScanStatus.COMPLETE);
        List<ReplyRecord> behind = new ArrayList<>();
        for (int h = 1; h <= 40; h++)
            behind.add(h == 3 || h == 11 ? reply(h, ReplyClass.ECHO, null, h) : reply(h, h));
        scan("c1", "behind-echo", 7, 0, 1, behind, ScanStatus.COMPLETE);
        Comparison c =
                CompareService.compare(
                        store,
                        Campaign.select(store.scans(), "c1", "direct"),
                        Campaign.select(store.scans(), "c1", "behind-echo"),
                        null);
        assertEquals(
                List.of("198.18.1.3:443: tcp -> echo", "198.18.1.11:443: tcp -> echo"),
                c.changed());
        assertEquals("campaign c1 (vantage direct)", c.oldName());
    }

    /** A campaign is one point of the trend: its shards' counts add up. */
    @Test
    void aCampaignIsOnePointOfTheTrend() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        long solo = scan(null, null, 5, 0, 1, shardRows(0, 1, 10), ScanStatus.COMPLETE);
        for (int s = 0; s < 3; s++)
            scan("census-2026-11", null, 7, s, 3, shardRows(s, 3, 60), ScanStatus.COMPLETE);
        List<TrendService.Point> pts = TrendService.trend(store, "census");
        assertEquals(2, pts.size());
        assertEquals(List.of(solo), pts.get(0).set().ids());
        assertEquals(3, pts.get(1).set().scans().size());
        long total = 0;
        for (ReplyClass k : ReplyClass.values()) total += pts.get(1).count(k);
        assertEquals(60, total);
    }
}
