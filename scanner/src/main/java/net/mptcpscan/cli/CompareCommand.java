package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mptcpscan.report.CompareService;
import net.mptcpscan.report.Comparison;
import net.mptcpscan.report.Pfx2As;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Per-target transitions between two scans (e.g. tcp -> mptcp), and the hosts that gained or lost MPTCP.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "older scan id")
    String oldScan;
    @Parameters(index = "1", paramLabel = "NEW", description = "newer scan id or 'latest'")
    String newScan;
    @Option(names = "--pfx2as", description = "CAIDA prefix-to-AS file: gained/lost per AS")
    Path pfx2as;
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--list", defaultValue = "50", description = "hosts listed per direction in text (default: ${DEFAULT-VALUE})")
    int list;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) throw new IllegalArgumentException("--format is text or json");
        Pfx2As table = pfx2as == null ? null : Pfx2As.load(pfx2as);
        try (ResultStore store = db.open()) {
            ScanRecord a = store.scan(oldScan), b = store.scan(newScan);
            if (a == null) throw new IllegalArgumentException("no scan " + oldScan + " in " + db.location());
            if (b == null) throw new IllegalArgumentException("no scan " + newScan + " in " + db.location());
            Comparison c = CompareService.compare(store, a.id(), b.id(), table);
            if (format.equals("json")) CompareService.printJson(c, System.out); else CompareService.printText(c, System.out, list);
            return 0;
        }
    }
}
