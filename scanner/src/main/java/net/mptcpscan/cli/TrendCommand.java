package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.report.TrendService;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "trend",
        mixinStandardHelpOptions = true,
        description =
                "Target verdict counts of every scan over time: a table, JSON, and an SVG chart.")
public final class TrendCommand implements Callable<Integer> {
    @Mixin FormatOption format;

    @Option(names = "--label", description = "only scans with this label")
    String label;

    @Option(
            names = "--chart",
            description =
                    "also write an SVG chart against time to this file: MPTCP (by version),"
                            + " the C bit, echoes and lb-bypass as shares of the targets that sent"
                            + " a SYN-ACK")
    Path chart;

    @Option(names = "--log", description = "the chart in counts on a log axis instead of shares")
    boolean log;

    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        format.json(); // --format checked before the database is opened
        if (label != null && label.isEmpty())
            throw new IllegalArgumentException("--label: the label is empty");
        Path chartFile = db.output("--chart", chart);
        try (ResultStore store = db.openExisting()) {
            List<TrendService.Point> pts = TrendService.trend(store, label);
            format.print(pts, TrendService::printJson, TrendService::printText);
            if (chart != null) {
                TrendService.writeSvg(TrendService.shares(store, pts), log, chartFile);
                System.err.println(
                        "chart written to " + net.mptcpscan.io.Text.printable(chart.toString()));
            }
            return 0;
        }
    }
}
