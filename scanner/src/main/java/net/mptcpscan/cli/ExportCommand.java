package net.mptcpscan.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.ExportService;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a scan's replies or per-target verdicts (streaming; field names as in results-schema/).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--scan", defaultValue = "latest", description = "scan id or 'latest' (default: ${DEFAULT-VALUE})")
    String scan;
    @Option(names = "--format", defaultValue = "csv", description = "csv, json or jsonl (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = {"-o", "--output"}, description = "output file (default: stdout)")
    Path output;
    @Option(names = "--view", defaultValue = "targets", description = "targets (one verdict per address and port) or replies (default: ${DEFAULT-VALUE})")
    String view;
    @Option(names = "--fields", description = "comma-separated fields (default: all of the view)")
    String fields;
    @Option(names = "--class", split = ",", description = "only these classes: mptcp, echo, anomalous, tcp, closed, unreachable")
    List<String> classes = new ArrayList<>();
    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        if (!view.equals("targets") && !view.equals("replies")) throw new IllegalArgumentException("--view is targets or replies, not '" + view + "'");
        List<String> f = ExportRows.fields(view, fields);
        List<ReplyClass> cls = new ArrayList<>();
        for (String c : classes) cls.add(ReplyClass.parse(c));
        net.mptcpscan.report.output.RowWriters.create(format, f, OutputStream.nullOutputStream()).close();   // validates --format first
        try (ResultStore store = db.open()) {
            ScanRecord s = db.scan(store, scan);
            OutputStream out = output == null ? System.out : new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
            try {
                long n = ExportService.export(store, s.id(), view, format, f, cls, out);
                if (output != null) System.err.printf("%,d %s rows of scan %d written to %s%n", n, view, s.id(), output);
            } finally {
                if (output != null) out.close(); else out.flush();
            }
            return 0;
        }
    }
}
