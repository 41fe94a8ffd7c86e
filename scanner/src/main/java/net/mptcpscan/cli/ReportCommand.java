package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mptcpscan.report.Pfx2As;
import net.mptcpscan.report.ReportService;
import net.mptcpscan.report.ScanReport;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Counts per verdict, port, MPTCP version, flag and echo evidence; per AS with a CAIDA prefix-to-AS file.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--scan", defaultValue = "latest", description = "scan id or 'latest' (default: ${DEFAULT-VALUE})")
    String scan;
    @Option(names = "--pfx2as", description = "CAIDA Routeviews prefix-to-AS file (plain or .gz)")
    Path pfx2as;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) throw new IllegalArgumentException("--format is text or json");
        Pfx2As table = pfx2as == null ? null : Pfx2As.load(pfx2as);
        try (ResultStore store = db.open()) {
            ScanRecord s = store.scan(scan);
            if (s == null) throw new IllegalArgumentException("no scan " + scan + " in " + db.location());
            ScanReport r = ReportService.build(store, s, table);
            if (format.equals("json")) ReportService.printJson(r, System.out); else ReportService.printText(r, System.out);
            return 0;
        }
    }
}
