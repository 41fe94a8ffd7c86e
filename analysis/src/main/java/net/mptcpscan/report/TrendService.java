package net.mptcpscan.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;

/** Verdict counts of every scan over time (`scans`, `trend`): a table, JSON, and an SVG chart. */
public final class TrendService {
    private TrendService() {}

    /** One point: a scan, or a campaign (one per vantage) with its shards' counts summed. */
    public record Point(ScanSet set, long[] counts) {
        public long count(ReplyClass c) {
            return counts[c.rank()];
        }

        public ScanRecord scan() {
            return set.first();
        }
    }

    /**
     * The scans of a label (all without one) in time order; the scans of a campaign they named are
     * one point per vantage (its shards hold disjoint targets: their counts add up).
     */
    public static List<Point> trend(ResultStore store, String label) throws StoreException {
        List<ScanRecord> all = store.scans();
        List<Point> out = new ArrayList<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (ScanRecord s : all) {
            if (label != null && !label.equals(s.label())) continue;
            ScanSet set;
            if (s.header().campaign() == null) set = ScanSet.of(s);
            else if (!done.add(s.campaign() + "\0" + s.vantage())) continue;
            else set = Campaign.ofVantage(all, s.campaign(), s.vantage());
            long[] counts = null;
            for (long id : set.ids()) {
                long[] c = store.verdictCounts(id);
                if (counts == null) counts = c.clone();
                else for (int i = 0; i < c.length; i++) counts[i] += c[i];
            }
            out.add(new Point(set, counts));
        }
        out.sort(java.util.Comparator.comparingLong(p -> p.set().startedAt()));
        return out;
    }

    public static void printText(List<Point> pts, PrintStream out) {
        StringBuilder h =
                new StringBuilder(
                        String.format(
                                "%4s  %-20s %-20s %-6s %-11s %12s",
                                "id", "started", "label", "source", "status", "targets"));
        for (ReplyClass c : ReplyClass.values()) h.append(String.format(" %11s", c.wireName));
        out.println(h);
        for (Point p : pts) {
            ScanRecord s = p.scan();
            StringBuilder l =
                    new StringBuilder(
                            String.format(
                                    "%4d  %-20s %-20s %-6s %-11s %,12d",
                                    s.id(),
                                    Instant.ofEpochMilli(p.set().startedAt())
                                            .toString()
                                            .substring(0, 19),
                                    clip(
                                            p.set().campaign() == null
                                                    ? s.label()
                                                    : p.set().campaign().name()
                                                            + " ("
                                                            + p.set().scans().size()
                                                            + " shards)"),
                                    s.source(),
                                    s.status(),
                                    s.targets()));
            for (ReplyClass c : ReplyClass.values()) l.append(String.format(" %,11d", p.count(c)));
            out.println(l);
        }
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 20 ? s.substring(0, 19) + "~" : s;
    }

    public static void printJson(List<Point> pts, PrintStream out) {
        ObjectMapper m = new ObjectMapper();
        ArrayNode a = m.createArrayNode();
        for (Point p : pts) {
            var n = ScanJson.of(m, p.scan());
            if (p.set().campaign() != null) n.set("campaign", ScanJson.of(m, p.set().campaign()));
            a.add(n);
            var v = n.putObject("verdicts");
            for (ReplyClass c : ReplyClass.values()) v.put(c.wireName, p.count(c));
        }
        out.println(a.toPrettyString());
    }

    /**
     * What the trend chart draws per scan: responding targets (a SYN-ACK: mptcp, echo, anomalous,
     * tcp) and, among them, genuine MPTCP by version set, the C bit, echoes and stage 2's
     * load-balancer inferences.
     */
    public record Shares(
            ScanRecord scan, long startedAt, long responding, Map<String, Long> counts) {}

    /** The chart's series, in legend order. */
    public static final List<String> SERIES =
            List.of("mptcp", "v1 only", "v0 only", "v0 and v1", "C bit", "echo", "lb-bypass");

    /** Each scan's shares: one report per scan (the chart's cost; the table needs none). */
    public static List<Shares> shares(ResultStore store, List<Point> pts) throws StoreException {
        List<Shares> out = new ArrayList<>();
        for (Point p : pts) out.add(shares(ReportService.build(store, p.set(), null)));
        return out;
    }

    public static Shares shares(ScanReport r) {
        Map<String, Long> v = r.verdicts();
        long responding = v.get("mptcp") + v.get("echo") + v.get("anomalous") + v.get("tcp");
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("mptcp", v.get("mptcp"));
        c.put("v1 only", r.mptcpVersions().getOrDefault("1", 0L));
        c.put("v0 only", r.mptcpVersions().getOrDefault("0", 0L));
        c.put("v0 and v1", r.mptcpVersions().getOrDefault("0,1", 0L));
        c.put("C bit", r.flags().getOrDefault("c_bit", 0L));
        c.put("echo", v.get("echo"));
        c.put("lb-bypass", r.stage2().getOrDefault("lb_bypass", 0L));
        return new Shares(r.scan(), r.set().startedAt(), responding, c);
    }

    /**
     * The trend as an SVG chart against time (each scan's start; a capture's is its first
     * packet's): each series as a share of the responding targets in percent, or (log) as counts on
     * a log axis. MPTCP is a fraction of a percent of an Internet scan: a linear count axis would
     * draw it flat on zero.
     */
    public static String chart(List<Shares> pts, boolean log) {
        long[] times = new long[pts.size()];
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String k : SERIES) series.put(k, new double[pts.size()]);
        for (int i = 0; i < pts.size(); i++) {
            Shares p = pts.get(i);
            times[i] = p.startedAt();
            for (String k : SERIES) {
                long n = p.counts().get(k);
                series.get(k)[i] = log ? n : p.responding() == 0 ? 0 : 100.0 * n / p.responding();
            }
        }
        return net.mptcpscan.report.chart.Svg.lines(
                log
                        ? "MPTCP over time (targets, log scale)"
                        : "MPTCP over time (share of the targets that sent a SYN-ACK)",
                times,
                series,
                log,
                log ? "" : "%");
    }

    public static void writeSvg(List<Shares> pts, boolean log, Path file) throws IOException {
        net.mptcpscan.io.ReplacingOutput.write(
                file, chart(pts, log).getBytes(StandardCharsets.UTF_8));
    }
}
