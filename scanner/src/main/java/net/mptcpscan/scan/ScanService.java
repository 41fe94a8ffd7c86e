package net.mptcpscan.scan;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.mptcpscan.io.Text;
import net.mptcpscan.send.Sender;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.NoDatabaseException;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.store.StoreException;

/**
 * Runs a scan from the command line's request: a new one, or a resume of an interrupted one
 * (checked, then continued from its stored resume point with its stored settings), and with
 * --slow-on-drops a run again from before the first lost reply at half the rate. Each run is a
 * {@link ScanRun} (the run loop); what it needs is resolved first ({@link ScanPlan}); its files are
 * {@link ScanOutputs}. Ctrl-C and SIGUSR1/2 reach the running scan through here.
 */
public final class ScanService {
    /**
     * How a run ended; pps: the rate it sent at; retrySlower: it stopped for lost replies and
     * --slow-on-drops asks to go on slower; limit: the -t or -N the user set that ended it before
     * its last target (stored interrupted, resumable, yet done as asked: zmap exits 0), or null.
     */
    public record Outcome(
            long scanId,
            ScanStatus status,
            long sent,
            long replies,
            long stored,
            long dropped,
            double pps,
            boolean retrySlower,
            String limit) {}

    /**
     * --slow-on-drops halves the rate at most down to this; below it the scan stays interrupted.
     */
    static final double SLOWEST = 100;

    private final PrintStream err;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger interrupts = new AtomicInteger();

    /** The results database, opened once the scan is known to be good (null for a dry run). */
    private ResultStore store;

    /** A resumed scan's stored walk, and what its earlier runs counted (zero for a new scan). */
    private StoredWalk originalWalk;

    private ScanCounts earlierRuns = new ScanCounts(0, 0, 0, 0, 0, 0);

    private final PacketIo io;

    public ScanService(PrintStream err) {
        this(err, PacketIo.LIVE);
    }

    /** io: the packet I/O (live, or a test's loopback). */
    public ScanService(PrintStream err, PacketIo io) {
        this.err = err;
        this.io = io;
        this.messages = new ScanMessages(err);
    }

    private final ScanMessages messages;

    /** The run in progress, if any (for SIGUSR1/SIGUSR2). */
    private volatile ScanRun current;

    /**
     * Multiplies the send rate of the running scan (zmap's SIGUSR1 +5%, SIGUSR2 -5%); no effect
     * without a rate limit.
     */
    public void scaleRate(double factor) {
        ScanRun r = current;
        Sender[] s = r == null ? null : r.running;
        if (s == null) return;
        for (Sender x : s) if (x != null) x.scaleRate(factor);
        err.printf("send rate now %.0f%% of -r%n", 100 * s[0].rateFactor());
    }

    /** Asks the scan to stop sending (the first Ctrl-C); a second call also skips the cooldown. */
    public void interrupt() {
        interrupts.incrementAndGet();
        stop.set(true);
    }

    public Outcome run(ScanRequest requested, ScanOptions opt, String resume) throws ScanException {
        return run(requested, opt, resume, false);
    }

