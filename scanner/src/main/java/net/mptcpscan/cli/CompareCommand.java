package net.mptcpscan.cli;

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

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "Per-target transitions between two scans (e.g. tcp -> mptcp), and the hosts that"
                        + " gained or lost MPTCP.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "OLD",
            converter = ScanRef.Converter.class,
            description = "older scan id")
    ScanRef oldScan;

    @Parameters(
            index = "1",
            paramLabel = "NEW",
            converter = ScanRef.Converter.class,
            description = "newer scan id or 'latest'")
    ScanRef newScan;

    @Mixin Pfx2AsOption pfx2as;
    @Mixin FormatOption format;

    @Option(
            names = "--list",
            defaultValue = "50",
            description =
                    "hosts listed per direction in text, 0 to 1,000,000 (default:"
                            + " ${DEFAULT-VALUE})")
    int list;

    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        format.json(); // --format checked before the database is opened
        if (list < 0 || list > 1_000_000)
            throw new IllegalArgumentException("--list: 0 to 1,000,000 hosts, not " + list);
        Pfx2As table = pfx2as.load();
        try (ResultStore store = db.openExisting()) {
            ScanRecord a = db.scan(store, oldScan, "OLD"), b = db.scan(store, newScan, "NEW");
            Comparison c = CompareService.compare(store, a.id(), b.id(), table);
            format.print(
                    c,
                    CompareService::printJson,
                    (x, out) -> CompareService.printText(x, out, list));
            return 0;
        }
    }
}
