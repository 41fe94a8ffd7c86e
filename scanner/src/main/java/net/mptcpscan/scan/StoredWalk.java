package net.mptcpscan.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.util.List;
import net.mptcpscan.io.Text;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.Ipv6Ranges;
import net.mptcpscan.targets.TargetParser;

/**
 * The walk a resumed scan must continue, stored beside its configuration: the blocklist it started
 * with and a fingerprint of its target space. A resume walks the original space (a blocklist entry
 * removed since stays blocked); addresses added to the file since are skipped; changed targets
 * refuse the resume, which would otherwise skip some and probe others twice.
 */
record StoredWalk(TargetParser.AddressBlocks blocklist, String fingerprint) {
    /** Reads stored configurations (a resume); a scan's start does not need it. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private static final JsonFactory WRITER = new JsonFactory();
    private static final String KEY = "walk";

    /** Loads the writer's classes and the request's accessors, for the start's warm-up. */
    static void warmUp(ScanRequest request) {
        try {
            json(request, null);
        } catch (IOException e) {
            // only a warm-up: the store says why
        }
    }

    /** The stored form of a scan's configuration: the settings and this walk. */
    static String store(ScanConfig cfg, TargetParser.AddressBlocks blocklist, String fingerprint)
            throws IOException {
        return json(cfg.asGiven(), new StoredWalk(blocklist, fingerprint));
    }

    /**
     * The request's components in their order, as Jackson's databinding wrote them before (an
     * ObjectMapper's start, 50-90 ms of CPU, came before each scan's first probe; a stored
     * configuration is read back by one: {@link #parse}).
     */
    static String json(ScanRequest r, StoredWalk walk) throws IOException {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (RecordComponent c : ScanRequest.class.getRecordComponents()) {
                Object v;
                try {
                    v = c.getAccessor().invoke(r);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
                g.writeFieldName(c.getName());
                if (v == null) g.writeNull();
                else if (v instanceof String t) g.writeString(t);
                else if (v instanceof Boolean b) g.writeBoolean(b);
                else if (v instanceof Integer i) g.writeNumber(i);
                else if (v instanceof Long l) g.writeNumber(l);
                else if (v instanceof Double d) g.writeNumber(d);
                else if (v instanceof List<?> list) {
                    g.writeStartArray();
                    for (Object o : list) g.writeString((String) o);
                    g.writeEndArray();
                } else throw new IllegalStateException("no JSON form for " + c);
            }
            if (walk != null) {
                g.writeObjectFieldStart(KEY);
                g.writeStringField("blocklist", TargetSetup.rangesText(walk.blocklist().v4()));
                g.writeStringField("blocklist6", TargetSetup.rangesText6(walk.blocklist().v6()));
                g.writeStringField("fingerprint", walk.fingerprint());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    /** A stored configuration and its walk (null for scans stored before walks were). */
    record Stored(ScanRequest request, StoredWalk walk) {}

    static Stored parse(String storedConfig) throws IOException {
        ObjectNode n = (ObjectNode) Reader.JSON.readTree(storedConfig);
        JsonNode w = n.remove(KEY);
        StoredWalk walk =
                w == null
                        ? null
                        : new StoredWalk(
                                new TargetParser.AddressBlocks(
                                        TargetSetup.parseRangesText(w.get("blocklist").asText()),
                                        // scans stored before IPv6: the file's IPv6 blocks now
                                        w.has("blocklist6")
                                                ? TargetSetup.parseRangesText6(
                                                        w.get("blocklist6").asText())
                                                : null),
                                w.get("fingerprint").asText());
        // maxTargets was a number before -n took percentages: read either.
        if (n.has("maxTargets") && n.get("maxTargets").isNumber())
            n.put("maxTargets", n.get("maxTargets").asText());
        return new Stored(Reader.JSON.treeToValue(n, ScanRequest.class), walk);
    }

    /**
     * The addresses of either family to skip in the resumed scan (null: none); refuses a changed
     * target space.
     */
    TargetParser.AddressBlocks optedOutSince(
            ScanConfig cfg, long scanId, String fingerprintNow, PrintStream err)
            throws ScanException {
        if (!fingerprint.equals(fingerprintNow)) {
            throw ScanException.badInput(
                    "--resume: the targets of scan "
                            + scanId
                            + " changed since it was interrupted (a TARGET, -w or -I file differs):"
                            + " continuing would skip some and probe others twice; start a new"
                            + " scan");
        }
        TargetParser.AddressBlocks now;
        try {
            now = TargetSetup.blocks(cfg.files().blocklist());
        } catch (IOException | IllegalArgumentException e) {
            err.printf(
                    "resuming scan %d with the blocklist it started with: %s%n",
                    scanId, Text.printable(String.valueOf(e.getMessage())));
            return null;
        }
        Ipv4RangeSet added = now.v4().minus(blocklist.v4());
        Ipv6Ranges added6 =
                blocklist.v6() == null ? Ipv6Ranges.NONE : now.v6().minus(blocklist.v6());
        if (added.size() == 0 && added6.isEmpty()) return null;
        err.printf(
                "resuming scan %d: %s added to the blocklist since it started are skipped%n",
                scanId,
                added6.isEmpty()
                        ? String.format("%,d addresses", added.size())
                        : String.format(
                                "%,d IPv4 addresses and %d IPv6 ranges",
                                added.size(), added6.rangeCount()));
        return new TargetParser.AddressBlocks(
                added.size() == 0 ? null : added, added6.isEmpty() ? null : added6);
    }
}
