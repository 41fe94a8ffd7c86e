package net.mptcpscan.scan;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.mptcpscan.Version;
import net.mptcpscan.io.Text;
import net.mptcpscan.receive.PacketSource;
import net.mptcpscan.receive.ReceiveException;
import net.mptcpscan.send.NullSink;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.PcapFileSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.send.Sender;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.NoDatabaseException;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.wire.Ipv4;

/**
 * Runs one scan: targets -> probe -> send on sender threads, receive -> validate ->
 * classify -> store on the capture thread, a status line each second, the cooldown, and
 * the scan's row kept current in the database (a checkpoint each second, so --resume after
 * any stop continues from a point whose replies are all stored: see {@link ResumePoints}).
 * What it needs is resolved first ({@link ScanPlan}); its files are {@link ScanOutputs},
 * its reporting {@link StatusMonitor} and {@link ScanSummary}, all reading {@link Counters}.
 */
public final class ScanService {
    /** How a run ended; pps: the rate it sent at; retrySlower: it stopped for lost replies and --slow-on-drops asks to go on slower. */
    public record Outcome(long scanId, ScanStatus status, long sent, long replies, long stored, long dropped, double pps, boolean retrySlower) {}

    /** --slow-on-drops halves the rate at most down to this; below it the scan stays interrupted. */
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

    public ScanService(PrintStream err) { this(err, PacketIo.LIVE); }

    /** io: the packet I/O (live, or a test's loopback). */
    public ScanService(PrintStream err, PacketIo io) { this.err = err; this.io = io; }

    /** The senders of the running scan, once they exist (for SIGUSR1/SIGUSR2). */
    private volatile Sender[] running;

    /** Multiplies the send rate of the running scan (zmap's SIGUSR1 +5%, SIGUSR2 -5%); no effect without a rate limit. */
    public void scaleRate(double factor) {
        Sender[] s = running;
        if (s == null) return;
        for (Sender x : s) if (x != null) x.scaleRate(factor);
        err.printf("send rate now %.0f%% of -r%n", 100 * s[0].rateFactor());
    }

    /** Asks the scan to stop sending (the first Ctrl-C); a second call also skips the cooldown. */
    public void interrupt() {
        interrupts.incrementAndGet();
        stop.set(true);
    }

    public Outcome run(ScanRequest requested, ScanOptions opt, String resume) throws ScanException { return run(requested, opt, resume, false); }

    /**
     * Runs a new scan, or resumes one (resume: its id or "latest"; rateGiven: -r or -B was on
     * the command line, so a resumed scan takes that rate). Everything the user gave is checked
     * first: nothing is opened, stored or sent before the configuration, every output and
     * every target file have been found good.
     */
    public Outcome run(ScanRequest requested, ScanOptions opt, String resume, boolean rateGiven) throws ScanException {
        opt.validate();
        long maxResults = resume == null ? requested.parse().maxResults() : 0;
        // Every output is opened before anything is stored: one that cannot be written leaves no scan behind.
        try (ScanOutputs out = ScanOutputs.open(opt, maxResults)) {
            Outcome o;
            ScanConfig cfg;
            if (resume == null) {
                SecureRandom rnd = new SecureRandom();
                cfg = requested.withSecret(rnd.nextLong(), rnd.nextLong()).parse();
                o = execute(cfg, opt, out, -1, null);
            } else {
                store = JdbcResultStore.openExisting(opt.db());
                ScanRecord resumed = store.scan(resume);
                if (resumed == null) throw ScanException.badInput("--resume: no scan " + Text.quote(resume) + " in " + Text.quote(opt.db()) + " to resume");
                if (resumed.status() != ScanStatus.INTERRUPTED) throw ScanException.badInput("--resume: scan " + resumed.id() + " is " + resumed.status() + ", not interrupted: nothing to resume");
                if (resumed.source() != ScanSource.SCAN) throw ScanException.badInput("--resume: scan " + resumed.id() + " was read from a capture; only live scans resume");
                ScanRequest stored = StoredWalk.parse(resumed.config()).request();
                if (requested.dryrun()) stored = stored.asDryRun();
                if (rateGiven) stored = stored.withRate(requested.rate(), requested.bandwidth());
                cfg = stored.parse();
                o = continueScan(resumed, cfg, opt, out);
            }
            // --slow-on-drops: go back to before the first lost reply and continue at half the rate, until nothing is lost.
            while (o.retrySlower()) {
                double slower = o.pps() / 2;
                err.printf("scan %d: replies were lost at %,.0f pps: going back to before the first loss and continuing at %,.0f pps%n", o.scanId(), o.pps(), slower);
                cfg = cfg.withRate(slower);
                o = continueScan(store.scan(String.valueOf(o.scanId())), cfg, opt, out);
            }
            return o;
        } catch (NoDatabaseException e) {
            throw ScanException.badInput("--resume: " + e.getMessage());
        } catch (StoreException e) {
            throw ScanException.failure(e.getMessage());
        } catch (IOException e) {
            throw ScanException.failure("stored scan configuration unreadable: " + Text.printable(e.getMessage()));
        } finally {
            if (store != null) store.close();
        }
    }

