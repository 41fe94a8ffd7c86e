package net.mptcpscan.report.chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small inline SVG charts (no JavaScript, no fonts to fetch): horizontal bars and lines over time,
 * with "nice" ticks (1, 2, 5 times a power of ten). Pure functions from numbers to markup.
 */
public final class Svg {
    private Svg() {}

    public static final String[] COLORS = {
        "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"
    };

    /** Text for SVG and HTML. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray())
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        return b.toString();
    }

    /** A step of 1, 2 or 5 times a power of ten giving about n intervals up to max. */
    public static double niceStep(double max, int n) {
        if (!(max > 0)) return 1;
        double raw = max / n, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** The ticks 0, step, ... up to the first at or above max. */
    public static List<Double> ticks(double max, int n) {
        double step = niceStep(max, n);
        List<Double> t = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            t.add(i * step);
            if (i * step >= max) break;
        }
        return t;
    }

    /** Powers of ten from the one at or below min to the one at or above max (log axes). */
    public static List<Double> logTicks(double min, double max) {
        List<Double> t = new ArrayList<>();
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(min, 1e-9))));
        for (double v = lo; ; v *= 10) {
            t.add(v);
            if (v >= max || t.size() > 40) break;
        }
        return t;
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format("%,d", (long) v);
        if (Math.abs(v) >= 0.01) return String.format("%.2f", v).replaceAll("\\.?0+$", "");
        return String.format("%.2g", v);
    }

    /** Horizontal bars, one per label, with its value written beside it. */
    public static String bars(String title, List<String> labels, List<Long> values, String color) {
        int rowH = 22, labelW = 150, barW = 420, h = 30 + rowH * labels.size() + 10;
        long max = 1;
        for (long v : values) max = Math.max(max, v);
        StringBuilder s = open(labelW + barW + 120, h, title);
        for (int i = 0; i < labels.size(); i++) {
            int y = 30 + i * rowH, w = (int) Math.round(barW * values.get(i) / (double) max);
            s.append(
                    String.format(
                            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                                    + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                                    + " fill=\"%s\"><title>%s: %s</title></rect>"
                                    + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                            labelW - 8,
                            y + 14,
                            esc(labels.get(i)),
                            labelW,
                            y + 3,
                            Math.max(w, values.get(i) > 0 ? 1 : 0),
                            rowH - 6,
                            color,
                            esc(labels.get(i)),
                            num(values.get(i)),
                            labelW + w + 6,
                            y + 14,
                            num(values.get(i))));
        }
        return s.append("</svg>\n").toString();
    }

    /**
     * Lines over time: x is each point's time (epoch milliseconds), one series a line; log draws
     * the y axis on powers of ten (values at or below zero are left out there); unit follows the y
     * tick labels ("%" for shares).
     */
    public static String lines(
            String title, long[] times, Map<String, double[]> series, boolean log, String unit) {
        int w = 900, h = 380, left = 80, right = 170, top = 34, bottom = 50;
        int pw = w - left - right, ph = h - top - bottom;
        double max = 0, minPos = Double.MAX_VALUE;
        for (double[] v : series.values())
            for (double x : v) {
                max = Math.max(max, x);
                if (x > 0) minPos = Math.min(minPos, x);
            }
        List<Double> yt =
                log ? logTicks(minPos == Double.MAX_VALUE ? 1 : minPos, max) : ticks(max, 5);
        double y0 = log ? Math.log10(yt.get(0)) : 0,
                y1 = log ? Math.log10(yt.get(yt.size() - 1)) : yt.get(yt.size() - 1);
        if (y1 <= y0) y1 = y0 + 1;
        long t0 = times.length == 0 ? 0 : times[0],
                t1 = times.length == 0 ? 1 : times[times.length - 1];
        for (long t : times) {
            t0 = Math.min(t0, t);
            t1 = Math.max(t1, t);
        }
        StringBuilder s = open(w, h, title);
        for (double v : yt) {
            int y = top + ph - (int) Math.round(ph * ((log ? Math.log10(v) : v) - y0) / (y1 - y0));
            s.append(
                    String.format(
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s%s</text>%n",
                            left, y, left + pw, y, left - 6, y + 4, num(v), unit));
        }
        s.append(
                String.format(
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
                        left, top + ph, left + pw, top + ph));
        DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
        DateTimeFormatter hour =
                DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
        boolean sameDay = t1 - t0 < 2L * 86_400_000;
        int xticks = Math.min(6, Math.max(1, times.length));
        for (int i = 0; i < xticks; i++) {
            long t = xticks == 1 ? t0 : t0 + (t1 - t0) * i / (xticks - 1);
            int x = xOf(t, t0, t1, left, pw);
            s.append(
                    String.format(
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>"
                                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                            x,
                            top + ph,
                            x,
                            top + ph + 5,
                            x,
                            top + ph + 20,
                            (sameDay ? hour : day).format(Instant.ofEpochMilli(t))));
        }
        int k = 0;
        for (var e : series.entrySet()) {
            String color = COLORS[k % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < times.length; i++) {
                double v = e.getValue()[i];
                if (log && v <= 0) continue;
                int x = xOf(times[i], t0, t1, left, pw),
                        y =
                                top
                                        + ph
                                        - (int)
                                                Math.round(
                                                        ph
                                                                * ((log ? Math.log10(v) : v) - y0)
                                                                / (y1 - y0));
                path.append(path.length() == 0 ? "M" : " L").append(x).append(',').append(y);
                s.append(
                        String.format(
                                "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"><title>%s:"
                                        + " %s%s</title></circle>%n",
                                x, y, color, esc(e.getKey()), num(v), unit));
            }
            if (path.length() > 0)
                s.append("<path d=\"")
                        .append(path)
                        .append("\" fill=\"none\" stroke=\"")
                        .append(color)
                        .append("\" stroke-width=\"2\"/>\n");
            s.append(
                    String.format(
                            "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                                    + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                            w - right + 16,
                            top + 20 * k,
                            color,
                            w - right + 34,
                            top + 20 * k + 11,
                            esc(e.getKey())));
            k++;
        }
        return s.append("</svg>\n").toString();
    }

    private static int xOf(long t, long t0, long t1, int left, int pw) {
        return t1 == t0
                ? left + pw / 2
                : left + (int) Math.round(pw * (t - t0) / (double) (t1 - t0));
    }

    private static StringBuilder open(int w, int h, String title) {
        return new StringBuilder()
                .append(
                        String.format(
                                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                                        + " height=\"%d\" viewBox=\"0 0 %d %d\""
                                        + " font-family=\"sans-serif\" font-size=\"12\""
                                        + " role=\"img\"><title>%s</title><rect width=\"100%%\""
                                        + " height=\"100%%\" fill=\"white\"/><text x=\"8\" y=\"18\""
                                        + " font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                                w, h, w, h, esc(title), esc(title)));
    }
}
