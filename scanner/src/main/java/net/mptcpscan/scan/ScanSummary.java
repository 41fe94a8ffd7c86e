package net.mptcpscan.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.mptcpscan.Version;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.io.ReplacingOutput;

/** The -m metadata file, written once at the end (like zmap's summary.c). */
final class ScanSummary {
    private ScanSummary() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What the summary reports beyond the counters. */
    record Run(ScanConfig cfg, long scanId, String status, long started, long targets, double hitRate) {}

    /** file null: stdout (-m -). */
    static void write(ReplacingOutput file, Run run, Counters c) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("tool", "mptcpscan");
        m.put("tool_version", Version.VERSION);
        m.put("scan_id", run.scanId());
        m.put("status", run.status());
        ObjectNode cfg = JSON.valueToTree(run.cfg());
        cfg.remove("secret0");
        cfg.remove("secret1");
        m.set("configuration", cfg);
        m.put("seed", run.cfg().seed());
        m.put("seed_text", Long.toString(run.cfg().seed()));   // jq and JavaScript round 64-bit numbers
        m.put("targets", run.targets());
        m.put("sent", c.sent());
        m.put("received", c.received());
        m.put("dropped", c.drops());
        m.put("pcap_drop", c.pcapDrops());   // zmap's key
        m.put("interface_drop", c.interfaceDrops());
        m.put("validation_failures", c.validationFailures());
        m.put("repeats", c.repeats());
        m.put("hit_rate", run.hitRate());
        m.put("store_stalls", c.stalls());
        ObjectNode classes = m.putObject("reply_classes");
        for (ReplyClass rc : ReplyClass.values()) classes.put(rc.wireName, c.replyClasses()[rc.rank()]);
        ObjectNode verdicts = m.putObject("verdicts");
        for (ReplyClass rc : ReplyClass.values()) verdicts.put(rc.wireName, c.verdicts()[rc.rank()]);
        m.put("start_time", Instant.ofEpochMilli(run.started()).toString());
        m.put("end_time", Instant.now().toString());
        byte[] text = (JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            System.out.write(text);
            System.out.flush();
        } else {
            file.write(text);
            file.commit();
        }
    }
}
