package net.mptcpscan.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.store.TargetCursor;

/** Builds and prints a scan's report (text or JSON) in one pass over its replies. */
public final class ReportService {
    private ReportService() {}

    public static ScanReport build(ResultStore store, ScanRecord scan, Pfx2As pfx2as)
            throws StoreException {
        return build(store, ScanSet.of(scan), pfx2as);
    }

    /** A scan's report, or a campaign's with its shards merged (one verdict per target). */
    public static ScanReport build(ResultStore store, ScanSet set, Pfx2As pfx2as)
            throws StoreException {
        return build(store, set, pfx2as, true);
    }

    /**
     * groups: from the counts kept with an ended scan's targets (TargetGroup) where they answer the
     * report (one scan, no prefix table), reading only its genuine targets for stage 2; false reads
     * every target (what the tests compare them with).
     */
    static ScanReport build(ResultStore store, ScanSet set, Pfx2As pfx2as, boolean groups)
            throws StoreException {
        List<Long> ids = set.ids();
        Map<String, Long> verdicts = ScanReport.emptyVerdicts();
        Map<Integer, Map<String, Long>> perPort = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>(),
                flags = new TreeMap<>(),
                evidence = new TreeMap<>(),
                reasons = new TreeMap<>();
        Map<String, Map<String, Long>> perAs = new TreeMap<>();
        Stage2Targets s2 = Stage2Targets.load(store, ids);
        Map<String, Long> stage2 = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Long>> stage2PerAs = new TreeMap<>();
        Map<String, Map<String, Long>> perFamily = new TreeMap<>();
        Tally tally = new Tally(verdicts, perFamily, perPort, versions, flags, evidence);
        List<net.mptcpscan.store.TargetGroup> kept =
                groups && pfx2as == null && ids.size() == 1 ? store.targetGroups(ids.get(0)) : null;
        long targets = 0;
        if (kept != null) {
            for (var g : kept) {
                targets += g.targets();
                tally.add(g);
            }
            if (s2.any())
                try (TargetCursor it = store.mptcpTargets(ids.get(0))) {
                    TargetVerdict v;
                    while ((v = it.next()) != null) stage2(stage2, s2, v);
                }
        } else
            try (TargetCursor it = store.targets(ids)) {
                TargetVerdict v;
                while ((v = it.next()) != null) {
                    targets++;
                    String cls = v.verdict().wireName;
                    tally.add(net.mptcpscan.store.TargetGroup.of(v));
                    String as = pfx2as == null ? null : pfx2as.lookup(v.address());
                    if (s2.any() && v.verdict() == ReplyClass.MPTCP) {
                        List<String> inferred = stage2(stage2, s2, v);
                        if (pfx2as != null && !inferred.isEmpty()) {
                            Map<String, Long> row =
                                    stage2PerAs.computeIfAbsent(
                                            as == null ? "unrouted" : "AS" + as,
                                            a -> emptyInferences());
                            for (String i : inferred) ScanReport.inc(row, i);
                        }
                    }
                    if (pfx2as != null) {
                        ScanReport.inc(
                                perAs.computeIfAbsent(
                                        as == null ? "unrouted" : "AS" + as,
                                        a -> ScanReport.emptyVerdicts()),
                                cls);
                    }
                }
            }
        // Anomaly reasons are per reply: one target can show several.
        for (long id : ids)
            store.anomalyReasons(id).forEach((k, n) -> reasons.merge(k, n, Long::sum));
        return new ScanReport(
                set.first(),
                targets,
                verdicts,
                perPort,
                versions,
                flags,
                evidence,
                reasons,
                perAs,
                stage2,
                stage2PerAs,
                perFamily,
                set.campaign());
    }

    /**
     * The HTML page of a report: with the trend of the scans of its label (all scans without one; a
     * campaign is one point) and the comparison with the latest earlier point of that label.
     */
    public static String html(ResultStore store, ScanReport r, Pfx2As pfx2as)
            throws StoreException {
        ScanSet mine = r.set();
        List<TrendService.Point> pts = TrendService.trend(store, r.scan().label());
        List<TrendService.Shares> shares = new java.util.ArrayList<>();
        ScanSet previous = null;
        for (TrendService.Point p : pts) {
            boolean self = p.set().ids().equals(mine.ids());
            shares.add(
                    self
                            ? TrendService.shares(r)
                            : TrendService.shares(build(store, p.set(), null)));
            if (!self && p.set().startedAt() < mine.startedAt()) previous = p.set();
        }
        Comparison cmp =
                previous == null ? null : CompareService.compare(store, previous, mine, pfx2as);
        return HtmlReport.render(r, shares, previous == null ? null : previous.first(), cmp);
    }