    /** Runs an interrupted scan on from its stored resume point, with cfg (its stored settings, perhaps another rate). */
    private Outcome continueScan(ScanRecord resumed, ScanConfig cfg, ScanOptions opt, ScanOutputs out) throws ScanException, StoreException, IOException {
        originalWalk = StoredWalk.parse(resumed.config()).walk();
        long[] positions = store.positions(resumed.id());
        earlierRuns = new ScanCounts(0, resumed.sent(), resumed.received(), resumed.dropped(), resumed.validationFailures(), resumed.repeats());
        if (java.util.Arrays.stream(positions).sum() == 0 && resumed.sent() > 0) {
            err.printf("scan %d has no resume point whose replies were all stored (%,d probes had been sent before it stopped): it starts again from its first target%n",
                    resumed.id(), resumed.sent());
        }
        return execute(cfg, opt, out, resumed.id(), positions);
    }

    private Outcome execute(ScanConfig cfg, ScanOptions opt, ScanOutputs out, long resumeId, long[] startPositions) throws ScanException, StoreException {
        stop.set(interrupts.get() > 0);   // a run after --slow-on-drops went back starts sending again, unless Ctrl-C came
        ScanPlan plan = ScanPlan.resolve(cfg, startPositions, originalWalk, resumeId, err, io);
        int threads = cfg.senderThreads();
        long total = plan.total(), alreadyDone = 0;
        long[] start = plan.startPositions();
        for (long p : start) alreadyDone += p;
        ResumePoints resumePoints = new ResumePoints(start, cfg.cooldown());
        List<PacketSink> sinks = new ArrayList<>();
        PacketSource source = null;
        BatchingWriter writer = null;
        long scanId = resumeId;
        ScanStatus status = ScanStatus.FAILED;
        Sender[] senders = new Sender[threads];
        ReplyPipeline pipeline = null;
        Thread receiver = null;
        boolean sending = false, droppedTooMany = false, lowHitrate = false, enoughResults = false;
        int secondsUnderMinHitrate = 0;
        long started = System.currentTimeMillis();
        try {
            // Sinks next: they fail fast without privilege, before anything is stored.
            for (int t = 0; t < threads; t++) {
                sinks.add(!cfg.dryrun() ? io.sink(plan.link().iface(), 128, cfg.qdiscBypass()) : out.pcap != null ? new PcapFileSink(out.pcap) : new NullSink());
            }
            if (!cfg.dryrun()) {
                source = io.source(plan.link().iface(), plan.captureFilter(), opt.pcapBufferMiB() << 20);
                if (store == null) store = JdbcResultStore.open(opt.db());
                if (scanId < 0) {
                    scanId = store.beginScan(ScanRecord.starting(new ScanRecord.Header(cfg.label(), ScanSource.SCAN, cfg.seed(), cfg.shard().index(), cfg.shard().total(), cfg.vantage(), Version.VERSION), started, total, StoredWalk.store(cfg, plan.blocklist(), plan.fingerprint())));
                } else {
                    store.reopenScan(scanId);
                }
                writer = new BatchingWriter(store, scanId, 1 << 20);
                pipeline = new ReplyPipeline(source.linkType(), plan.link().sourceIp(), plan.keys(), plan.probes(), cfg.probesPerVersion(), writer, out.live, out.pcap, scanId);
                receiver = startReceiver(source, pipeline);
            }
            if (!opt.quiet() && opt.verbosity() >= 3) announce(plan, scanId, alreadyDone);
            if (opt.verbosity() >= 4) describeSetup(plan);
            long deadline = cfg.maxRuntime() > 0 ? System.nanoTime() + (long) (cfg.maxRuntime() * 1e9) : Long.MAX_VALUE;
            List<Thread> sendThreads = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders[t] = new Sender(plan.walks()[t], sinks.get(t), plan.probes(), cfg.probesPerVersion(), plan.keys(), plan.link().sourceIp(),
                        new Sender.Limits(plan.pps() / threads, deadline, opt.maxSendtoFailures()), stop, plan.optedOut());
                Thread th = new Thread(senders[t], "mptcpscan-send-" + t);
                th.setDaemon(true);
                sendThreads.add(th);
            }
            StatusMonitor monitor = new StatusMonitor(err, opt.quiet(), writer != null, out.status, total, alreadyDone, started);
            sendThreads.forEach(Thread::start);
            running = senders;
            sending = true;
            long nextTick = System.currentTimeMillis() + 1000;
            while (!allFinished(senders)) {
                sleepUntil(nextTick, senders);
                if (System.currentTimeMillis() >= nextTick) {
                    nextTick += 1000;
                    Counters c = Counters.read(senders, pipeline, source, writer);
                    monitor.tick(c, null);
                    checkpoint(scanId, c, total, resumePoints);
                    if (out.live != null) out.live.writer.flush();
                    if (!droppedTooMany && tooManyDrops(c, opt.effectiveMaxDropRate())) {
                        droppedTooMany = true;
                        stop.set(true);
                    }
                    // zmap's --min-hitrate: five seconds in a row below it end the scan (here: interrupted, resumable).
                    secondsUnderMinHitrate = opt.minHitrate() > 0 && monitor.hitRate(c) < opt.minHitrate() ? secondsUnderMinHitrate + 1 : 0;
                    if (!lowHitrate && secondsUnderMinHitrate >= 5) {
                        lowHitrate = true;
                        stop.set(true);
                        err.printf("hit rate %.2f%% below --min-hitrate %s%% for 5 seconds: stopping%n", monitor.hitRate(c), opt.minHitrate());
                    }
                }
                // zmap's -N/--max-results: enough targets answered with a SYN-ACK (here: interrupted, resumable). Checked every 50 ms.
                if (!enoughResults && cfg.maxResults() > 0 && pipeline != null && pipeline.verdicts.successes() >= cfg.maxResults()) {
                    enoughResults = true;
                    stop.set(true);
                    if (!opt.quiet()) err.printf("%,d targets answered, -N/--max-results %,d: stopping%n", pipeline.verdicts.successes(), cfg.maxResults());
                }
                checkFailures(senders, pipeline, writer);
            }
            for (Thread th : sendThreads) th.join();
            if (pipeline != null) pipeline.cooldown = true;
            long sendEnd = System.currentTimeMillis();
            checkFailures(senders, pipeline, writer);
            // Stopped early by Ctrl-C or -t: the rest can be sent with --resume.
            boolean interrupted = !plan.allWalksDone();
            // Cooldown: replies to the last probes are still on their way.
            boolean cooldownCut = false;
            if (source != null) {
                long until = System.currentTimeMillis() + (long) (cfg.cooldown() * 1000);
                int seenInterrupts = interrupts.get();
                while (System.currentTimeMillis() < until && interrupts.get() <= Math.max(seenInterrupts, 1)) {
                    Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
                    if (System.currentTimeMillis() >= nextTick) {
                        nextTick += 1000;
                        Counters c = Counters.read(senders, pipeline, source, writer);
                        monitor.tick(c, until);
                        checkpoint(scanId, c, total, resumePoints);
                    }
                }
                cooldownCut = System.currentTimeMillis() < until;   // a second Ctrl-C: replies may still have been on their way
                source.stop();
                receiver.join(5000);   // the last replies reach the writer before it closes
            }
            if (writer != null) writer.close();
            status = interrupted || cooldownCut || droppedTooMany ? ScanStatus.INTERRUPTED : ScanStatus.COMPLETE;
            Counters end = Counters.read(senders, pipeline, source, writer);
            monitor.tick(end, null);
            if (store != null && scanId >= 0) {
                long[] resumeFrom = end.positions();   // every reply is stored: exact
                if (cooldownCut || droppedTooMany) {
                    resumePoints.mark(System.nanoTime(), end.queued(), resumeFrom, end.drops());
                    resumeFrom = droppedTooMany ? resumePoints.safeBeforeDrops(end.stored()) : resumePoints.safe(end.stored());
                }
                store.checkpoint(scanId, end.stored(total, earlierRuns), resumeFrom);
                store.finishScan(scanId, status, end.stored(total, earlierRuns));
            }
            double pps = plan.pps() > 0 ? plan.pps() : end.sent() / Math.max(0.001, (sendEnd - started) / 1000.0);
            boolean retrySlower = droppedTooMany && opt.slowOnDrops() && interrupts.get() == 0 && pps / 2 >= SLOWEST && scanId >= 0;
            if (retrySlower) return new Outcome(scanId, status, end.sent(), end.received(), end.stored(), end.drops(), pps, true);
            if (opt.metadataFile() != null) {
                ScanSummary.write(out.metadata, new ScanSummary.Run(plan, opt, scanId, status, started, sendEnd, System.currentTimeMillis(), monitor.hitRate(end)), end);
            }
            finalLine(opt, scanId, status, end, droppedTooMany);
            return new Outcome(scanId, status, end.sent(), end.received(), end.stored(), end.drops(), pps, false);
        } catch (SendException | ReceiveException e) {
            // Before the first probe it is the user's setup (no such interface, no privilege); after, a failure (a link went down).
            String m = Text.printable(e.getMessage());
            throw sending ? ScanException.failure((e instanceof SendException ? "sending failed: " : "capturing failed: ") + m) : ScanException.badInput(m);
        } catch (IOException e) {
            throw ScanException.failure(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScanException.failure("interrupted");
        } finally {
            stop.set(true);
            if (source != null) source.close();
            sinks.forEach(PacketSink::close);
            if (writer != null) { try { writer.close(); } catch (StoreException ignored) { } }
            if (store != null && scanId >= 0 && status == ScanStatus.FAILED) {
                // Whatever made us fail, the replies stored so far stay and the scan can be resumed, from a point
                // whose replies are stored: not the senders' positions, replies to the last targets may be lost.
                try {
                    Counters c = Counters.read(senders, pipeline, source, writer);
                    store.checkpoint(scanId, c.stored(total, earlierRuns), writer == null ? start : resumePoints.safe(c.stored()));
                    store.finishScan(scanId, ScanStatus.INTERRUPTED, null);
                } catch (StoreException | RuntimeException ignored) { }
            }
        }
    }

