package net.mptcpscan.scan;

import java.util.concurrent.atomic.AtomicLongArray;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.validate.ReplyDeduper;
import net.mptcpscan.wire.IpAddress;

/**
 * Per-target verdict counts for the status line, in fixed memory: a direct-mapped table remembers
 * each recent target's best class, so a target whose v1 and v0 probes both answer counts once,
 * under its best class. The probes of a target leave back to back, so their replies meet in the
 * table; a target evicted between its replies (2^20 entries apart) would count twice. The stored
 * report is exact; this is the live view.
 */
final class LiveVerdicts {
    private final long[] table = new long[1 << 20];
    final AtomicLongArray counts = new AtomicLongArray(ReplyClass.values().length + 1);

    /** Called by the receive thread only. */
    void add(IpAddress target, int port, ReplyClass c) {
        // IPv4 exactly; IPv6 folded into the same 56 bits (a rare collision only merges two
        // targets' live counts; the stored report is exact)
        long key =
                target.v6()
                        ? ReplyDeduper.key6(target.hi(), target.lo(), port, 0) & ~0xFFL
                        : ((long) target.v4() << 32) | ((long) port << 8);
        int i = (int) (((key * 0x9E3779B97F4A7C15L) >>> 44) & (table.length - 1));
        long e = table[i];
        if (e != 0 && (e & ~0xFFL) == key) {
            int old = (int) (e & 0xFF);
            if (c.rank() < old) {
                counts.decrementAndGet(old);
                counts.incrementAndGet(c.rank());
                table[i] = key | c.rank();
            }
            return;
        }
        counts.incrementAndGet(c.rank());
        table[i] = key | c.rank();
    }

    /** Targets whose best reply so far is a SYN-ACK (zmap's successes). */
    long successes() {
        return counts.get(ReplyClass.MPTCP.rank())
                + counts.get(ReplyClass.ECHO.rank())
                + counts.get(ReplyClass.ANOMALOUS.rank())
                + counts.get(ReplyClass.TCP.rank());
    }
}
