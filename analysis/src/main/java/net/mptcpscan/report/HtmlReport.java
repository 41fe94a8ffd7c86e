package net.mptcpscan.report;

import static net.mptcpscan.report.chart.Svg.esc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.mptcpscan.report.chart.Svg;
import net.mptcpscan.store.ScanRecord;

/**
 * `report --html`: one self-contained page (inline SVG and CSS, no JavaScript, nothing fetched) for
 * people who did not run the scan: verdicts, versions, flags, per-port and per-AS tables with bar
 * charts, echo evidence, the load-balancer section, the trend and the comparison with the previous
 * scan. Figures carry ids (verdict-mptcp, ...) so they can be found in the page.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** previous and comparison may be null (the first scan of its label). */
    public static String render(
            ScanReport r, List<TrendService.Shares> trend, ScanRecord previous, Comparison cmp) {
        ScanRecord s = r.scan();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>mptcpscan report: scan ")
                .append(s.id())
                .append("</title><style>")
                .append(
                        "body{font-family:sans-serif;margin:2em auto;max-width:1000px;color:#222}"
                                + "table{border-collapse:collapse;margin:.5em 0 1.5em}"
                                + "td,th{border-bottom:1px solid #ddd;padding:3px 10px;"
                                + "text-align:right}th:first-child,td:first-child{text-align:left}"
                                + "h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:2px solid"
                                + " #1b9e77}.note{color:#666;font-size:.9em}")
                .append("</style></head><body>\n");
        h.append("<h1>MPTCP scan ")
                .append(s.id())
                .append(s.label() == null ? "" : " (" + esc(s.label()) + ")")
                .append("</h1>\n<p>")
                .append(esc(String.valueOf(s.source())))
                .append(", ")
                .append(esc(String.valueOf(s.status())))
                .append(", started ")
                .append(esc(Instant.ofEpochMilli(s.startedAt()).toString()))
                .append(s.vantage() == null ? "" : ", vantage " + esc(s.vantage()))
                .append(". Probes sent <span id=\"sent\">")
                .append(fmt(s.sent()))
                .append("</span>, replies ")
                .append(fmt(s.received()))
                .append(", targets that answered <span id=\"targets\">")
                .append(fmt(r.targets()))
                .append("</span>.</p>\n");
        if (r.campaign() != null)
            h.append("<p>Campaign <b>")
                    .append(esc(r.campaign().name()))
                    .append("</b>")
                    .append(
                            r.campaign().vantage() == null
                                    ? ""
                                    : " from vantage " + esc(r.campaign().vantage()))
                    .append(": <span id=\"campaign\">")
                    .append(esc(r.campaign().state()))
                    .append("</span> (scans ")
                    .append(
                            esc(
                                    String.join(
                                            ", ",
                                            r.campaign().used().stream()
                                                    .map(x -> String.valueOf(x.id()))
                                                    .toList())))
                    .append(").</p>\n");

        h.append("<h2>Verdicts</h2>\n");
        table(h, "verdict", r.verdicts(), r.targets());
        h.append(bars("Targets by verdict", r.verdicts(), Svg.COLORS[0]));
        if (r.perFamily().size() > 1) {
            h.append(
                    "<h2>IPv4 and IPv6</h2>\n"
                            + "<table><tr><th>verdict</th><th>IPv4</th><th>IPv6</th></tr>\n");
            for (String v : r.verdicts().keySet())
                h.append("<tr><td>")
                        .append(esc(v))
                        .append("</td><td id=\"ipv4-")
                        .append(esc(v))
                        .append("\">")
                        .append(fmt(r.perFamily().get("ipv4").get(v)))
                        .append("</td><td id=\"ipv6-")
                        .append(esc(v))
                        .append("\">")
                        .append(fmt(r.perFamily().get("ipv6").get(v)))
                        .append("</td></tr>\n");
            h.append("</table>\n");
        }
        if (!r.mptcpVersions().isEmpty()) {
            h.append("<h2>MPTCP servers by version</h2>\n");
            Map<String, Long> v = new java.util.LinkedHashMap<>();
            r.mptcpVersions().forEach((k, n) -> v.put("v" + k, n));
            table(h, "version", v, -1);
            h.append(bars("Genuine MPTCP servers by version", v, Svg.COLORS[1]));
            h.append("<h2>Flags</h2>\n<table><tr><th>flag</th><th>servers</th><th></th></tr>")
                    .append("<tr><td>C bit</td><td id=\"flag-c_bit\">")
                    .append(fmt(r.flags().getOrDefault("c_bit", 0L)))
                    .append("</td><td class=\"note\">no more subflows to this address: a load")
                    .append(
                            " balancer or anycast</td></tr><tr><td>A bit</td><td"
                                    + " id=\"flag-a_bit\">")
                    .append(fmt(r.flags().getOrDefault("a_bit", 0L)))
                    .append("</td><td class=\"note\">checksums required</td></tr></table>\n");
        }
        h.append("<h2>Per port</h2>\n");
        perKey(h, "port", r.perPort(), Svg.COLORS[2]);
        if (!r.perAs().isEmpty()) {
            h.append("<h2>Per AS (top 30 by MPTCP servers)</h2>\n");
            Map<String, Map<String, Long>> top = new java.util.LinkedHashMap<>();
            r.perAs().entrySet().stream()
                    .sorted(
                            java.util.Comparator.comparing(
                                            (Map.Entry<String, Map<String, Long>> e) ->
                                                    e.getValue().get("mptcp"))
                                    .reversed())
                    .limit(30)
                    .forEach(e -> top.put(e.getKey(), e.getValue()));
            perKey(h, "AS", top, Svg.COLORS[3]);
        }
        if (!r.evidence().isEmpty()) {
            h.append("<h2>Echo evidence</h2>\n<p class=\"note\">Why a reply was judged a")
                    .append(" middlebox echoing our option rather than a server (targets).</p>\n");
            table(h, "evidence", r.evidence(), -1);
            h.append(bars("Echo evidence (targets)", r.evidence(), Svg.COLORS[5]));
        }
        if (!r.stage2().isEmpty()) {
            Map<String, Long> t = r.stage2();
            h.append("<h2>Load balancers (stage 2)</h2>\n<p class=\"note\">After the handshake:")
                    .append(" what genuine MPTCP servers announced (ADD_ADDR, HMAC checked) and")
                    .append(" what that says of the deployment. lb-bypass: the C bit and a proven")
                    .append(" announcement of another address.</p>\n");
            Map<String, Long> shown = new java.util.LinkedHashMap<>();
            for (String k : ReportService.STAGE2_KEYS) shown.put(k, t.get(k));
            table(h, "stage2", shown, -1);
            Map<String, Long> inf = new java.util.LinkedHashMap<>();
            for (String k : List.of("lb_bypass", "announces", "c_only", "id0"))
                inf.put(k.replace('_', '-'), t.get(k));
            h.append(bars("Load-balancer inferences (targets)", inf, Svg.COLORS[4]));
        }
        if (trend.size() > 0) {
            h.append("<h2>Trend</h2>\n");
            h.append(TrendService.chart(trend, false));
        }
        if (cmp != null && previous != null) {
            h.append("<h2>Compared with ")
                    .append(esc(cmp.oldName()))
                    .append("</h2>\n<p>Started ")
                    .append(esc(Instant.ofEpochMilli(previous.startedAt()).toString()))
                    .append(". Gained MPTCP <span id=\"gained\">")
                    .append(fmt(cmp.gained().size()))
                    .append("</span>, lost <span id=\"lost\">")
                    .append(fmt(cmp.lost().size()))
                    .append("</span> targets.</p>\n");
            table(h, "transition", cmp.transitions(), -1);
            list(h, "gained MPTCP", cmp.gained());
            list(h, "lost MPTCP", cmp.lost());
        }
        h.append("<p class=\"note\">mptcpscan ")
                .append(esc(String.valueOf(s.toolVersion())))
                .append("</p>\n</body></html>\n");
        return h.toString();
    }

    private static String fmt(long n) {
        return String.format("%,d", n);
    }

    /** key | count | share (when of >= 0); ids prefix-key. */
    private static void table(StringBuilder h, String prefix, Map<String, Long> m, long of) {
        h.append("<table><tr><th>")
                .append(esc(prefix))
                .append("</th><th>targets</th>")
                .append(of >= 0 ? "<th>share</th>" : "")
                .append("</tr>\n");
        for (var e : m.entrySet()) {
            h.append("<tr><td>")
                    .append(esc(e.getKey()))
                    .append("</td><td id=\"")
                    .append(esc(prefix + "-" + e.getKey()))
                    .append("\">")
                    .append(fmt(e.getValue()))
                    .append("</td>");
            if (of >= 0)
                h.append("<td>")
                        .append(String.format("%.1f%%", of == 0 ? 0 : 100.0 * e.getValue() / of))
                        .append("</td>");
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** A table of verdicts per key (port, AS), then a bar chart of its MPTCP servers. */
    private static void perKey(
            StringBuilder h, String what, Map<?, Map<String, Long>> m, String color) {
        h.append("<table><tr><th>").append(esc(what)).append("</th>");
        List<String> classes = new ArrayList<>(ScanReport.emptyVerdicts().keySet());
        for (String c : classes) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr>\n");
        List<String> labels = new ArrayList<>();
        List<Long> mptcp = new ArrayList<>();
        for (var e : m.entrySet()) {
            h.append("<tr><td>").append(esc(String.valueOf(e.getKey()))).append("</td>");
            for (String c : classes)
                h.append("<td>").append(fmt(e.getValue().getOrDefault(c, 0L))).append("</td>");
            h.append("</tr>\n");
            labels.add(what + " " + e.getKey());
            mptcp.add(e.getValue().getOrDefault("mptcp", 0L));
        }
        h.append("</table>\n")
                .append(Svg.bars("Genuine MPTCP servers per " + what, labels, mptcp, color));
    }

    private static String bars(String title, Map<String, Long> m, String color) {
        return Svg.bars(title, new ArrayList<>(m.keySet()), new ArrayList<>(m.values()), color);
    }

    private static void list(StringBuilder h, String title, List<String> items) {
        if (items.isEmpty()) return;
        h.append("<p>").append(esc(title)).append(":</p><ul>\n");
        items.stream().limit(100).forEach(i -> h.append("<li>").append(esc(i)).append("</li>\n"));
        if (items.size() > 100)
            h.append("<li>... ").append(fmt(items.size() - 100)).append(" more</li>\n");
        h.append("</ul>\n");
    }
}