    /** The report's counts that every target adds to, n targets at a time. */
    private record Tally(
            Map<String, Long> verdicts,
            Map<String, Map<String, Long>> perFamily,
            Map<Integer, Map<String, Long>> perPort,
            Map<String, Long> versions,
            Map<String, Long> flags,
            Map<String, Long> evidence) {
        void add(net.mptcpscan.store.TargetGroup g) {
            String cls = g.verdict().wireName;
            long n = g.targets();
            verdicts.merge(cls, n, Long::sum);
            perFamily
                    .computeIfAbsent(family(g.v6()), f -> ScanReport.emptyVerdicts())
                    .merge(cls, n, Long::sum);
            perPort.computeIfAbsent(g.port(), p -> ScanReport.emptyVerdicts())
                    .merge(cls, n, Long::sum);
            if (g.verdict() == ReplyClass.MPTCP) {
                versions.merge(g.versions(), n, Long::sum);
                if (g.cBit()) flags.merge("c_bit", n, Long::sum);
                if (g.aBit()) flags.merge("a_bit", n, Long::sum);
            }
            for (Evidence e : g.evidence()) evidence.merge(e.wireName, n, Long::sum);
        }
    }

    /** "ipv4" or "ipv6": the report's and compare's per-family keys. */
    static String family(net.mptcpscan.wire.IpAddress a) {
        return family(a.v6());
    }

    static String family(boolean v6) {
        return v6 ? "ipv6" : "ipv4";
    }

