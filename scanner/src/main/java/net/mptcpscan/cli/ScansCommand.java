package net.mptcpscan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.concurrent.Callable;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.ScanJson;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scans", mixinStandardHelpOptions = true, description = "List the stored scans with their target verdict counts.")
public final class ScansCommand implements Callable<Integer> {
    @Mixin FormatOption format;
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        boolean json = format.json();
        try (ResultStore store = db.open()) {
            ObjectMapper m = new ObjectMapper();
            var arr = m.createArrayNode();
            if (!json) {
                StringBuilder h = new StringBuilder(String.format("%4s  %-20s %-20s %-6s %-11s %12s", "id", "started", "label", "source", "status", "targets"));
                for (ReplyClass c : ReplyClass.values()) h.append(String.format(" %10s", c.wireName));
                System.out.println(h);
            }
            for (ScanRecord s : store.scans()) {
                long[] v = store.verdictCounts(s.id());
                if (json) {
                    var n = ScanJson.of(m, s);
                    var vn = n.putObject("verdicts");
                    for (ReplyClass c : ReplyClass.values()) vn.put(c.wireName, v[c.rank()]);
                    arr.add(n);
                } else {
                    StringBuilder l = new StringBuilder(String.format("%4d  %-20s %-20s %-6s %-11s %,12d", s.id(), Instant.ofEpochMilli(s.startedAt()).toString().substring(0, 19),
                            s.label() == null ? "" : s.label().length() > 20 ? s.label().substring(0, 19) + "~" : s.label(), s.source(), s.status(), s.targets()));
                    for (ReplyClass c : ReplyClass.values()) l.append(String.format(" %,10d", v[c.rank()]));
                    System.out.println(l);
                }
            }
            if (json) System.out.println(arr.toPrettyString());
            return 0;
        }
    }
}
