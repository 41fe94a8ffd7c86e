package net.mptcpscan.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import net.mptcpscan.store.ScanRecord;

/** A scan's row as JSON, with the names `scans --format json` and reports use. */
public final class ScanJson {
    private ScanJson() {}

    public static ObjectNode of(ObjectMapper m, ScanRecord s) {
        ObjectNode n = m.createObjectNode();
        n.put("id", s.id());
        n.put("label", s.label());
        n.put("source", s.source().wireName);
        n.put("status", s.status().wireName);
        n.put("started_at", Instant.ofEpochMilli(s.startedAt()).toString());
        n.put("ended_at", s.endedAt() > 0 ? Instant.ofEpochMilli(s.endedAt()).toString() : null);
        n.put("seed", s.seed());
        n.put("shard", s.shard());
        n.put("shards", s.shards());
        n.put("targets", s.targets());
        n.put("sent", s.sent());
        n.put("received", s.received());
        n.put("dropped", s.dropped());
        n.put("validation_failures", s.validationFailures());
        n.put("repeats", s.repeats());
        n.put("vantage", s.vantage());
        n.put("campaign", s.campaign());
        n.put("tool_version", s.toolVersion());
        return n;
    }

    /** A campaign as one vantage sees it: its shards, and what is missing or not finished. */
    public static ObjectNode of(ObjectMapper m, Campaign c) {
        ObjectNode n = m.createObjectNode();
        n.put("name", c.name());
        n.put("vantage", c.vantage());
        n.put("shards", c.shards());
        n.put("complete", c.whole());
        var scans = n.putArray("scans");
        for (ScanRecord s : c.used()) scans.add(s.id());
        var missing = n.putArray("missing_shards");
        for (int i : c.missing()) missing.add(i);
        var unfinished = n.putArray("unfinished_scans");
        for (ScanRecord s : c.unfinished()) unfinished.add(s.id());
        var superseded = n.putArray("superseded_scans");
        for (ScanRecord s : c.superseded()) superseded.add(s.id());
        n.put("seeds_differ", c.seedsDiffer());
        var vantages = n.putArray("vantages");
        for (String v : c.vantages()) vantages.add(v);
        return n;
    }
}
