package net.mptcpscan.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
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
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String KEY = "walk";

    /** Builds the serializers a scan's start uses (about 20 ms cold), for the start's warm-up. */
    static void warmUp(ScanRequest request) {
        JSON.valueToTree(request);
    }

    /** The stored form of a scan's configuration: the settings and this walk. */
    static String store(ScanConfig cfg, TargetParser.AddressBlocks blocklist, String fingerprint)
            throws IOException {
        ObjectNode n = JSON.valueToTree(cfg.asGiven());
        ObjectNode w = n.putObject(KEY);
        w.put("blocklist", TargetSetup.rangesText(blocklist.v4()));
        w.put("blocklist6", TargetSetup.rangesText6(blocklist.v6()));
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
        return new Stored(JSON.treeToValue(n, ScanRequest.class), walk);
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
