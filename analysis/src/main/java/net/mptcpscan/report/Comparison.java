package net.mptcpscan.report;

import java.util.List;
import java.util.Map;

/**
 * What changed between two scans, target by target. Transition keys are "old -> new" with "none"
 * for a target absent (silent) in one scan. gained/lost list the targets ("address:port") that
 * became or stopped being genuine MPTCP servers. inferenceTransitions counts stage 2's inference
 * per target ("lb-bypass -> c-only", "none" for no inference) where it changed; stage2Changed lists
 * the targets whose inference or announced addresses changed ("address:port: ...").
 * transitionsPerFamily splits transitions by address family ("ipv4", "ipv6"). changed lists every
 * target whose verdict differs ("address:port: tcp -> echo"), what a comparison of two vantages
 * shows. oldName/newName say what was compared ("scan 12", "campaign c (vantage v)"); oldScan and
 * newScan are their (first) scans.
 */
public record Comparison(
        String oldName,
        String newName,
        long oldScan,
        long newScan,
        Map<String, Long> transitions,
        List<String> gained,
        List<String> lost,
        Map<String, long[]> perAs,
        Map<String, Long> inferenceTransitions,
        List<String> stage2Changed,
        Map<String, Map<String, Long>> transitionsPerFamily,
        List<String> changed) {
    public static final String NONE = "none";
}
