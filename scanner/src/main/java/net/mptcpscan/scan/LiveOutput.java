package net.mptcpscan.scan;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.ZmapFields;
import net.mptcpscan.report.output.OutputFilter;
import net.mptcpscan.report.output.RowWriter;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.validate.ReplyDeduper;
import net.mptcpscan.wire.DecodedPacket;

/**
 * The live stream of replies, zmap's way: each reply becomes a row of the chosen fields (ours and
 * zmap's) if it passes the output filter. With no -o, stdout gets zmap's default mode: the address
 * of each target's first successful reply (success = 1 && repeat = 0), one a line, so `mptcpscan
 * scan ... > hits.txt` works as it does with zmap. With -o and no filter, every reply to every
 * probe, once (a target's v1 and v0 replies are two rows).
 */
final class LiveOutput {
    final RowWriter writer;
    private final List<String> fields;
    private final OutputFilter filter;
    private final boolean dropDuplicates;

    /** zmap's -N: at most this many rows (0: no limit). */
    private final long maxRows;

    private long rows;

    /**
     * zmap's repeat: "this target answered before" (any reply, to any of its probes), over a window
     * of 2^20 targets (8 MiB) as zmap's window dedup: a target's replies arrive together.
     */
    private final ReplyDeduper answered = new ReplyDeduper(20);

    /**
     * filter: null lets every row through; dropDuplicates: a probe answered twice gives one row.
     */
    LiveOutput(
            RowWriter writer,
            List<String> fields,
            OutputFilter filter,
            boolean dropDuplicates,
            long maxRows) {
        this.writer = writer;
        this.fields = List.copyOf(fields);
        this.filter = filter;
        this.dropDuplicates = dropDuplicates;
        this.maxRows = maxRows;
    }

    /**
     * False when no duplicate of a probe's reply can be written: the receiver then skips them
     * before decoding.
     */
    boolean wantsRepeats() {
        return !dropDuplicates && (filter == null || !filter.excludesRepeats());
    }

    /**
     * Called by the receive thread for each valid reply. duplicate: the same probe was answered
     * before (only passed when wantsRepeats()); cooldown: sending had finished.
     */
    void offer(long scanId, ReplyRecord r, DecodedPacket p, boolean duplicate, boolean cooldown)
            throws IOException {
        boolean repeat = duplicate || !answered.firstTime(r.target(), r.targetPort(), 0);
        Function<String, Object> row =
                name -> {
                    String f =
                            ExportRows.liveField(name); // zmap 2.1's timestamp-str is timestamp_str
                    return ExportRows.REPLY_TYPES.containsKey(f)
                            ? ExportRows.replyField(f, scanId, r)
                            : ZmapFields.get(f, p, repeat, cooldown, r.receivedMicros());
                };
        if (filter != null && !filter.test(row) || maxRows > 0 && rows >= maxRows) return;
        rows++;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) out.put(f, row.apply(f));
        writer.write(out);
    }
}