    private static Thread startReceiver(PacketSource source, ReplyPipeline pipeline) {
        Thread receiver = new Thread(() -> {
            try { source.run(pipeline); } catch (ReceiveException e) { pipeline.failure = e; }
        }, "mptcpscan-receive");
        receiver.setDaemon(true);
        receiver.start();
        return receiver;
    }

    private void announce(ScanPlan plan, long scanId, long alreadyDone) {
        ScanConfig cfg = plan.cfg();
        err.printf("mptcpscan %s: scan %s, %,d targets (%,d addresses x %d ports%s), %d probes each (%s), %s, via %s from %s%n",
                Version.VERSION, scanId < 0 ? "(dry run)" : String.valueOf(scanId), plan.total(), plan.space().addresses().size(), plan.space().ports().length,
                cfg.shard().total() > 1 ? ", shard " + cfg.shard().index() + "/" + cfg.shard().total() : "", plan.slots(), String.join(",", plan.probeNames()),
                plan.pps() <= 0 ? "no rate limit" : String.format("%,.0f pps", plan.pps()), plan.link().iface(), Ipv4.toString(plan.link().sourceIp()));
        if (alreadyDone > 0) err.printf("resuming scan %d: %,d of %,d targets already probed%n", scanId, alreadyDone, plan.total());
    }

