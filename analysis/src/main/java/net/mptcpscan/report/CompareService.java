package net.mptcpscan.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.store.TargetCursor;

/**
 * Compares two scans by merging their targets in (address, port) order: constant memory apart from
 * the gained/lost lists, which are capped (counts stay exact).
 */
public final class CompareService {
    private CompareService() {}

    public static final int LIST_CAP = 100_000;

    public static Comparison compare(ResultStore store, long oldId, long newId, Pfx2As pfx2as)
            throws StoreException {
        return compare(store, ScanSet.of(store, oldId), ScanSet.of(store, newId), pfx2as);
    }

    /**
     * Two scans, two campaigns (each with its shards merged), or one campaign from two vantages:
     * target by target.
     */
    public static Comparison compare(ResultStore store, ScanSet older, ScanSet newer, Pfx2As pfx2as)
            throws StoreException {
        Map<String, Long> transitions = new TreeMap<>();
        Map<String, Map<String, Long>> perFamily = new TreeMap<>();
        List<String> gained = new ArrayList<>(), lost = new ArrayList<>();
        Map<String, long[]> perAs = new TreeMap<>(); // AS -> {gained, lost}
        Map<String, Long> inferenceTransitions = new TreeMap<>();
        List<String> stage2Changed = new ArrayList<>(), changed = new ArrayList<>();
        Stage2Targets s2Old = Stage2Targets.load(store, older.ids()),
                s2New = Stage2Targets.load(store, newer.ids());
        boolean stage2 = s2Old.any() || s2New.any();
        try (TargetCursor a = store.targets(older.ids());
                TargetCursor b = store.targets(newer.ids())) {
            TargetVerdict x = a.next(), y = b.next();
            while (x != null || y != null) {
                int cmp = x == null ? 1 : y == null ? -1 : compareKey(x, y);
                TargetVerdict o = cmp <= 0 ? x : null, n = cmp >= 0 ? y : null;
                TargetVerdict any = o != null ? o : n;
                String from = o == null ? Comparison.NONE : o.verdict().wireName,
                        to = n == null ? Comparison.NONE : n.verdict().wireName;
                ScanReport.inc(transitions, from + " -> " + to);
                if (!from.equals(to) && changed.size() < LIST_CAP)
                    changed.add(endpoint(any) + ": " + from + " -> " + to);
                ScanReport.inc(
                        perFamily.computeIfAbsent(
                                ReportService.family(any.address()), f -> new TreeMap<>()),
                        from + " -> " + to);
                boolean wasMptcp = o != null && o.verdict() == ReplyClass.MPTCP,
                        isMptcp = n != null && n.verdict() == ReplyClass.MPTCP;
                if (wasMptcp != isMptcp) {
                    String host = endpoint(any);
                    List<String> list = isMptcp ? gained : lost;
                    if (list.size() < LIST_CAP) list.add(host);
                    if (pfx2as != null) {
                        String as = pfx2as.lookup(any.address());
                        perAs.computeIfAbsent(
                                        as == null ? "unrouted" : "AS" + as, k -> new long[2])[
                                isMptcp ? 0 : 1]++;
                    }
                }
                if (stage2 && (wasMptcp || isMptcp)) {
                    String fromI = o == null ? "" : String.join(",", s2Old.inference(o)),
                            toI = n == null ? "" : String.join(",", s2New.inference(n)),
                            fromA = o == null ? "" : s2Old.announcedText(o),
                            toA = n == null ? "" : s2New.announcedText(n);
                    if (!fromI.equals(toI))
                        ScanReport.inc(
                                inferenceTransitions,
                                (fromI.isEmpty() ? Comparison.NONE : fromI)
                                        + " -> "
                                        + (toI.isEmpty() ? Comparison.NONE : toI));
                    if ((!fromI.equals(toI) || !fromA.equals(toA))
                            && stage2Changed.size() < LIST_CAP)
                        stage2Changed.add(
                                endpoint(any)
                                        + ": inference "
                                        + (fromI.isEmpty() ? Comparison.NONE : fromI)
                                        + " -> "
                                        + (toI.isEmpty() ? Comparison.NONE : toI)
                                        + ", announced "
                                        + (fromA.isEmpty() ? Comparison.NONE : fromA)
                                        + " -> "
                                        + (toA.isEmpty() ? Comparison.NONE : toA));
                }
                if (cmp <= 0) x = a.next();
                if (cmp >= 0) y = b.next();
            }
        }
        return new Comparison(
                older.name(),
                newer.name(),
                older.first().id(),
                newer.first().id(),
                transitions,
                gained,
                lost,
                perAs,
                inferenceTransitions,
                stage2Changed,
                perFamily,
                changed);
    }

