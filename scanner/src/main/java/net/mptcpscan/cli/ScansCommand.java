package net.mptcpscan.cli;

import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.io.Text;
import net.mptcpscan.report.TrendService;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "scans", mixinStandardHelpOptions = true, description = "List the stored scans with their target verdict counts.")
public final class ScansCommand implements Callable<Integer> {
    @Mixin FormatOption format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        boolean json = format.json();
        try (ResultStore store = db.openExisting()) {
            List<TrendService.Point> pts = TrendService.trend(store, null);
            if (json) TrendService.printJson(pts, System.out); else TrendService.printText(pts, Text.terminalSafe(System.out));
            return 0;
        }
    }
}
