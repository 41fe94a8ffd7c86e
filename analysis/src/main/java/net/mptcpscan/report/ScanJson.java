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
        n.put("tool_version", s.toolVersion());
        return n;
    }
}