    /** address:port, IPv6 in brackets. */
    static String endpoint(TargetVerdict v) {
        return (v.address().v6() ? "[" + v.address() + "]" : v.address().toString())
                + ":"
                + v.port();
    }

    private static int compareKey(TargetVerdict x, TargetVerdict y) {
        int c = x.address().compareTo(y.address());
        return c != 0 ? c : Integer.compare(x.port(), y.port());
    }

    public static void printText(Comparison c, PrintStream out, int listLimit) {
        out.printf("compare %s -> %s%n%ntransitions (targets)%n", c.oldName(), c.newName());
        boolean both = c.transitionsPerFamily().size() > 1;
        if (both) out.printf("  %-28s %10s %10s %10s%n", "", "all", "IPv4", "IPv6");
        for (var e : c.transitions().entrySet())
            out.printf(
                    "  %-28s %,10d%s%n",
                    e.getKey(),
                    e.getValue(),
                    both
                            ? String.format(
                                    " %,10d %,10d",
                                    c.transitionsPerFamily()
                                            .get("ipv4")
                                            .getOrDefault(e.getKey(), 0L),
                                    c.transitionsPerFamily()
                                            .get("ipv6")
                                            .getOrDefault(e.getKey(), 0L))
                            : "");
        out.printf("%ngained MPTCP: %,d%n", c.gained().size());
        c.gained().stream().limit(listLimit).forEach(h -> out.println("  + " + h));
        if (c.gained().size() > listLimit)
            out.printf(
                    "  ... %,d more (use --format json for all)%n", c.gained().size() - listLimit);
        out.printf("lost MPTCP: %,d%n", c.lost().size());
        c.lost().stream().limit(listLimit).forEach(h -> out.println("  - " + h));
        if (c.lost().size() > listLimit)
            out.printf("  ... %,d more (use --format json for all)%n", c.lost().size() - listLimit);
        out.printf("verdict changed: %,d targets%n", c.changed().size());
        c.changed().stream().limit(listLimit).forEach(h -> out.println("  ~ " + h));
        if (c.changed().size() > listLimit)
            out.printf(
                    "  ... %,d more (use --format json for all)%n", c.changed().size() - listLimit);
        if (!c.stage2Changed().isEmpty()) {
            out.printf(
                    "%nstage 2 changed (inference or announced addresses): %,d%n",
                    c.stage2Changed().size());
            for (var e : c.inferenceTransitions().entrySet())
                out.printf("  %-28s %,10d%n", e.getKey(), e.getValue());
            c.stage2Changed().stream().limit(listLimit).forEach(h -> out.println("  ~ " + h));
            if (c.stage2Changed().size() > listLimit)
                out.printf(
                        "  ... %,d more (use --format json for all)%n",
                        c.stage2Changed().size() - listLimit);
        }
        if (!c.perAs().isEmpty()) {
            out.printf("%nper AS%n  %-16s %10s %10s%n", "AS", "gained", "lost");
            for (var e : c.perAs().entrySet())
                out.printf("  %-16s %,10d %,10d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
    }

    public static void printJson(Comparison c, PrintStream out) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("old_scan", c.oldScan());
        n.put("new_scan", c.newScan());
        n.put("old", c.oldName());
        n.put("new", c.newName());
        n.set("transitions", m.valueToTree(c.transitions()));
        n.set("transitions_per_family", m.valueToTree(c.transitionsPerFamily()));
        n.set("gained_mptcp", m.valueToTree(c.gained()));
        n.set("lost_mptcp", m.valueToTree(c.lost()));
        n.set("inference_transitions", m.valueToTree(c.inferenceTransitions()));
        n.set("stage2_changed", m.valueToTree(c.stage2Changed()));
        n.set("verdict_changed", m.valueToTree(c.changed()));
        if (!c.perAs().isEmpty()) {
            ObjectNode as = m.createObjectNode();
            c.perAs().forEach((k, v) -> as.putObject(k).put("gained", v[0]).put("lost", v[1]));
            n.set("per_as", as);
        }
        out.println(n.toPrettyString());
    }
}
