package net.mptcpscan.scan;

import java.io.IOException;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.output.RowWriter;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.validate.ReplyDeduper;

/**
 * The live stream of replies: every reply to -o, or, with no -o, zmap's default mode on
 * stdout: the address of each target's first successful reply (a SYN-ACK: success = 1 &&
 * repeat = 0), one a line, so `mptcpscan scan ... > hits.txt` works as it does with zmap.
 */
final class LiveOutput {
    final RowWriter writer;
    private final ReplyDeduper successes;   // null: every reply is written

    LiveOutput(RowWriter writer, boolean zmapDefaultMode) {
        this.writer = writer;
        // A target's v1 and v0 SYN-ACKs arrive together: a window of 2^20 replies (8 MiB) is plenty.
        this.successes = zmapDefaultMode ? new ReplyDeduper(20) : null;
    }

    /** Called by the receive thread for every valid reply. */
    void offer(long scanId, ReplyRecord r) throws IOException {
        if (successes != null) {
            ReplyClass c = r.classification().replyClass();
            boolean success = c != ReplyClass.CLOSED && c != ReplyClass.UNREACHABLE;
            if (!success || !successes.firstTime(r.target(), r.targetPort(), 0)) return;
            writer.write(java.util.Map.of("saddr", net.mptcpscan.wire.Ipv4.toString(r.target())));   // the one field: not the whole row
            return;
        }
        writer.write(ExportRows.reply(scanId, r));
    }
}