    /**
     * Runs a new scan, or resumes one (resume: its id or "latest"; rateGiven: -r or -B was on the
     * command line, so a resumed scan takes that rate). Everything the user gave is checked first:
     * nothing is opened, stored or sent before the configuration, every output and every target
     * file have been found good.
     */
    public Outcome run(ScanRequest requested, ScanOptions opt, String resume, boolean rateGiven)
            throws ScanException {
        if (!requested.dryrun()) StartWarmUp.start(requested);
        opt.validate();
        long maxResults = resume == null ? requested.parse().maxResults() : 0;
        // Every output is opened before anything is stored: one that cannot be written leaves no
        // scan behind.
        try (ScanOutputs out = ScanOutputs.open(opt, maxResults)) {
            Outcome o;
            ScanConfig cfg;
            if (resume == null) {
                SecureRandom rnd = new SecureRandom();
                cfg = requested.withSecret(rnd.nextLong(), rnd.nextLong()).parse();
                o = execute(cfg, opt, out, -1, null);
            } else {
                store = JdbcResultStore.openExisting(opt.db());
                // Without a number: this machine's own latest interrupted scan (of its vantage
                // when one is given), never another scanner's in a shared database.
                String host = net.mptcpscan.store.DbLocation.hostName();
                ScanRecord resumed =
                        "latest".equalsIgnoreCase(resume)
                                ? store.latestInterrupted(host, requested.vantage())
                                : store.scan(resume);
                if (resumed == null && "latest".equalsIgnoreCase(resume))
                    throw ScanException.badInput(
                            "--resume: no interrupted scan of this machine ("
                                    + Text.printable(host)
                                    + (requested.vantage() == null
                                            ? ""
                                            : ", vantage " + Text.quote(requested.vantage()))
                                    + ") in "
                                    + Text.quote(opt.db())
                                    + "; name one: --resume SCAN");
                if (resumed == null)
                    throw ScanException.badInput(
                            "--resume: no scan "
                                    + Text.quote(resume)
                                    + " in "
                                    + Text.quote(opt.db())
                                    + " to resume");
                if (resumed.status() != ScanStatus.INTERRUPTED)
                    throw ScanException.badInput(
                            "--resume: scan "
                                    + resumed.id()
                                    + " is "
                                    + resumed.status()
                                    + ", not interrupted: nothing to resume");
                if (resumed.source() != ScanSource.SCAN)
                    throw ScanException.badInput(
                            "--resume: scan "
                                    + resumed.id()
                                    + " was read from a capture; only live scans resume");
                ScanRequest stored = StoredWalk.parse(resumed.config()).request();
                if (requested.dryrun()) stored = stored.asDryRun();
                if (rateGiven) stored = stored.withRate(requested.rate(), requested.bandwidth());
                cfg = stored.parse();
                o = continueScan(resumed, cfg, opt, out);
            }
            // --slow-on-drops: go back to before the first lost reply and continue at half the
            // rate, until nothing is lost.
            while (o.retrySlower()) {
                double slower = o.pps() / 2;
                err.printf(
                        "scan %d: replies were lost at %,.0f pps: going back to before the first"
                                + " loss and continuing at %,.0f pps%n",
                        o.scanId(), o.pps(), slower);
                cfg = cfg.withRate(slower);
                o = continueScan(store.scan(String.valueOf(o.scanId())), cfg, opt, out);
            }
            return o;
        } catch (NoDatabaseException e) {
            throw ScanException.badInput("--resume: " + e.getMessage());
        } catch (StoreException e) {
            throw ScanException.failure(e.getMessage());
        } catch (IOException e) {
            throw ScanException.failure(
                    "stored scan configuration unreadable: " + Text.printable(e.getMessage()));
        } finally {
            if (store != null) store.close();
        }
    }

    /**
     * Runs an interrupted scan on from its stored resume point, with cfg (its stored settings,
     * perhaps another rate).
     */
    private Outcome continueScan(
            ScanRecord resumed, ScanConfig cfg, ScanOptions opt, ScanOutputs out)
            throws ScanException, StoreException, IOException {
        originalWalk = StoredWalk.parse(resumed.config()).walk();
        long[] positions = store.positions(resumed.id());
        earlierRuns =
                new ScanCounts(
                        0,
                        resumed.sent(),
                        resumed.received(),
                        resumed.dropped(),
                        resumed.validationFailures(),
                        resumed.repeats());
        if (java.util.Arrays.stream(positions).sum() == 0 && resumed.sent() > 0) {
            err.printf(
                    "scan %d has no resume point whose replies were all stored (%,d probes had been"
                            + " sent before it stopped): it starts again from its first target%n",
                    resumed.id(), resumed.sent());
        }
        return execute(cfg, opt, out, resumed.id(), positions);
    }

    /** One run of the scan: a new one, a resume, or a --slow-on-drops pass. */
    private Outcome execute(
            ScanConfig cfg, ScanOptions opt, ScanOutputs out, long resumeId, long[] startPositions)
            throws ScanException, StoreException {
        ScanRun run =
                new ScanRun(err, io, messages, stop, interrupts, store, originalWalk, earlierRuns);
        current = run;
        try {
            return run.execute(cfg, opt, out, resumeId, startPositions);
        } finally {
            store = run.store();
        }
    }
}
