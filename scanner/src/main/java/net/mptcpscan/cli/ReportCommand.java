package net.mptcpscan.cli;

import java.util.concurrent.Callable;
import net.mptcpscan.report.Pfx2As;
import net.mptcpscan.report.ReportService;
import net.mptcpscan.report.ScanReport;
import net.mptcpscan.report.ScanSet;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Counts per verdict, port, MPTCP version, flag and echo evidence; per AS with a"
                        + " CAIDA prefix-to-AS file.")
public final class ReportCommand implements Callable<Integer> {
    @Option(
            names = "--scan",
            defaultValue = "latest",
            converter = ScanRef.Converter.class,
            description =
                    "scan id, 'latest' or campaign:NAME (its shards merged; which are missing or"
                            + " unfinished is said) (default: ${DEFAULT-VALUE})")
    ScanRef scan;

    @Option(
            names = "--vantage",
            description = "of a campaign scanned from several vantages: which one to report")
    String vantage;

    @Option(
            names = "--html",
            description =
                    "also write a self-contained HTML page (charts, tables, the trend of the"
                            + " scan's label, the comparison with its previous scan) to this file")
    java.nio.file.Path html;

    @Mixin Pfx2AsOption pfx2as;
    @Mixin FormatOption format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        format.json(); // --format checked before the database is opened
        java.nio.file.Path htmlFile = db.output("--html", html);
        Pfx2As table = pfx2as.load();
        try (ResultStore store = db.openExisting()) {
            ScanSet s = db.selection(store, scan, vantage, "--scan");
            ScanReport r = ReportService.build(store, s, table);
            format.print(r, ReportService::printJson, ReportService::printText);
            if (htmlFile != null) {
                net.mptcpscan.io.ReplacingOutput.write(
                        htmlFile,
                        ReportService.html(store, r, table)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                System.err.println(
                        "HTML report written to "
                                + net.mptcpscan.io.Text.printable(html.toString()));
            }
            return 0;
        }
    }
}
