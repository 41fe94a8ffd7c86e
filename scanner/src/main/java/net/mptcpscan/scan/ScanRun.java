package net.mptcpscan.scan;

import java.io.IOException;
import java.io.PrintStream;
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
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.store.StoreException;

/**
 * One run of a scan, the run loop: targets -> probe -> send on sender threads, receive -> validate
 * -> classify -> store on the capture thread, a status line and a checkpoint each second (see
 * {@link ResumePoints}), the stop rules, the cooldown, and the scan's row and -m at the end.
 * Whatever fails, what was stored stays and the scan is left resumable.
 */
final class ScanRun {
    private final PrintStream err;
    private final PacketIo io;
    private final ScanMessages messages;
    private final AtomicBoolean stop;
    private final AtomicInteger interrupts;

    /**
     * The results database: a resumed scan's, or opened here once the scan is known to be good
     * (null for a dry run).
     */
    private ResultStore store;

    /** A resumed scan's stored walk, and what its earlier runs counted (zero for a new scan). */
    private final StoredWalk originalWalk;

    private final ScanCounts earlierRuns;

    /** The senders, once they exist (for SIGUSR1/SIGUSR2). */
    volatile Sender[] running;

    // What the run opens as it starts (null until then; the row's id is -1 until it is begun).
    private long scanId = -1;
    private PacketSource source;
    private BatchingWriter writer;
    private ReplyPipeline pipeline;
    private Thread receiver;
    private PacketSink stage2Sink;
    private Stage2 stage2;

    ScanRun(
            PrintStream err,
            PacketIo io,
            ScanMessages messages,
            AtomicBoolean stop,
            AtomicInteger interrupts,
            ResultStore store,
            StoredWalk originalWalk,
            ScanCounts earlierRuns) {
        this.err = err;
        this.io = io;
        this.messages = messages;
        this.stop = stop;
        this.interrupts = interrupts;
        this.store = store;
        this.originalWalk = originalWalk;
        this.earlierRuns = earlierRuns;
    }

    /** The database this run used (it may have opened it). */
    ResultStore store() {
        return store;
    }

