package net.mptcpscan.report;

import java.util.Map;
import net.mptcpscan.store.ScanRecord;

/**
 * What `report` prints: target verdict counts overall, per port, per MPTCP version set, per flag,
 * per echo evidence, anomaly reasons, per address family (ipv4, ipv6) and, with a prefix-to-AS
 * table, per AS. For a campaign, scan is its first shard and campaign says which shards it merged.
 * Maps are sorted so text and JSON come out the same every time.
 */
public record ScanReport(
        ScanRecord scan,
        long targets,
        Map<String, Long> verdicts,
        Map<Integer, Map<String, Long>> perPort,
        Map<String, Long> mptcpVersions,
        Map<String, Long> flags,
        Map<String, Long> evidence,
        Map<String, Long> anomalyReasons,
        Map<String, Map<String, Long>> perAs,
        Map<String, Long> stage2,
        Map<String, Map<String, Long>> stage2PerAs,
        Map<String, Map<String, Long>> perFamily,
        Campaign campaign) {

    /** What the report was built from. */
    public ScanSet set() {
        return campaign == null ? ScanSet.of(scan) : new ScanSet(campaign.used(), campaign);
    }

    static <K> void inc(Map<K, Long> m, K k) {
        m.merge(k, 1L, Long::sum);
    }

    static Map<String, Long> emptyVerdicts() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (net.mptcpscan.classify.ReplyClass c : net.mptcpscan.classify.ReplyClass.values())
            m.put(c.wireName, 0L);
        return m;
    }
}