    /** zmap's debug level (-v 4, 5): how the scan was set up, found or given. */
    private void describeSetup(ScanPlan plan) {
        var l = plan.link();
        err.printf("setup: interface %s, source %s (MAC %s), gateway %s (MAC %s), probe TTL %d%n", l.iface(), Ipv4.toString(l.sourceIp()), ScanSummary.mac(l.sourceMac()),
                Ipv4.toString(l.gateway()), ScanSummary.mac(l.gatewayMac()), plan.cfg().probeTtl());
        err.printf("setup: source ports %d-%d, %d probe slots a target, seed %d, shard %d of %d, %d sender threads%n", plan.sourcePorts()[0], plan.sourcePorts()[1],
                plan.slots(), plan.cfg().seed(), plan.cfg().shard().index(), plan.cfg().shard().total(), plan.walks().length);
        err.printf("setup: capture filter %s%n", plan.captureFilter());
    }

    /** The last line: complete, interrupted, or stopped for lost replies; lost replies are said even with -q. */
    private void finalLine(ScanOptions opt, long scanId, ScanStatus status, Counters c, boolean droppedTooMany) {
        String db = opt.db() == null ? "" : " --db " + Text.printable(opt.db());
        if (droppedTooMany) {
            err.printf("scan %d stopped: %,d of %,d replies (%.2f%%) were lost before they could be read (capture %,d, interface %,d), more than"
                            + " --max-drop-rate %s; 'mptcpscan scan --resume %d -r LOWER%s' continues from before the first loss%n", scanId, c.drops(),
                    c.drops() + c.received(), 100.0 * c.drops() / (c.drops() + c.received()), c.pcapDrops(), c.interfaceDrops(), opt.effectiveMaxDropRate(), scanId, db);
            return;
        }
        if (c.drops() > 0 && status == ScanStatus.COMPLETE) {
            err.printf("scan %d: %,d replies were lost before they could be read (capture %,d, interface %,d): their targets may lack a verdict;"
                    + " a lower -r, a larger --pcap-buffer or --max-drop-rate help (exit 3)%n", scanId, c.drops(), c.pcapDrops(), c.interfaceDrops());
        }
        if (opt.quiet()) return;
        if (status == ScanStatus.INTERRUPTED) {
            err.printf("scan %d interrupted after %,d targets: continue it with 'mptcpscan scan --resume %d%s'%n", scanId, c.done(), scanId, db);
        } else if (scanId >= 0) {
            err.printf("scan %d complete: %,d probes sent, %,d replies stored%n", scanId, c.sent(), c.stored());
        }
    }

