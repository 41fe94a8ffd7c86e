package net.mptcpscan.cli;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.io.ReplacingOutput;
import net.mptcpscan.io.Text;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.ExportService;
import net.mptcpscan.report.ScanSet;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description =
                "Export a scan's replies or per-target verdicts (streaming; field names as in"
                        + " results-schema/).")
public final class ExportCommand implements Callable<Integer> {
    @Option(
            names = "--scan",
            defaultValue = "latest",
            converter = ScanRef.Converter.class,
            description =
                    "scan id, 'latest' or campaign:NAME (its shards merged) (default:"
                            + " ${DEFAULT-VALUE})")
    ScanRef scan;

    @Option(
            names = "--vantage",
            description = "of a campaign scanned from several vantages: which one to read")
    String vantage;

    @Option(
            names = "--format",
            defaultValue = "csv",
            description =
                    "csv, json, jsonl or parquet (typed columns; needs -o FILE; default:"
                            + " ${DEFAULT-VALUE})")
    String format;

    @Option(
            names = {"-o", "--output"},
            description = "output file (default: stdout)")
    Path output;

    @Option(
            names = "--view",
            defaultValue = "targets",
            description =
                    "targets (one verdict per address and port), replies, or announcements (the"
                            + " addresses targets announced after the handshake; default:"
                            + " ${DEFAULT-VALUE})")
    String view;

    @Option(names = "--fields", description = "comma-separated fields (default: all of the view)")
    String fields;

    @Option(
            names = "--class",
            split = ",",
            description = "only these classes: mptcp, echo, anomalous, tcp, closed, unreachable")
    List<String> classes = new ArrayList<>();

    @Mixin Pfx2AsOption pfx2as;

    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        if (!view.equals("targets") && !view.equals("replies") && !view.equals("announcements"))
            throw new IllegalArgumentException(
                    "--view: targets, replies or announcements, not " + Text.quote(view));
        // asn: each row's origin AS from --pfx2as (looked up, not stored); with the table it
        // ends the default fields
        List<String> asked = fields == null ? null : List.of(fields.split(",", -1));
        boolean asnAsked = asked != null && asked.contains("asn");
        if (asnAsked && pfx2as.file() == null)
            throw new IllegalArgumentException(
                    "--fields: asn needs a prefix-to-AS table (--pfx2as)");
        List<String> f = new ArrayList<>();
        try {
            List<String> rest =
                    asked == null ? null : asked.stream().filter(x -> !x.equals("asn")).toList();
            if (rest == null || !rest.isEmpty())
                f.addAll(ExportRows.fields(view, rest == null ? null : String.join(",", rest)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fields: " + e.getMessage());
        }
        if (pfx2as.file() != null && (asked == null || asnAsked)) f.add("asn");
        List<ReplyClass> cls = new ArrayList<>();
        try {
            for (String c : classes) cls.add(ReplyClass.parse(c));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--class: " + e.getMessage());
        }
        boolean parquet = format.equalsIgnoreCase("parquet");
        try { // validates --format before anything is read
            if (!parquet) RowWriters.create(format, f, OutputStream.nullOutputStream()).close();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--format: " + e.getMessage().replace("json-array)", "json-array, parquet)"));
        }
        Path target = db.output("-o/--output", output);
        net.mptcpscan.report.Pfx2As table = pfx2as.load();
        if (parquet && target == null)
            throw new IllegalArgumentException(
                    "--format parquet writes a file, not a stream: give -o FILE");
        try (ResultStore store = db.openExisting()) {
            ScanSet s = db.selection(store, scan, vantage, "--scan");
            if (target == null) {
                ExportService.export(store, s, view, format, f, cls, System.out, table);
                System.out.flush();
                return 0;
            }
            if (parquet) {
                // Written beside and renamed at the end, as the other formats.
                Path part = target.resolveSibling("." + target.getFileName() + ".part");
                try {
                    long n = ExportService.exportParquet(store, s, view, f, cls, part, table);
                    java.nio.file.Files.move(
                            part,
                            target,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    System.err.printf(
                            "%,d %s rows of %s written to %s (Parquet)%n",
                            n, view, s.name(), Text.printable(output.toString()));
                } finally {
                    java.nio.file.Files.deleteIfExists(part);
                }
                return 0;
            }
            // Written beside and renamed at the end: an interrupted export leaves the old file as
            // it was.
            try (ReplacingOutput out = ReplacingOutput.open(target)) {
                long n = ExportService.export(store, s, view, format, f, cls, out, table);
                out.commit();
                System.err.printf(
                        "%,d %s rows of %s written to %s%n",
                        n, view, s.name(), Text.printable(output.toString()));
            }
            return 0;
        }
    }
}
