package net.mptcpscan.cli;

import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.report.TrendService;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "scans",
        mixinStandardHelpOptions = true,
        description = "List the stored scans with their target verdict counts.")
public final class ScansCommand implements Callable<Integer> {
    @Mixin FormatOption format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        format.json(); // --format checked before the database is opened
        try (ResultStore store = db.openExisting()) {
            List<TrendService.Point> pts = TrendService.trend(store, null);
            format.print(pts, TrendService::printJson, TrendService::printText);
            return 0;
        }
    }
}
