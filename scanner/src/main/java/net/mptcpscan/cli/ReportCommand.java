package net.mptcpscan.cli;

import java.util.concurrent.Callable;
import net.mptcpscan.report.Pfx2As;
import net.mptcpscan.report.ReportService;
import net.mptcpscan.report.ScanReport;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
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
            description = "scan id or 'latest' (default: ${DEFAULT-VALUE})")
    ScanRef scan;

    @Mixin Pfx2AsOption pfx2as;
    @Mixin FormatOption format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        format.json(); // --format checked before the database is opened
        Pfx2As table = pfx2as.load();
        try (ResultStore store = db.openExisting()) {
            ScanRecord s = db.scan(store, scan, "--scan");
            ScanReport r = ReportService.build(store, s, table);
            format.print(r, ReportService::printJson, ReportService::printText);
            return 0;
        }
    }
}
