package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.report.TrendService;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "trend", mixinStandardHelpOptions = true, description = "Target verdict counts of every scan over time: a table, JSON, and an SVG chart.")
public final class TrendCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--label", description = "only scans with this label")
    String label;
    @Option(names = "--chart", description = "also write an SVG line chart to this file")
    Path chart;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) throw new IllegalArgumentException("--format is text or json");
        try (ResultStore store = db.open()) {
            List<TrendService.Point> pts = TrendService.trend(store, label);
            if (format.equals("json")) TrendService.printJson(pts, System.out); else TrendService.printText(pts, System.out);
            if (chart != null) {
                TrendService.writeSvg(pts, chart);
                System.err.println("chart written to " + chart);
            }
            return 0;
        }
    }
}