    private static Map<String, Long> emptyInferences() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (String i :
                List.of(
                        Stage2Targets.LB_BYPASS,
                        Stage2Targets.ANNOUNCES,
                        Stage2Targets.C_ONLY,
                        Stage2Targets.ID0)) m.put(i, 0L);
        return m;
    }

    /** The stage-2 keys of the report, in print order (all present, zero or not). */
    static final List<String> STAGE2_KEYS =
            List.of(
                    "handshake_completed",
                    "handshake_reset",
                    "handshake_timeout",
                    "handshake_not_tried",
                    "announcements",
                    "hmac_valid",
                    "hmac_valid_legacy",
                    "hmac_invalid",
                    "hmac_none",
                    "targets_announcing",
                    "c_bit_announcing",
                    "c_bit_silent",
                    "no_c_announcing",
                    "no_c_silent",
                    "announced_ipv4",
                    "announced_ipv6",
                    "lb_bypass",
                    "announces",
                    "c_only",
                    "id0");

    /**
     * Stage 2 of one genuine target into the report's counts: its handshake, its announcements by
     * HMAC verdict and address family, the C bit against ADD_ADDR, and what it says of the
     * deployment (lb_bypass: the C bit and a proven announcement of another address, the
     * load-balancer design of the documents; announces; c_only; id0). Returns the inferences.
     */
    static List<String> stage2(Map<String, Long> s, Stage2Targets s2, TargetVerdict v) {
        if (s.isEmpty()) for (String k : STAGE2_KEYS) s.put(k, 0L);
        ScanReport.inc(s, "handshake_" + s2.status(v).wireName.replace('-', '_'));
        boolean any = false;
        for (var a : s2.announced(v.address(), v.port())) {
            if (a.echo()) continue;
            any = true;
            ScanReport.inc(s, "announcements");
            ScanReport.inc(s, "hmac_" + a.hmac().replace('-', '_'));
            ScanReport.inc(s, a.address().contains(":") ? "announced_ipv6" : "announced_ipv4");
        }
        if (any) ScanReport.inc(s, "targets_announcing");
        ScanReport.inc(s, (v.cBit() ? "c_bit_" : "no_c_") + (any ? "announcing" : "silent"));
        List<String> inferred = s2.inference(v);
        for (String i : inferred) ScanReport.inc(s, i.replace('-', '_'));
        return inferred;
    }

    public static void printText(ScanReport r, PrintStream out) {
        ScanRecord s = r.scan();
        if (r.campaign() != null) printCampaign(r.campaign(), out);
        else
            out.printf(
                    "scan %d%s  %s  %s, started %s%n",
                    s.id(),
                    s.label() == null ? "" : " (" + s.label() + ")",
                    s.source(),
                    s.status(),
                    Instant.ofEpochMilli(s.startedAt()));
        if (r.campaign() == null && s.source() == net.mptcpscan.store.ScanSource.SCAN) {
            out.printf(
                    "  probes sent %,d   replies %,d   validation failures %,d   repeats %,d  "
                            + " drops %,d%n",
                    s.sent(), s.received(), s.validationFailures(), s.repeats(), s.dropped());
        }
        out.printf("  targets that answered: %,d%n%n", r.targets());
        boolean both = r.perFamily().size() > 1;
        out.println(both ? "verdicts                       IPv4        IPv6" : "verdicts");
        for (var e : r.verdicts().entrySet())
            out.printf(
                    "  %-12s %,10d  %5.1f%%%s%n",
                    e.getKey(),
                    e.getValue(),
                    pct(e.getValue(), r.targets()),
                    both
                            ? String.format(
                                    "  %,10d  %,10d",
                                    r.perFamily().get("ipv4").get(e.getKey()),
                                    r.perFamily().get("ipv6").get(e.getKey()))
                            : "");
        long mptcp = r.verdicts().getOrDefault("mptcp", 0L);
        if (mptcp > 0) {
            out.println("\nmptcp servers by version");
            for (var e : r.mptcpVersions().entrySet())
                out.printf("  v%-11s %,10d%n", e.getKey(), e.getValue());
            out.println("\nmptcp servers by flag");
            out.printf(
                    "  %-12s %,10d   (no more subflows to this address: load balancer or"
                            + " anycast)%n",
                    "C bit", r.flags().getOrDefault("c_bit", 0L));
            out.printf(
                    "  %-12s %,10d   (checksums required)%n",
                    "A bit", r.flags().getOrDefault("a_bit", 0L));
        }
        if (!r.stage2().isEmpty()) {
            Map<String, Long> t = r.stage2();
            out.println("\nafter the handshake (stage 2, genuine MPTCP targets)");
            out.printf(
                    "  handshakes   completed %,d   reset %,d   timeout %,d   not tried %,d%n",
                    t.get("handshake_completed"),
                    t.get("handshake_reset"),
                    t.get("handshake_timeout"),
                    t.get("handshake_not_tried"));
            out.printf(
                    "  ADD_ADDR     %,d announcements from %,d targets; HMAC valid %,d,"
                            + " valid-legacy %,d, invalid %,d, none %,d; IPv4 %,d, IPv6 %,d%n",
                    t.get("announcements"),
                    t.get("targets_announcing"),
                    t.get("hmac_valid"),
                    t.get("hmac_valid_legacy"),
                    t.get("hmac_invalid"),
                    t.get("hmac_none"),
                    t.get("announced_ipv4"),
                    t.get("announced_ipv6"));
            out.println("\nload balancers: the C bit against ADD_ADDR (targets)");
            out.printf("  %-12s %12s %12s%n", "", "announcing", "silent");
            out.printf(
                    "  %-12s %,12d %,12d%n",
                    "C bit", t.get("c_bit_announcing"), t.get("c_bit_silent"));
            out.printf(
                    "  %-12s %,12d %,12d%n",
                    "no C bit", t.get("no_c_announcing"), t.get("no_c_silent"));
            out.printf(
                    "  lb-bypass %,d   announces %,d   c-only %,d   id0 %,d%n",
                    t.get("lb_bypass"), t.get("announces"), t.get("c_only"), t.get("id0"));
            out.println(
                    "  (lb-bypass: the C bit and a proven (HMAC) announcement of another address,"
                            + " the load-balancer design; c-only: the C bit, nothing announced;"
                            + " id0: an address announced with id 0)");
            if (!r.stage2PerAs().isEmpty()) {
                out.printf(
                        "%n  %-14s %10s %10s %10s %10s%n",
                        "AS",
                        Stage2Targets.LB_BYPASS,
                        Stage2Targets.ANNOUNCES,
                        Stage2Targets.C_ONLY,
                        Stage2Targets.ID0);
                for (var e : r.stage2PerAs().entrySet())
                    out.printf(
                            "  %-14s %,10d %,10d %,10d %,10d%n",
                            e.getKey(),
                            e.getValue().get(Stage2Targets.LB_BYPASS),
                            e.getValue().get(Stage2Targets.ANNOUNCES),
                            e.getValue().get(Stage2Targets.C_ONLY),
                            e.getValue().get(Stage2Targets.ID0));
            }
        }
        if (!r.evidence().isEmpty()) {
            out.println("\necho evidence (targets)");
            for (var e : r.evidence().entrySet())
                out.printf("  %-20s %,10d%n", e.getKey(), e.getValue());
        }
        if (!r.anomalyReasons().isEmpty()) {
            out.println("\nanomalies (replies)");
            r.anomalyReasons().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(20)
                    .forEach(e -> out.printf("  %,10d  %s%n", e.getValue(), e.getKey()));
        }
        out.println("\nper port");
        printTable(out, "port", r.perPort());
        if (!r.perAs().isEmpty()) {
            out.println("\nper AS (by mptcp servers, top 30)");
            Map<String, Map<String, Long>> top = new java.util.LinkedHashMap<>();
            r.perAs().entrySet().stream()
                    .sorted(
                            Comparator.comparing(
                                            (Map.Entry<String, Map<String, Long>> e) ->
                                                    e.getValue().get("mptcp"))
                                    .reversed()
                                    .thenComparing(Map.Entry::getKey))
                    .limit(30)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            printTable(out, "AS", top);
        }
    }

    /** A campaign's header: what it merged, and which shards are missing or not finished. */
    static void printCampaign(Campaign c, PrintStream out) {
        out.printf(
                "campaign %s%s  %s%n",
                c.name(), c.vantage() == null ? "" : " (vantage " + c.vantage() + ")", c.state());
        long sent = 0, received = 0, failures = 0, repeats = 0, dropped = 0;
        for (ScanRecord s : c.used()) {
            out.printf(
                    "  shard %d of %d: scan %d  %s, started %s%n",
                    s.shard(), s.shards(), s.id(), s.status(), Instant.ofEpochMilli(s.startedAt()));
            sent += s.sent();
            received += s.received();
            failures += s.validationFailures();
            repeats += s.repeats();
            dropped += s.dropped();
        }
        if (!c.superseded().isEmpty())
            out.printf(
                    "  superseded by a newer scan of their shard: scan %s%n",
                    String.join(
                            ", ",
                            c.superseded().stream().map(x -> String.valueOf(x.id())).toList()));
        if (c.vantages().size() > 1)
            out.printf(
                    "  other vantages: %s (compare --by-vantage %s)%n",
                    String.join(
                            ", ",
                            c.vantages().stream()
                                    .filter(v -> !java.util.Objects.equals(v, c.vantage()))
                                    .map(Campaign::vantageName)
                                    .toList()),
                    c.name());
        out.printf(
                "  probes sent %,d   replies %,d   validation failures %,d   repeats %,d  "
                        + " drops %,d%n",
                sent, received, failures, repeats, dropped);
    }

    static <K> void printTable(PrintStream out, String keyName, Map<K, Map<String, Long>> rows) {
        StringBuilder h = new StringBuilder(String.format("  %-14s", keyName));
        for (ReplyClass c : ReplyClass.values()) h.append(String.format(" %11s", c.wireName));
        out.println(h);
        for (var e : rows.entrySet()) {
            StringBuilder l = new StringBuilder(String.format("  %-14s", e.getKey()));
            for (ReplyClass c : ReplyClass.values())
                l.append(String.format(" %,11d", e.getValue().getOrDefault(c.wireName, 0L)));
            out.println(l);
        }
    }

    private static double pct(long n, long of) {
        return of == 0 ? 0 : 100.0 * n / of;
    }

    public static void printJson(ScanReport r, PrintStream out) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.set("scan", ScanJson.of(m, r.scan()));
        if (r.campaign() != null) root.set("campaign", ScanJson.of(m, r.campaign()));
        root.put("targets", r.targets());
        root.set("verdicts", m.valueToTree(r.verdicts()));
        root.set("per_port", m.valueToTree(r.perPort()));
        root.set("per_family", m.valueToTree(r.perFamily()));
        root.set("mptcp_versions", m.valueToTree(r.mptcpVersions()));
        root.set("flags", m.valueToTree(r.flags()));
        root.set("evidence", m.valueToTree(r.evidence()));
        root.set("anomaly_reasons", m.valueToTree(r.anomalyReasons()));
        root.set("stage2", m.valueToTree(r.stage2()));
        if (!r.stage2PerAs().isEmpty()) root.set("stage2_per_as", m.valueToTree(r.stage2PerAs()));
        if (!r.perAs().isEmpty()) root.set("per_as", m.valueToTree(r.perAs()));
        out.println(root.toPrettyString());
    }
}
