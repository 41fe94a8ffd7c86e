package net.mptcpscan.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import net.mptcpscan.io.Text;
import net.mptcpscan.targets.Ipv4RangeSet;

/**
 * The walk a resumed scan must continue, stored beside its configuration: the blocklist it started
 * with and a fingerprint of its target space. A resume walks the original space (a blocklist entry
 * removed since stays blocked); addresses added to the file since are skipped; changed targets
 * refuse the resume, which would otherwise skip some and probe others twice.
 */
record StoredWalk(Ipv4RangeSet blocklist, String fingerprint) {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String KEY = "walk";

    /** The stored form of a scan's configuration: the settings and this walk. */
    static String store(ScanConfig cfg, Ipv4RangeSet blocklist, String fingerprint)
            throws IOException {
        ObjectNode n = JSON.valueToTree(cfg.asGiven());
        ObjectNode w = n.putObject(KEY);
        w.put("blocklist", TargetSetup.rangesText(blocklist));
        w.put("fingerprint", fingerprint);
        return JSON.writeValueAsString(n);
    }

    /** A stored configuration and its walk (null for scans stored before walks were). */
    record Stored(ScanRequest request, StoredWalk walk) {}

    static Stored parse(String storedConfig) throws IOException {
        ObjectNode n = (ObjectNode) JSON.readTree(storedConfig);
        JsonNode w = n.remove(KEY);
        StoredWalk walk =
                w == null
                        ? null
                        : new StoredWalk(
                                TargetSetup.parseRangesText(w.get("blocklist").asText()),
                                w.get("fingerprint").asText());
        // maxTargets was a number before -n took percentages: read either.
        if (n.has("maxTargets") && n.get("maxTargets").isNumber())
            n.put("maxTargets", n.get("maxTargets").asText());
        return new Stored(JSON.treeToValue(n, ScanRequest.class), walk);
    }

    /** The addresses to skip in the resumed scan (null: none); refuses a changed target space. */
    Ipv4RangeSet optedOutSince(ScanConfig cfg, long scanId, String fingerprintNow, PrintStream err)
            throws ScanException {
        if (!fingerprint.equals(fingerprintNow)) {
            throw ScanException.badInput(
                    "--resume: the targets of scan "
                            + scanId
                            + " changed since it was interrupted (a TARGET, -w or -I file differs):"
                            + " continuing would skip some and probe others twice; start a new"
                            + " scan");
        }
        Ipv4RangeSet now;
        try {
            now = TargetSetup.blocklist(cfg.files().blocklist());
        } catch (IOException | IllegalArgumentException e) {
            err.printf(
                    "resuming scan %d with the blocklist it started with: %s%n",
                    scanId, Text.printable(String.valueOf(e.getMessage())));
            return null;
        }
        Ipv4RangeSet added = now.minus(blocklist);
        if (added.size() == 0) return null;
        err.printf(
                "resuming scan %d: %,d addresses added to the blocklist since it started are"
                        + " skipped%n",
                scanId, added.size());
        return added;
    }
}
