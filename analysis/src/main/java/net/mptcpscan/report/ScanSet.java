package net.mptcpscan.report;

import java.util.List;
import net.mptcpscan.store.ScanRecord;

/**
 * What report, export and compare read: one scan, or one vantage's view of a campaign, its shards
 * merged into one result as if one scan had covered them all (a target's verdict over all its
 * shards).
 */
public record ScanSet(List<ScanRecord> scans, Campaign campaign) {
    public ScanSet {
        if (scans.isEmpty()) throw new IllegalArgumentException("a scan set needs a scan");
        scans = List.copyOf(scans);
    }

    public static ScanSet of(ScanRecord scan) {
        return new ScanSet(List.of(scan), null);
    }

    /** The stored scan with this id. */
    public static ScanSet of(net.mptcpscan.store.ResultStore store, long id)
            throws net.mptcpscan.store.StoreException {
        ScanRecord s = store.scan(Long.toString(id));
        if (s == null) throw new net.mptcpscan.store.StoreException("no scan " + id);
        return of(s);
    }

    /** The scan that stands for the set in headers: the only one, or the campaign's first. */
    public ScanRecord first() {
        return scans.get(0);
    }

    public List<Long> ids() {
        return scans.stream().map(ScanRecord::id).toList();
    }

    /** How people name it: "scan 12", or "campaign census-2026-11 (vantage paris)". */
    public String name() {
        if (campaign == null) return "scan " + first().id();
        return "campaign "
                + campaign.name()
                + (campaign.vantage() == null ? "" : " (vantage " + campaign.vantage() + ")");
    }

    /** Earliest start of its scans: where it sits in a trend. */
    public long startedAt() {
        return scans.stream().mapToLong(ScanRecord::startedAt).min().orElse(0);
    }
}
