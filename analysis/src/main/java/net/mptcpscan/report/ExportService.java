package net.mptcpscan.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.report.output.RowWriter;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.report.output.parquet.ParquetWriter;
import net.mptcpscan.store.ReplyCursor;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.store.TargetCursor;

/**
 * Streams a scan's replies or target verdicts to csv/json/jsonl (one row in memory at a time) or
 * Parquet.
 */
public final class ExportService {
    private ExportService() {}

    public static long export(
            ResultStore store,
            long scanId,
            String view,
            String format,
            List<String> fields,
            List<ReplyClass> classes,
            OutputStream out)
            throws StoreException, IOException {
        return export(store, ScanSet.of(store, scanId), view, format, fields, classes, out, null);
    }

    /**
     * A scan's or a campaign's rows (each row's scan_id is the shard it came from); pfx2as: adds
     * each row's origin AS as "asn" (null: unrouted) when not null.
     */
    public static long export(
            ResultStore store,
            ScanSet set,
            String view,
            String format,
            List<String> fields,
            List<ReplyClass> classes,
            OutputStream out,
            Pfx2As pfx2as)
            throws StoreException, IOException {
        try (RowWriter w = withAsn(RowWriters.forExport(format, fields, out), pfx2as)) {
            return export(store, set, view, classes, w);
        }
    }

    /** Each row with "asn": the origin AS of its saddr (the announcing target's). */
    static RowWriter withAsn(RowWriter w, Pfx2As table) {
        if (table == null) return w;
        return new RowWriter() {
            @Override
            public void write(java.util.Map<String, Object> row) throws IOException {
                Object a = row.get("saddr");
                row.put(
                        "asn",
                        a == null
                                ? null
                                : table.lookup(
                                        net.mptcpscan.wire.AddressParser.parseNetwork(
                                                a.toString())));
                w.write(row);
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        };
    }

    /** Parquet (a file, not a stream: the writer needs to seek): written to file. */
    public static long exportParquet(
            ResultStore store,
            ScanSet set,
            String view,
            List<String> fields,
            List<ReplyClass> classes,
            java.nio.file.Path file,
            Pfx2As pfx2as)
            throws StoreException, IOException {
        try (RowWriter w = withAsn(new ParquetWriter(fields, file), pfx2as)) {
            return export(store, set, view, classes, w);
        }
    }

    /** The rows of a view to a writer. */
    public static long export(
            ResultStore store, ScanSet set, String view, List<ReplyClass> classes, RowWriter w)
            throws StoreException, IOException {
        long n = 0;
        List<Long> ids = set.ids();
        if ("announcements".equals(view)) {
            for (long id : ids)
                for (var a : store.announcements(id)) {
                    w.write(ExportRows.announcement(id, a));
                    n++;
                }
        } else if ("targets".equals(view)) {
            Stage2Targets s2 = Stage2Targets.load(store, ids);
            try (TargetCursor it = store.targets(ids)) {
                TargetVerdict v;
                while ((v = it.next()) != null) {
                    if (!classes.isEmpty() && !classes.contains(v.verdict())) continue;
                    w.write(ExportRows.target(it.scanId(), v, s2));
                    n++;
                }
            }
        } else {
            // Parquet takes a reply's values typed, without a row between (ExportRows.putReply)
            var parquet = w instanceof ParquetWriter p ? p : null;
            int[] at = parquet == null ? null : ExportRows.replyFieldIndices(parquet.fields());
            try (ReplyCursor c = store.cursor(ids, classes)) {
                while (c.hasNext()) {
                    var r = c.next();
                    if (at != null) ExportRows.putReply(parquet.typedRow(), at, c.scanId(), r);
                    else w.write(ExportRows.reply(c.scanId(), r));
                    n++;
                }
            }
        }
        return n;
    }
}
