package net.mptcpscan.report;

import java.util.List;
import java.util.Map;

/**
 * What changed between two scans, target by target. Transition keys are "old -> new" with "none"
 * for a target absent (silent) in one scan. gained/lost list the targets ("address:port") that
 * became or stopped being genuine MPTCP servers. inferenceTransitions counts stage 2's inference
 * per target ("lb-bypass -> c-only", "none" for no inference) where it changed; stage2Changed lists
 * the targets whose inference or announced addresses changed ("address:port: ...").
 * transitionsPerFamily splits transitions by address family ("ipv4", "ipv6").
 */
public record Comparison(
        long oldScan,
        long newScan,
        Map<String, Long> transitions,
        List<String> gained,
        List<String> lost,
        Map<String, long[]> perAs,
        Map<String, Long> inferenceTransitions,
        List<String> stage2Changed,
        Map<String, Map<String, Long>> transitionsPerFamily) {
    public static final String NONE = "none";
}
