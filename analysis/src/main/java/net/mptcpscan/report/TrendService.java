package net.mptcpscan.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;

/** Verdict counts of every scan over time (`scans`, `trend`): a table, JSON, and an SVG chart. */
public final class TrendService {
    private TrendService() {}

    public record Point(ScanRecord scan, long[] counts) {
        public long count(ReplyClass c) {
            return counts[c.rank()];
        }
    }

    public static List<Point> trend(ResultStore store, String label) throws StoreException {
        List<Point> out = new ArrayList<>();
        for (ScanRecord s : store.scans()) {
            if (label != null && !label.equals(s.label())) continue;
            out.add(new Point(s, store.verdictCounts(s.id())));
        }
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
                                    Instant.ofEpochMilli(s.startedAt()).toString().substring(0, 19),
                                    clip(s.label()),
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
            a.add(n);
            var v = n.putObject("verdicts");
            for (ReplyClass c : ReplyClass.values()) v.put(c.wireName, p.count(c));
        }
        out.println(a.toPrettyString());
    }

    private static final String[] COLORS = {
        "#1b9e77", "#d95f02", "#e7298a", "#7570b3", "#66a61e", "#a6761d"
    };

    /** A line chart of each verdict's count per scan, as a standalone SVG file. */
    public static void writeSvg(List<Point> pts, Path file) throws IOException {
        int w = 900, h = 420, left = 70, right = 150, top = 30, bottom = 60;
        long max = 1;
        for (Point p : pts)
            for (ReplyClass c : ReplyClass.values()) max = Math.max(max, p.count(c));
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"")
                .append(left)
                .append(
                        "\" y=\"18\" font-size=\"14\">mptcpscan: target verdicts per"
                                + " scan</text>\n");
        int pw = w - left - right, ph = h - top - bottom;
        s.append(
                String.format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                        left, top + ph, left + pw, top + ph));
        s.append(
                String.format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                        left, top, left, top + ph));
        for (int i = 0; i <= 4; i++) {
            long v = max * i / 4;
            int y = top + ph - (int) (ph * i / 4.0);
            s.append(
                    String.format(
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text><line x1=\"%d\""
                                    + " y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                            left - 5, y + 4, v, left, y, left + pw, y));
        }
        int n = pts.size();
        for (int i = 0; i < n; i++) {
            int x = n == 1 ? left + pw / 2 : left + (int) (pw * i / (double) (n - 1));
            s.append(
                    String.format(
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">#%d</text>%n",
                            x, top + ph + 16, pts.get(i).scan().id()));
            s.append(
                    String.format(
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\""
                                    + " font-size=\"10\">%s</text>%n",
                            x,
                            top + ph + 30,
                            Instant.ofEpochMilli(pts.get(i).scan().startedAt())
                                    .toString()
                                    .substring(0, 10)));
        }
        ReplyClass[] cs = ReplyClass.values();
        for (int k = 0; k < cs.length; k++) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int x = n == 1 ? left + pw / 2 : left + (int) (pw * i / (double) (n - 1));
                int y = top + ph - (int) (ph * pts.get(i).count(cs[k]) / (double) max);
                path.append(i == 0 ? "M" : " L").append(x).append(',').append(y);
                s.append(
                        String.format(
                                "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>%n",
                                x, y, COLORS[k]));
            }
            if (n > 0)
                s.append("<path d=\"")
                        .append(path)
                        .append("\" fill=\"none\" stroke=\"")
                        .append(COLORS[k])
                        .append("\" stroke-width=\"2\"/>\n");
            s.append(
                    String.format(
                            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text"
                                    + " x=\"%d\" y=\"%d\">%s</text>%n",
                            w - right + 20,
                            top + 20 * k,
                            COLORS[k],
                            w - right + 38,
                            top + 20 * k + 11,
                            cs[k].wireName));
        }
        s.append("</svg>\n");
        net.mptcpscan.io.ReplacingOutput.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