    private void sleepUntil(long when, Sender[] senders) throws InterruptedException {
        while (System.currentTimeMillis() < when && !allFinished(senders)) Thread.sleep(Math.min(50, Math.max(1, when - System.currentTimeMillis())));
    }

    private static boolean allFinished(Sender[] s) {
        for (Sender x : s) if (x != null && !x.finished()) return false;
        return true;
    }

    private static void checkFailures(Sender[] senders, ReplyPipeline p, BatchingWriter w) throws SendException, ReceiveException, StoreException {
        for (Sender s : senders) if (s != null && s.failure() != null) throw s.failure();
        if (p != null && p.failure instanceof ReceiveException r) throw r;
        if (p != null && p.failure instanceof StoreException s) throw s;
        if (p != null && p.failure != null) throw new StoreException("writing the live output (-o) failed: " + p.failure.getMessage());
        if (w != null && w.failure() != null) throw w.failure();
    }

    /** More than the allowed fraction of replies lost before we could read them (judged once a thousand have come or gone). */
    static boolean tooManyDrops(Counters c, double maxDropRate) {
        long seen = c.drops() + c.received();
        return maxDropRate < 1 && c.drops() > 0 && seen >= 1000 && (double) c.drops() / seen > maxDropRate;
    }

    /** The once-a-second checkpoint: counts, and the positions a crash right now would resume from (see ResumePoints). */
    private void checkpoint(long scanId, Counters c, long total, ResumePoints resumePoints) throws StoreException {
        if (store == null || scanId < 0) return;
        resumePoints.mark(System.nanoTime(), c.queued(), c.positions(), c.drops());
        store.checkpoint(scanId, c.stored(total, earlierRuns), resumePoints.safe(c.stored()));
    }
}
