package net.mptcpscan.cli;

import java.util.concurrent.Callable;
import net.mptcpscan.report.Campaign;
import net.mptcpscan.report.CompareService;
import net.mptcpscan.report.Comparison;
import net.mptcpscan.report.Pfx2As;
import net.mptcpscan.report.ScanSet;
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
                "Per-target transitions between two scans or campaigns (e.g. tcp -> mptcp), the"
                        + " hosts that gained or lost MPTCP and every target whose verdict changed;"
                        + " with --by-vantage, one campaign from two vantages.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "OLD",
            converter = ScanRef.Converter.class,
            description = "older scan id or campaign:NAME")
    ScanRef oldScan;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "NEW",
            converter = ScanRef.Converter.class,
            description = "newer scan id, 'latest' or campaign:NAME")
    ScanRef newScan;

    @Option(
            names = "--by-vantage",
            paramLabel = "CAMPAIGN",
            description =
                    "compare one campaign as seen from two vantages (the two it has, or the two"
                            + " given with --vantage): where verdicts differ by path (echoing"
                            + " middleboxes, option strippers)")
    String byVantage;

    @Option(
            names = "--vantage",
            description =
                    "with --by-vantage: the two vantages, in order (give it twice); with"
                            + " campaigns: the vantage to read")
    java.util.List<String> vantages = new java.util.ArrayList<>();

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
        if (byVantage != null) {
            net.mptcpscan.io.Text.requireName("--by-vantage", byVantage);
            if (oldScan != null)
                throw new IllegalArgumentException(
                        "--by-vantage compares one campaign from two vantages: no OLD and NEW");
            if (vantages.size() != 0 && vantages.size() != 2)
                throw new IllegalArgumentException(
                        "--by-vantage: give --vantage twice (the two to compare), or not at all");
        } else {
            if (newScan == null)
                throw new IllegalArgumentException(
                        "compare needs OLD and NEW (scan numbers or campaign:NAME), or"
                                + " --by-vantage CAMPAIGN");
            if (vantages.size() > 1)
                throw new IllegalArgumentException(
                        "--vantage: once without --by-vantage (the vantage of the campaigns read)");
        }
        try (ResultStore store = db.openExisting()) {
            ScanSet a, b;
            if (byVantage != null) {
                java.util.List<ScanRecord> all = store.scans();
                java.util.List<String> vs =
                        vantages.isEmpty() ? Campaign.vantages(all, byVantage) : vantages;
                if (vs.size() != 2)
                    throw new IllegalArgumentException(
                            "--by-vantage: campaign '"
                                    + byVantage
                                    + "' "
                                    + (vs.isEmpty()
                                            ? "does not exist"
                                            : "was scanned from "
                                                    + vs.size()
                                                    + " vantage"
                                                    + (vs.size() == 1 ? "" : "s")
                                                    + ": name two with --vantage"));
                a = Campaign.select(all, byVantage, vs.get(0));
                b = Campaign.select(all, byVantage, vs.get(1));
            } else {
                String v = vantages.isEmpty() ? null : vantages.get(0);
                a = db.selection(store, oldScan, oldScan.isCampaign() ? v : null, "OLD");
                b = db.selection(store, newScan, newScan.isCampaign() ? v : null, "NEW");
            }
            for (ScanSet x : java.util.List.of(a, b))
                if (x.campaign() != null && !x.campaign().whole())
                    System.err.println(
                            "note: " + x.name() + " is not whole: " + x.campaign().state());
            Comparison c = CompareService.compare(store, a, b, table);
            format.print(
                    c,
                    CompareService::printJson,
                    (x, out) -> CompareService.printText(x, out, list));
            return 0;
        }
    }
}
