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
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;

/** Builds and prints a scan's report (text or JSON) in one pass over its replies. */
public final class ReportService {
    private ReportService() {}

    public static ScanReport build(ResultStore store, ScanRecord scan, Pfx2As pfx2as)
            throws StoreException {
        Map<String, Long> verdicts = ScanReport.emptyVerdicts();
        Map<Integer, Map<String, Long>> perPort = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>(),
                flags = new TreeMap<>(),
                evidence = new TreeMap<>(),
                reasons = new TreeMap<>();
        Map<String, Map<String, Long>> perAs = new TreeMap<>();
        java.util.Set<String> cBitTargets = new java.util.HashSet<>();
        long targets = 0;
        try (TargetIterator it = new TargetIterator(store.cursor(scan.id(), List.of()))) {
            TargetVerdict v;
            while ((v = it.next()) != null) {
                targets++;
                String cls = v.verdict().wireName;
                ScanReport.inc(verdicts, cls);
                ScanReport.inc(
                        perPort.computeIfAbsent(v.port(), p -> ScanReport.emptyVerdicts()), cls);
                if (v.verdict() == ReplyClass.MPTCP) {
                    ScanReport.inc(versions, v.versions());
                    if (v.cBit()) {
                        ScanReport.inc(flags, "c_bit");
                        cBitTargets.add(v.address() + ":" + v.port());
                    }
                    if (v.aBit()) ScanReport.inc(flags, "a_bit");
                }
                for (Evidence e : v.evidence()) ScanReport.inc(evidence, e.wireName);
                if (pfx2as != null) {
                    String as = pfx2as.lookup(v.address());
                    ScanReport.inc(
                            perAs.computeIfAbsent(
                                    as == null ? "unrouted" : "AS" + as,
                                    a -> ScanReport.emptyVerdicts()),
                            cls);
                }
            }
        }
        // Anomaly reasons are per reply: one target can show several.
        try (var c = store.cursor(scan.id(), List.of(ReplyClass.ANOMALOUS))) {
            while (c.hasNext()) {
                ReplyRecord r = c.next();
                ScanReport.inc(reasons, String.valueOf(r.classification().reason()));
            }
        }
        return new ScanReport(
                scan,
                targets,
                verdicts,
                perPort,
                versions,
                flags,
                evidence,
                reasons,
                perAs,
                stage2(store, scan.id(), cBitTargets));
    }

    /**
     * Stage 2: what targets announced after the handshake, by HMAC verdict, and what it says of
     * them: lb_bypass (the C bit and a proven announcement of another address: the load-balancer
     * design of the documents), announces (a proven announcement without the C bit), id0 (an
     * address announced with id 0).
     */
    static Map<String, Long> stage2(
            ResultStore store, long scanId, java.util.Set<String> cBitTargets)
            throws StoreException {
        Map<String, Long> s = new java.util.LinkedHashMap<>();
        var rows = store.announcements(scanId);
        if (rows.isEmpty()) return s;
        Map<String, Boolean> proven = new TreeMap<>();
        long id0 = 0;
        for (var a : rows) {
            if (a.echo()) continue;
            ScanReport.inc(s, "announcements");
            ScanReport.inc(s, "hmac_" + a.hmac().replace('-', '_'));
            if (a.addressId() == 0) id0++;
            String t = a.target() + ":" + a.targetPort();
            boolean ok =
                    (a.hmac().equals("valid") || a.hmac().equals("valid-legacy"))
                            && !a.address().equals(net.mptcpscan.wire.Ipv4.toString(a.target()));
            proven.merge(t, ok, Boolean::logicalOr);
        }
        s.put("targets_announcing", (long) proven.size());
        long bypass = 0, announces = 0;
        for (var e : proven.entrySet()) {
            if (!e.getValue()) continue;
            if (cBitTargets.contains(e.getKey())) bypass++;
            else announces++;
        }
        s.put("lb_bypass", bypass);
        s.put("announces", announces);
        s.put("id0", id0);
        return s;
    }

    public static void printText(ScanReport r, PrintStream out) {
        ScanRecord s = r.scan();
        out.printf(
                "scan %d%s  %s  %s, started %s%n",
                s.id(),
                s.label() == null ? "" : " (" + s.label() + ")",
                s.source(),
                s.status(),
                Instant.ofEpochMilli(s.startedAt()));
        if (s.source() == net.mptcpscan.store.ScanSource.SCAN) {
            out.printf(
                    "  probes sent %,d   replies %,d   validation failures %,d   repeats %,d  "
                            + " drops %,d%n",
                    s.sent(), s.received(), s.validationFailures(), s.repeats(), s.dropped());
        }
        out.printf("  targets that answered: %,d%n%n", r.targets());
        out.println("verdicts");
        for (var e : r.verdicts().entrySet())
            out.printf(
                    "  %-12s %,10d  %5.1f%%%n",
                    e.getKey(), e.getValue(), pct(e.getValue(), r.targets()));
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
            out.println("\nafter the handshake (stage 2: announced addresses, ADD_ADDR)");
            for (var e : r.stage2().entrySet())
                out.printf("  %-20s %,10d%n", e.getKey(), e.getValue());
            out.println(
                    "  (lb_bypass: C bit and a proven announcement of another address, the"
                            + " load-balancer design)");
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
        root.put("targets", r.targets());
        root.set("verdicts", m.valueToTree(r.verdicts()));
        root.set("per_port", m.valueToTree(r.perPort()));
        root.set("mptcp_versions", m.valueToTree(r.mptcpVersions()));
        root.set("flags", m.valueToTree(r.flags()));
        root.set("evidence", m.valueToTree(r.evidence()));
        root.set("anomaly_reasons", m.valueToTree(r.anomalyReasons()));
        root.set("stage2", m.valueToTree(r.stage2()));
        if (!r.perAs().isEmpty()) root.set("per_as", m.valueToTree(r.perAs()));
        out.println(root.toPrettyString());
    }
}