    ScanService.Outcome execute(
            ScanConfig cfg, ScanOptions opt, ScanOutputs out, long resumeId, long[] startPositions)
            throws ScanException, StoreException {
        stop.set(
                interrupts.get()
                        > 0); // a run after --slow-on-drops went back starts sending again, unless
        // Ctrl-C came
        // The database opens beside the link and the sockets; abandoned if the scan cannot begin.
        StoreOpening opening = store == null && !cfg.dryrun() ? StoreOpening.start(opt.db()) : null;
        ScanPlan plan;
        try {
            plan = ScanPlan.resolve(cfg, startPositions, originalWalk, resumeId, err, io);
        } catch (ScanException | RuntimeException e) {
            if (opening != null) opening.abandon();
            throw e;
        }
        int threads = cfg.senderThreads();
        Sender.warmUpAhead(
                plan.walks()[0],
                plan.probes(),
                cfg.probesPerVersion(),
                plan.keys(),
                plan.sources(),
                plan.pps() / threads);
        long total = plan.total(), alreadyDone = 0;
        long[] start = plan.startPositions();
        for (long p : start) alreadyDone += p;
        ResumePoints resumePoints = new ResumePoints(start, cfg.cooldown());
        List<PacketSink> sinks = new ArrayList<>();
        scanId = resumeId;
        ScanStatus status = ScanStatus.FAILED;
        Sender[] senders = new Sender[threads];
        List<Thread> sendThreads = new ArrayList<>();
        AutoCloseable quiet = null;
        java.util.concurrent.CompletableFuture<AutoCloseable> quieting = null;
        String[] quietWhy = new String[1];
        boolean sending = false;
        StopRules rules = new StopRules(opt, cfg.maxResults(), err);
        long started = System.currentTimeMillis();
        try {
            // Sinks next: they fail fast without privilege, before anything is stored.
            for (int t = 0; t < threads; t++) {
                sinks.add(
                        !cfg.dryrun()
                                ? io.sink(plan.link().iface(), 128, cfg.qdiscBypass())
                                : out.pcap != null ? new PcapFileSink(out.pcap) : new NullSink());
            }
            if (!cfg.dryrun()) {
                // Stage 2's nftables table (two nft processes, 30 ms of the start) is installed
                // while the capture opens; it is in place before sending, so before the first
                // SYN-ACK.
                if (opt.handshake())
                    quieting =
                            java.util.concurrent.CompletableFuture.supplyAsync(
                                    () ->
                                            io.quietKernel(
                                                    plan.sources(),
                                                    plan.sourcePorts()[0],
                                                    plan.sourcePorts()[1],
                                                    quietWhy));
                source =
                        io.source(
                                plan.link().iface(),
                                plan.captureFilter(),
                                opt.pcapBufferMiB() << 20);
                if (quieting != null) {
                    quiet = quieting.join();
                    quieting = null;
                    if (quiet == null)
                        err.println("stage 2 (completing MPTCP handshakes) is off: " + quietWhy[0]);
                }
            }
            Start begun = new Start(cfg, opt, out, plan, started);
            if (!cfg.dryrun()) beginStoring(begun, opening, quiet);
            long deadline =
                    cfg.maxRuntime() > 0
                            ? System.nanoTime() + (long) (cfg.maxRuntime() * 1e9)
                            : Long.MAX_VALUE;
            StatusMonitor monitor =
                    new StatusMonitor(
                            err,
                            opt.quiet(),
                            !cfg.dryrun(),
                            out.status,
                            total,
                            alreadyDone,
                            started);
            if (!opt.quiet() && opt.verbosity() >= 3) messages.announce(plan, scanId, alreadyDone);
            if (opt.verbosity() >= 4) messages.describeSetup(plan);
            long sendStartNanos = System.nanoTime();
            startSenders(begun, sinks, deadline, senders, sendThreads);
            running = senders;
            sending = true;
            long nextTick = System.currentTimeMillis() + 1000;
            while (!allFinished(senders)) {
                pause(nextTick);
                if (System.currentTimeMillis() >= nextTick) {
                    nextTick += 1000;
                    Counters c = Counters.read(senders, pipeline, source, writer);
                    monitor.tick(c, null);
                    checkpoint(c, total, resumePoints);
                    if (out.live != null) out.live.writer.flush();
                    if (rules.everySecond(c, monitor.hitRate(c))) stop.set(true);
                }
                if (pipeline != null && rules.often(pipeline.verdicts.successes())) stop.set(true);
                checkFailures(senders, pipeline, writer);
            }
            for (Thread th : sendThreads) th.join();
            long sendEndNanos = System.nanoTime();
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
                while (System.currentTimeMillis() < until
                        && interrupts.get() <= Math.max(seenInterrupts, 1)) {
                    Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
                    if (System.currentTimeMillis() >= nextTick) {
                        nextTick += 1000;
                        Counters c = Counters.read(senders, pipeline, source, writer);
                        monitor.tick(c, until);
                        checkpoint(c, total, resumePoints);
                    }
                }
                // Stage 2's last windows: what servers send after the third ACK, then our RST.
                long windowsEnd =
                        System.currentTimeMillis() + (long) (opt.handshakeWindow() * 1000) + 100;
                while (stage2 != null
                        && stage2.openCount() > 0
                        && System.currentTimeMillis() < windowsEnd
                        && interrupts.get() <= Math.max(seenInterrupts, 1)) {
                    Thread.sleep(50);
                    stage2.expire(System.nanoTime());
                    stage2.flush();
                }
                // a second Ctrl-C: replies may still have been on their way
                cooldownCut = System.currentTimeMillis() < until;
                source.stop();
                receiver.join(5000); // the last replies reach the writer before it closes
                if (stage2 != null) stage2.closeAll(); // a RST to every server still in stage 2
            }
            if (writer != null) writer.close();
            if (stage2 != null && store != null && scanId >= 0) storeStage2();
            boolean droppedTooMany = rules.droppedTooMany();
            status =
                    interrupted || cooldownCut || droppedTooMany
                            ? ScanStatus.INTERRUPTED
                            : ScanStatus.COMPLETE;
            Counters end = Counters.read(senders, pipeline, source, writer);
            monitor.tick(end, null);
            if (store != null && scanId >= 0) {
                long[] resumeFrom = end.positions(); // every reply is stored: exact
                if (cooldownCut || droppedTooMany) {
                    resumePoints.mark(System.nanoTime(), end.queued(), resumeFrom, end.drops());
                    resumeFrom =
                            droppedTooMany
                                    ? resumePoints.safeBeforeDrops(end.stored())
                                    : resumePoints.safe(end.stored());
                }
                store.checkpoint(scanId, end.stored(total, earlierRuns), resumeFrom);
                store.finishScan(scanId, status, end.stored(total, earlierRuns));
            }
            double pps =
                    plan.pps() > 0
                            ? plan.pps()
                            : end.sent() / Math.max(0.001, (sendEnd - started) / 1000.0);
            boolean retrySlower =
                    droppedTooMany
                            && opt.slowOnDrops()
                            && interrupts.get() == 0
                            && pps / 2 >= ScanService.SLOWEST
                            && scanId >= 0;
            if (retrySlower)
                return new ScanService.Outcome(
                        scanId,
                        status,
                        end.sent(),
                        end.received(),
                        end.stored(),
                        end.drops(),
                        pps,
                        true,
                        null);
            if (opt.metadataFile() != null) {
                ScanSummary.write(
                        out.metadata,
                        new ScanSummary.Run(
                                plan,
                                opt,
                                scanId,
                                status,
                                started,
                                sendStartNanos,
                                sendEndNanos,
                                sendEnd,
                                System.currentTimeMillis(),
                                monitor.hitRate(end),
                                stage2),
                        end);
            }
            if (stage2 != null && !opt.quiet()) {
                err.printf(
                        "stage 2: %,d handshakes with MPTCP servers (%,d completed, %,d reset,"
                                + " %,d timed out, %,d not tried over --handshake-rate), %,d"
                                + " addresses announced%n",
                        stage2.acksSent,
                        stage2.completed,
                        stage2.serverResets,
                        stage2.timeouts,
                        stage2.skipped,
                        stage2.announced);
            }
            // Stopped before its last target by -t or -N alone: what the user asked for (zmap exits
            // 0), though the scan stays resumable.
            String limit = null;
            if (interrupted
                    && !cooldownCut
                    && !droppedTooMany
                    && !rules.lowHitrate()
                    && interrupts.get() == 0) {
                if (rules.enoughResults()) limit = "-N/--max-results " + cfg.maxResults();
                else if (sendEndNanos >= deadline)
                    limit =
                            "-t/--max-runtime "
                                    + java.math.BigDecimal.valueOf(cfg.maxRuntime())
                                            .stripTrailingZeros()
                                            .toPlainString()
                                    + " s";
            }
            messages.finalLine(opt, scanId, status, end, droppedTooMany, limit);
            return new ScanService.Outcome(
                    scanId,
                    status,
                    end.sent(),
                    end.received(),
                    end.stored(),
                    end.drops(),
                    pps,
                    false,
                    limit);
        } catch (SendException | ReceiveException e) {
            // Before the first probe it is the user's setup (no such interface, no privilege);
            // after, a failure (a link went down).
            String m = Text.printable(e.getMessage());
            throw sending
                    ? ScanException.failure(
                            (e instanceof SendException ? "sending failed: " : "capturing failed: ")
                                    + m)
                    : ScanException.badInput(m);
        } catch (IOException e) {
            throw ScanException.failure(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScanException.failure("interrupted");
        } finally {
            stop.set(true);
            // Senders still running (the run failed while they sent) let go of their sockets
            // first: a closed descriptor's number is soon another file's.
            for (Thread th : sendThreads) {
                try {
                    th.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (opening != null) opening.abandon(); // did not get as far as the database
            if (source != null) source.close();
            sinks.forEach(PacketSink::close);
            if (stage2 != null) stage2.close();
            if (stage2Sink != null) stage2Sink.close();
            // the start failed while the table was installed: it is removed all the same
            if (quieting != null) quiet = quieting.exceptionally(e -> null).join();
            if (quiet != null) {
                try {
                    quiet.close();
                } catch (Exception ignored) {
                    // the next scan removes a table left behind
                }
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (StoreException ignored) {
                }
            }
            if (store != null && scanId >= 0 && status == ScanStatus.FAILED) {
                // Whatever made us fail, the replies stored so far stay and the scan can be
                // resumed, from a point
                // whose replies are stored: not the senders' positions, replies to the last targets
                // may be lost.
                try {
                    Counters c = Counters.read(senders, pipeline, source, writer);
                    store.checkpoint(
                            scanId,
                            c.stored(total, earlierRuns),
                            writer == null ? start : resumePoints.safe(c.stored()));
                    store.finishScan(scanId, ScanStatus.INTERRUPTED, null);
                } catch (StoreException | RuntimeException ignored) {
                }
            }
        }
    }

    /** What the start's steps share: the run's settings, outputs and plan, and when it began. */
    private record Start(
            ScanConfig cfg, ScanOptions opt, ScanOutputs out, ScanPlan plan, long started) {}

    /** One sender thread per -T on its own socket, started. */
    private void startSenders(
            Start s,
            List<PacketSink> sinks,
            long deadline,
            Sender[] senders,
            List<Thread> threads) {
        ScanPlan plan = s.plan();
        int n = senders.length;
        for (int t = 0; t < n; t++) {
            senders[t] =
                    new Sender(
                            plan.walks()[t],
                            sinks.get(t),
                            plan.probes(),
                            s.cfg().probesPerVersion(),
                            plan.keys(),
                            plan.sources(),
                            new Sender.Limits(
                                    plan.pps() / n,
                                    deadline,
                                    s.opt().maxSendtoFailures(),
                                    n == 1
                                            && plan.pps() <= 0
                                            && Runtime.getRuntime().availableProcessors() >= 2
                                            && System.getenv("MPTCPSCAN_NO_PIPELINE") == null),
                            stop,
                            plan.optedOut());
            Thread th = new Thread(senders[t], "mptcpscan-send-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
    }

    /**
     * The scan's row (a new one, or a resumed scan's reopened), the writer, the reply pipeline,
     * stage 2 (when quiet holds the kernel's table) and the receive thread.
     */
    private void beginStoring(Start s, StoreOpening opening, AutoCloseable quiet)
            throws StoreException, SendException, IOException {
        ScanConfig cfg = s.cfg();
        ScanPlan plan = s.plan();
        boolean resumed = scanId >= 0;
        // What needs no database is made while it opens on its own thread: the scan's stored
        // configuration, the reply tables (40 MB to zero), stage 2's socket.
        String config =
                resumed ? null : StoredWalk.store(cfg, plan.blocklist(), plan.fingerprint());
        ReplyPipeline.Tables tables = new ReplyPipeline.Tables();
        if (quiet != null) {
            stage2Sink = io.sink(plan.link().iface(), 128, cfg.qdiscBypass());
            stage2 =
                    new Stage2(
                            stage2Sink,
                            plan.link().sourceMac(),
                            plan.link().gatewayMac(),
                            plan.link().gatewayMac6() != null
                                    ? plan.link().gatewayMac6()
                                    : plan.link().gatewayMac(),
                            cfg.probeTtl(),
                            s.opt().handshakeRate(),
                            s.opt().handshakeWindow());
        }
        if (store == null) store = opening.take();
        if (!resumed) {
            scanId =
                    store.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            cfg.label(),
                                            ScanSource.SCAN,
                                            cfg.seed(),
                                            cfg.shard().index(),
                                            cfg.shard().total(),
                                            cfg.vantage(),
                                            Version.VERSION,
                                            cfg.campaign()),
                                    s.started(),
                                    plan.total(),
                                    config));
        } else {
            store.reopenScan(scanId);
        }
        writer = new BatchingWriter(store, scanId, 1 << 20);
        pipeline =
                new ReplyPipeline(
                        source.linkType(),
                        plan.sources(),
                        plan.keys(),
                        plan.probes(),
                        cfg.probesPerVersion(),
                        writer,
                        s.out().live,
                        s.out().pcap,
                        scanId,
                        tables);
        pipeline.resumed = resumed;
        if (stage2 != null) pipeline.stage2(stage2);
        receiver = startReceiver(source, pipeline);
    }

    /** What stage 2 finished since the last time, to the store. */
    private void storeStage2() throws StoreException {
        Stage2.Finished f = stage2.take();
        if (f.isEmpty()) return;
        store.appendHandshakes(scanId, f.handshakes());
        store.appendAnnouncements(scanId, f.announcements());
    }

    private static Thread startReceiver(PacketSource source, ReplyPipeline pipeline) {
        Thread receiver =
                new Thread(
                        () -> {
                            try {
                                source.run(pipeline);
                            } catch (ReceiveException e) {
                                pipeline.failure = e;
                            }
                        },
                        "mptcpscan-receive");
        receiver.setDaemon(true);
        receiver.start();
        return receiver;
    }

    /**
     * Sleeps 50 ms at most, and not past when (the next tick): the run loop judges -N and the
     * senders' failures between. (Sleeping until the tick judged -N once a second: a scan went on
     * half a second past its -N.)
     */
    private static void pause(long when) throws InterruptedException {
        Thread.sleep(Math.min(50, Math.max(1, when - System.currentTimeMillis())));
    }

    private static boolean allFinished(Sender[] s) {
        for (Sender x : s) if (x != null && !x.finished()) return false;
        return true;
    }

    private static void checkFailures(Sender[] senders, ReplyPipeline p, BatchingWriter w)
            throws SendException, ReceiveException, StoreException {
        for (Sender s : senders) if (s != null && s.failure() != null) throw s.failure();
        if (p != null && p.failure instanceof ReceiveException r) throw r;
        if (p != null && p.failure instanceof StoreException s) throw s;
        if (p != null && p.failure != null)
            throw new StoreException(
                    "writing the live output (-o) failed: " + p.failure.getMessage());
        if (w != null && w.failure() != null) throw w.failure();
    }

    /**
     * The once-a-second checkpoint: counts, and the positions a crash right now would resume from
     * (see ResumePoints).
     */
    private void checkpoint(Counters c, long total, ResumePoints resumePoints)
            throws StoreException {
        if (store == null || scanId < 0) return;
        if (stage2 != null) {
            stage2.expire(System.nanoTime());
            stage2.flush();
            storeStage2();
        }
        resumePoints.mark(System.nanoTime(), c.queued(), c.positions(), c.drops());
        store.checkpoint(scanId, c.stored(total, earlierRuns), resumePoints.safe(c.stored()));
    }
}
