package net.mptcpscan.scan;

import java.io.PrintStream;
import net.mptcpscan.Version;
import net.mptcpscan.io.Text;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.Ipv4;

/**
 * What a scan says on stderr besides its status line: how it starts, how it was set up (-v 4), how
 * it ended.
 */
final class ScanMessages {
    private final PrintStream err;

    ScanMessages(PrintStream err) {
        this.err = err;
    }

    void announce(ScanPlan plan, long scanId, long alreadyDone) {
        ScanConfig cfg = plan.cfg();
        err.printf(
                "mptcpscan %s: scan %s, %,d targets (%,d addresses%s x %d ports%s), %d probes"
                        + " each (%s), %s, via %s from %s%n",
                Version.VERSION,
                scanId < 0 ? "(dry run)" : String.valueOf(scanId),
                plan.total(),
                plan.space().addresses().size() + plan.space().addresses6().size(),
                plan.space().addresses6().size() > 0
                        ? String.format(", %,d of them IPv6", plan.space().addresses6().size())
                        : "",
                plan.space().ports().length,
                cfg.shard().total() > 1
                        ? ", shard " + cfg.shard().index() + "/" + cfg.shard().total()
                        : "",
                plan.slots(),
                String.join(",", plan.probeNames()),
                plan.pps() <= 0 ? "no rate limit" : String.format("%,.0f pps", plan.pps()),
                plan.link().iface(),
                Ipv4.toString(plan.link().sourceIp())
                        + (plan.space().addresses6().size() > 0 && plan.sources().v6Count() > 0
                                ? " and " + plan.sources().v6(0)
                                : ""));
        if (alreadyDone > 0)
            err.printf(
                    "resuming scan %d: %,d of %,d targets already probed%n",
                    scanId, alreadyDone, plan.total());
    }

    /** zmap's debug level (-v 4, 5): how the scan was set up, found or given. */
    void describeSetup(ScanPlan plan) {
        var l = plan.link();
        err.printf(
                "setup: interface %s, source %s (MAC %s), gateway %s (MAC %s), probe TTL %d%n",
                l.iface(),
                Ipv4.toString(l.sourceIp()),
                ScanSummary.mac(l.sourceMac()),
                Ipv4.toString(l.gateway()),
                ScanSummary.mac(l.gatewayMac()),
                plan.cfg().probeTtl());
        err.printf(
                "setup: source ports %d-%d, %d probe slots a target, seed %d, shard %d of %d, %d"
                        + " sender threads%n",
                plan.sourcePorts()[0],
                plan.sourcePorts()[1],
                plan.slots(),
                plan.cfg().seed(),
                plan.cfg().shard().index(),
                plan.cfg().shard().total(),
                plan.walks().length);
        err.printf("setup: capture filter %s%n", plan.captureFilter());
    }

    /**
     * The last line: complete, interrupted, or stopped for lost replies; lost replies are said even
     * with -q.
     */
    void finalLine(
            ScanOptions opt,
            long scanId,
            ScanStatus status,
            Counters c,
            boolean droppedTooMany,
            String limit) {
        String db = opt.db() == null ? "" : " --db " + Text.printable(opt.db());
        if (c.sendStalls() > 0) {
            // Said even with -q, like lost replies: the scan ran below -r for that time.
            err.printf(
                    "%s: sending stalled %,d time%s for %.1f s in all (the process was stopped or"
                        + " starved of CPU); that time was not made up, so the scan sent below -r"
                        + " while it lasted%n",
                    scanId >= 0 ? "scan " + scanId : "dry run",
                    c.sendStalls(),
                    c.sendStalls() == 1 ? "" : "s",
                    c.sendStalledNanos() / 1e9);
        }
        if (droppedTooMany) {
            err.printf(
                    "scan %d stopped: %,d of %,d replies (%.2f%%) were lost before they could be"
                        + " read (capture %,d, interface %,d), more than --max-drop-rate %s;"
                        + " 'mptcpscan scan --resume %d -r LOWER%s' continues from before the first"
                        + " loss%n",
                    scanId,
                    c.drops(),
                    c.drops() + c.received(),
                    100.0 * c.drops() / (c.drops() + c.received()),
                    c.pcapDrops(),
                    c.interfaceDrops(),
                    opt.effectiveMaxDropRate(),
                    scanId,
                    db);
            return;
        }
        if (c.drops() > 0 && status == ScanStatus.COMPLETE) {
            err.printf(
                    "scan %d: %,d replies were lost before they could be read (capture %,d,"
                        + " interface %,d): their targets may lack a verdict; a lower -r, a larger"
                        + " --pcap-buffer or --max-drop-rate help (exit 3)%n",
                    scanId, c.drops(), c.pcapDrops(), c.interfaceDrops());
        }
        if (opt.quiet()) return;
        if (limit != null) {
            err.printf(
                    "scan %d stopped at %s after %,d targets, as asked: continue it with"
                            + " 'mptcpscan scan --resume %d%s'%n",
                    scanId, limit, c.done(), scanId, db);
        } else if (status == ScanStatus.INTERRUPTED) {
            err.printf(
                    "scan %d interrupted after %,d targets: continue it with 'mptcpscan scan"
                            + " --resume %d%s'%n",
                    scanId, c.done(), scanId, db);
        } else if (scanId >= 0) {
            err.printf(
                    "scan %d complete: %,d probes sent, %,d replies stored%n",
                    scanId, c.sent(), c.stored());
        }
    }
}
