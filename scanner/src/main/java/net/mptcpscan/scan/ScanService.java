package net.mptcpscan.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.mptcpscan.Version;
import net.mptcpscan.capture.PcapWriter;
import net.mptcpscan.io.ReplacingOutput;
import net.mptcpscan.io.Text;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.receive.PacketSource;
import net.mptcpscan.receive.PcapLiveSource;
import net.mptcpscan.receive.ReceiveException;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.output.RowWriter;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.send.AfPacketSink;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.send.NullSink;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.PcapFileSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.send.Sender;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;

/**
 * Runs one scan: targets -> probe -> send on sender threads, receive -> validate ->
 * classify -> store on the capture thread, a status line each second, the cooldown, and
 * the scan's row kept current in the database (checkpoints each second, so --resume
 * after any stop continues from where the senders were).
 */
public final class ScanService {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Outcome(long scanId, String status, long sent, long replies, long stored, long dropped) {}

    private final PrintStream err;
    /** The results database, opened once the scan is known to be good (null for a dry run). */
    private ResultStore store;
    /** Stored with a scan beside its configuration: the walk a resume must continue. */
    private static final String WALK = "walk";

    /** A resumed scan's walk as it started: its blocklist then, and the fingerprint of its target space. */
    private record StoredWalk(Ipv4RangeSet blocklist, String fingerprint) {}

    private StoredWalk originalWalk;

    /** What the earlier runs of a resumed scan counted (zero for a new scan). */
    private ScanCounts earlierRuns = new ScanCounts(0, 0, 0, 0, 0, 0);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger interrupts = new AtomicInteger();

    public ScanService(PrintStream err) { this.err = err; }

    /** Asks the scan to stop sending (the first Ctrl-C); a second call also skips the cooldown. */
    public void interrupt() {
        interrupts.incrementAndGet();
        stop.set(true);
    }

    /**
     * Runs a new scan, or resumes one (resume: its id or "latest"). Everything the user gave
     * is checked first: nothing is opened, stored or sent before the whole configuration,
     * every output and every target file have been found good.
     */
    public Outcome run(ScanConfig requested, ScanOptions opt, String resume) throws ScanException { return run(requested, opt, resume, false); }

    /** rateGiven: -r or -B was on the command line, so a resumed scan takes that rate instead of its stored one. */
    public Outcome run(ScanConfig requested, ScanOptions opt, String resume, boolean rateGiven) throws ScanException {
        opt.validate();
        if (resume == null) requested.validate();
        try {
            ScanConfig cfg;
            long scanId = -1;
            long[] startPositions = null;
            if (resume != null) {
                store = JdbcResultStore.openExisting(opt.db());
                ScanRecord resumed = store.scan(resume);
                if (resumed == null) throw ScanException.badInput("--resume: no scan " + Text.quote(resume) + " in " + Text.quote(opt.db()) + " to resume");
                if (!ScanRecord.INTERRUPTED.equals(resumed.status())) throw ScanException.badInput("--resume: scan " + resumed.id() + " is " + resumed.status() + ", not interrupted: nothing to resume");
                if (!"scan".equals(resumed.source())) throw ScanException.badInput("--resume: scan " + resumed.id() + " was read from a capture; only live scans resume");
                ObjectNode stored = (ObjectNode) JSON.readTree(resumed.config());
                JsonNode w = stored.remove(WALK);
                if (w != null) originalWalk = new StoredWalk(TargetSetup.parseRangesText(w.get("blocklist").asText()), w.get("fingerprint").asText());
                cfg = JSON.treeToValue(stored, ScanConfig.class).validate();
                if (requested.dryrun()) cfg = cfg.asDryRun();
                if (rateGiven) cfg = cfg.withRate(requested.rate(), requested.bandwidth()).validate();
                scanId = resumed.id();
                startPositions = store.positions(scanId);
                earlierRuns = new ScanCounts(0, resumed.sent(), resumed.received(), resumed.dropped(), resumed.validationFailures(), resumed.repeats());
                if (startPositions.length == 0 && resumed.sent() > 0) {
                    err.printf("scan %d stored no checkpoint before it stopped (%,d probes had been sent): it starts again from its first target%n",
                            scanId, resumed.sent());
                }
            } else {
                SecureRandom rnd = new SecureRandom();
                cfg = requested.withSecret(rnd.nextLong(), rnd.nextLong());
            }
            return execute(cfg, opt, scanId, startPositions);
        } catch (net.mptcpscan.store.NoDatabaseException e) {
            throw ScanException.badInput("--resume: " + e.getMessage());
        } catch (StoreException e) {
            throw ScanException.failure(e.getMessage());
        } catch (IOException e) {
            throw ScanException.failure("stored scan configuration unreadable: " + Text.printable(e.getMessage()));
        } finally {
            if (store != null) store.close();
        }
    }

    /** The configuration as stored: the settings, and the walk (its blocklist and target fingerprint) for --resume. */
    private static String storedConfig(ScanConfig cfg, Ipv4RangeSet blocklist, String fingerprint) throws IOException {
        ObjectNode n = JSON.valueToTree(cfg);
        ObjectNode w = n.putObject(WALK);
        w.put("blocklist", TargetSetup.rangesText(blocklist));
        w.put("fingerprint", fingerprint);
        return JSON.writeValueAsString(n);
    }

    /**
     * A resumed scan walks its original space (the blocklist it started with: a removed entry
     * stays blocked). Its targets must be the same, or the walk would skip some and repeat
     * others; addresses added to the blocklist file since are skipped. Null: nothing to skip.
     */
    private Ipv4RangeSet optedOutSince(ScanConfig cfg, long scanId, String fingerprint) throws ScanException {
        if (originalWalk == null) return null;
        if (!originalWalk.fingerprint().equals(fingerprint)) {
            throw ScanException.badInput("--resume: the targets of scan " + scanId + " changed since it was interrupted (a TARGET, -w or -I file differs):"
                    + " continuing would skip some and probe others twice; start a new scan");
        }
        Ipv4RangeSet now;
        try {
            now = TargetSetup.blocklist(cfg.blocklistFile());
        } catch (IOException | IllegalArgumentException e) {
            err.printf("resuming scan %d with the blocklist it started with: %s%n", scanId, Text.printable(String.valueOf(e.getMessage())));
            return null;
        }
        Ipv4RangeSet added = now.minus(originalWalk.blocklist());
        if (added.size() == 0) return null;
        err.printf("resuming scan %d: %,d addresses added to the blocklist since it started are skipped%n", scanId, added.size());
        return added;
    }

    /** Where we send from and to: given by the user, or found in the namespace's route and neighbour tables. */
    private static LinkSetup.Link resolveLink(ScanConfig cfg) throws ScanException {
        try {
            Integer srcIp = cfg.sourceIp() == null ? null : Ipv4.parse(cfg.sourceIp());
            byte[] gw = cfg.gatewayMac() == null ? null : LinkSetup.parseMac(cfg.gatewayMac());
            if (cfg.dryrun() && (cfg.iface() == null || !LinkSetup.interfaceExists(cfg.iface())) && srcIp != null) {
                return new LinkSetup.Link(cfg.iface() == null ? "dryrun" : cfg.iface(), srcIp, new byte[6], 0, gw == null ? new byte[6] : gw);
            }
            return LinkSetup.resolve(cfg.iface(), srcIp, gw);
        } catch (IllegalArgumentException | SendException e) {
            throw ScanException.badInput(e.getMessage());
        }
    }

    /** One probe module per MP_CAPABLE version asked for, in slot order. */
    private static ProbeModule[] probes(List<Integer> versions, ProbeContext ctx) {
        ProbeModule[] probes = new ProbeModule[versions.size()];
        for (int i = 0; i < probes.length; i++) {
            int v = versions.get(i);
            probes[i] = v == 1 ? SynProbe.mptcpV1(ctx) : v == 0 ? SynProbe.mptcpV0(ctx) : SynProbe.plain(ctx);
        }
        return probes;
    }

    /** Each sender thread's walk of this shard, from its stored position when resuming; -n split across threads. */
    private static TargetSpace.Walk[] walks(ScanConfig cfg, TargetSpace space, long[] startPositions) {
        int threads = cfg.senderThreads();
        TargetSpace.Walk[] walks = new TargetSpace.Walk[threads];
        for (int t = 0; t < threads; t++) {
            long start = startPositions != null && t < startPositions.length ? startPositions[t] : 0;
            // -n split exactly: with fewer targets than threads, some threads send nothing.
            long cap = cfg.maxTargets() <= 0 ? Long.MAX_VALUE : cfg.maxTargets() / threads + (t < cfg.maxTargets() % threads ? 1 : 0);
            walks[t] = space.walk(cfg.shard(), cfg.shards(), t, threads, start, cap);
        }
        return walks;
    }

    private Outcome execute(ScanConfig cfg, ScanOptions opt, long resumeId, long[] startPositions)
            throws ScanException, StoreException {
        TargetSetup.Result ts = TargetSetup.build(cfg, originalWalk == null ? null : originalWalk.blocklist());
        TargetSpace space = ts.space();
        String fingerprint = TargetSetup.fingerprint(space, cfg.seed());
        Ipv4RangeSet optedOut = optedOutSince(cfg, resumeId, fingerprint);
        List<Integer> versions = TargetSetup.versions(cfg.mptcpVersions());
        int[] sports = sourcePorts(cfg.sourcePorts());

        LinkSetup.Link link = resolveLink(cfg);
        long tsval = (cfg.secret0() >>> 33) | 1;
        ProbeContext ctx = ProbeContext.defaults(link.sourceMac(), link.gatewayMac(), link.sourceIp(), tsval);
        ProbeModule[] probes = probes(versions, ctx);
        int slots = probes.length * cfg.probes();
        ProbeKeys keys = new ProbeKeys(cfg.secret0(), cfg.secret1(), sports[0], sports[1], slots);
        double pps = packetRate(cfg, probes);

        int threads = cfg.senderThreads();
        TargetSpace.Walk[] walks = walks(cfg, space, startPositions);
        long total = 0, alreadyDone = 0;
        long[] start = new long[walks.length];
        for (int t = 0; t < walks.length; t++) { total += walks[t].total(); alreadyDone += walks[t].position(); start[t] = walks[t].position(); }
        ResumePoints resumePoints = new ResumePoints(start, cfg.cooldown());

        List<PacketSink> sinks = new ArrayList<>();
        PcapWriter pcapOut = null;
        PacketSource source = null;
        RowWriter live = null;
        OutputStream liveStream = null;
        PrintWriter statusFile = null;
        ReplacingOutput metadata = null;
        BatchingWriter writer = null;
        long scanId = resumeId;
        String status = ScanRecord.FAILED;
        Sender[] senders = new Sender[threads];
        Thread receiver = null;
        ReplyPipeline pipeline = null;
        boolean sending = false, droppedTooMany = false;
        long started = System.currentTimeMillis();
        try {
            // Every output is opened before anything is stored: one that cannot be written leaves no scan behind.
            try {
                if (opt.pcapOut() != null) pcapOut = new PcapWriter(Path.of(opt.pcapOut()), LinkType.ETHERNET.dlt);
                if (opt.outputFile() != null) {
                    liveStream = "-".equals(opt.outputFile()) ? System.out : Files.newOutputStream(Path.of(opt.outputFile()));
                    live = RowWriters.shared(RowWriters.create(opt.outputFormat(), ExportRows.fields("replies", opt.outputFields()), liveStream));
                }
                if (opt.statusFile() != null) {
                    statusFile = new PrintWriter("-".equals(opt.statusFile()) ? new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8)
                            : Files.newBufferedWriter(Path.of(opt.statusFile())), true);
                }
                if (opt.metadataFile() != null && !"-".equals(opt.metadataFile())) metadata = ReplacingOutput.open(Path.of(opt.metadataFile()));
            } catch (IOException e) {
                throw ScanException.badInput("cannot open an output file: " + Text.printable(String.valueOf(e.getMessage())));
            }
            // Sinks next: they fail fast without privilege, before anything is stored.
            for (int t = 0; t < threads; t++) {
                if (cfg.dryrun()) sinks.add(pcapOut != null ? new PcapFileSink(pcapOut) : new NullSink());
                else sinks.add(new AfPacketSink(link.iface(), 128, cfg.qdiscBypass()));
            }
            if (!cfg.dryrun()) {
                String bpf = "(tcp and dst host " + Ipv4.toString(link.sourceIp()) + " and dst portrange " + sports[0] + "-" + sports[1] + ")"
                        + " or (icmp and dst host " + Ipv4.toString(link.sourceIp()) + ")";
                source = new PcapLiveSource(link.iface(), bpf, opt.pcapBufferMiB() << 20);
            }
            if (!cfg.dryrun()) {
                if (store == null) store = JdbcResultStore.open(opt.db());
                if (scanId < 0) {
                    scanId = store.beginScan(new ScanRecord(0, cfg.label(), "scan", ScanRecord.RUNNING, started, 0, cfg.seed(), cfg.shard(), cfg.shards(),
                            total, 0, 0, 0, 0, 0, cfg.vantage(), Version.VERSION, storedConfig(cfg, ts.blocklist(), fingerprint)));
                } else {
                    store.reopenScan(scanId);
                }
                writer = new BatchingWriter(store, scanId, 1 << 20);
            }
            if (source != null) {
                pipeline = new ReplyPipeline(source.linkType(), link.sourceIp(), keys, probes, cfg.probes(), writer, live,
                        pcapOut, scanId);
                final PacketSource src = source;
                final ReplyPipeline pl = pipeline;
                receiver = new Thread(() -> {
                    try { src.run(pl); } catch (ReceiveException e) { pl.failure = e; }
                }, "mptcpscan-receive");
                receiver.setDaemon(true);
                receiver.start();
            }
            if (!opt.quiet()) {
                err.printf("mptcpscan %s: scan %s, %,d targets (%,d addresses x %d ports%s), %d probes each (%s), %s, via %s from %s%n",
                        Version.VERSION, scanId < 0 ? "(dry run)" : String.valueOf(scanId), total, space.addresses().size(), space.ports().length,
                        cfg.shards() > 1 ? ", shard " + cfg.shard() + "/" + cfg.shards() : "", slots, String.join(",", names(probes)),
                        pps <= 0 ? "no rate limit" : String.format("%,.0f pps", pps), link.iface(), Ipv4.toString(link.sourceIp()));
                if (alreadyDone > 0) err.printf("resuming scan %d: %,d of %,d targets already probed%n", scanId, alreadyDone, total);
            }
            long deadline = cfg.maxRuntime() > 0 ? System.nanoTime() + (long) (cfg.maxRuntime() * 1e9) : Long.MAX_VALUE;
            List<Thread> sendThreads = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders[t] = new Sender(walks[t], sinks.get(t), probes, cfg.probes(), keys, link.sourceIp(), pps / threads, stop, deadline, optedOut);
                Thread th = new Thread(senders[t], "mptcpscan-send-" + t);
                th.setDaemon(true);
                sendThreads.add(th);
            }
            Status st = new Status(opt, statusFile, total, alreadyDone, senders, pipeline, writer, source, started);
            sendThreads.forEach(Thread::start);
            sending = true;
            long nextTick = System.currentTimeMillis() + 1000;
            while (!allFinished(senders)) {
                sleepUntil(nextTick, senders);
                if (System.currentTimeMillis() >= nextTick) {
                    nextTick += 1000;
                    st.tick(false, null);
                    checkpoint(store, scanId, writer, senders, pipeline, source, total, resumePoints);
                    if (live != null) live.flush();
                    if (!droppedTooMany && tooManyDrops(source, pipeline, opt.maxDropRate())) {
                        droppedTooMany = true;
                        stop.set(true);
                    }
                }
                checkFailures(senders, pipeline, writer);
            }
            for (Thread th : sendThreads) th.join();
            checkFailures(senders, pipeline, writer);
            // Stopped early by Ctrl-C or -t: the rest can be sent with --resume.
            boolean interrupted = !allWalksDone(walks);
            // Cooldown: replies to the last probes are still on their way.
            boolean cooldownCut = false;
            if (source != null) {
                long until = System.currentTimeMillis() + (long) (cfg.cooldown() * 1000);
                int seenInterrupts = interrupts.get();
                while (System.currentTimeMillis() < until && interrupts.get() <= Math.max(seenInterrupts, 1)) {
                    Thread.sleep(Math.min(200, Math.max(1, until - System.currentTimeMillis())));
                    if (System.currentTimeMillis() >= nextTick) {
                        nextTick += 1000;
                        st.tick(true, until);
                        checkpoint(store, scanId, writer, senders, pipeline, source, total, resumePoints);
                    }
                }
                cooldownCut = System.currentTimeMillis() < until;   // a second Ctrl-C: replies may still have been on their way
                source.stop();
                receiver.join(5000);
            }
            if (writer != null) writer.close();
            status = interrupted || cooldownCut || droppedTooMany ? ScanRecord.INTERRUPTED : ScanRecord.COMPLETE;
            st.tick(false, null);
            if (store != null && scanId >= 0) {
                long[] resumeFrom = positions(senders);   // every reply is stored: exact
                if (cooldownCut || droppedTooMany) {
                    resumePoints.mark(System.nanoTime(), writer.queued(), resumeFrom, source.drops());
                    resumeFrom = droppedTooMany ? resumePoints.safeBeforeDrops(writer.stored()) : resumePoints.safe(writer.stored());
                }
                store.checkpoint(scanId, counts(senders, pipeline, source, total), resumeFrom);
                store.finishScan(scanId, status, counts(senders, pipeline, source, total));
            }
            long sent = 0;
            for (Sender s : senders) sent += s.sent();
            long replies = pipeline == null ? 0 : pipeline.valid;
            if (opt.metadataFile() != null) writeMetadata(metadata, cfg, scanId, status, started, sent, pipeline, source, writer, total, st.hitRate());
            long drops = source == null ? 0 : source.drops();
            if (droppedTooMany) {
                err.printf("scan %d stopped: %,d of %,d replies (%.2f%%) were lost before they could be read (capture %,d, interface %,d), more than"
                                + " --max-drop-rate %s; 'mptcpscan scan --resume %d -r LOWER%s' continues from before the first loss%n", scanId, drops,
                        drops + pipeline.valid, 100.0 * drops / (drops + pipeline.valid), drops - source.interfaceDrops(), source.interfaceDrops(),
                        opt.maxDropRate(), scanId, opt.db() == null ? "" : " --db " + Text.printable(opt.db()));
            } else if (drops > 0 && ScanRecord.COMPLETE.equals(status)) {
                // Said even with -q: the scan is incomplete in a way its status cannot show.
                err.printf("scan %d: %,d replies were lost before they could be read (capture %,d, interface %,d): their targets may lack a verdict;"
                        + " a lower -r, a larger --pcap-buffer or --max-drop-rate help (exit 3)%n", scanId, drops, drops - source.interfaceDrops(), source.interfaceDrops());
            }
            if (!opt.quiet() && !droppedTooMany) {
                if (ScanRecord.INTERRUPTED.equals(status)) err.printf("scan %d interrupted after %,d targets: continue it with 'mptcpscan scan --resume %d%s'%n", scanId,
                        totalPositions(senders), scanId, opt.db() == null ? "" : " --db " + opt.db());
                else if (scanId >= 0) err.printf("scan %d complete: %,d probes sent, %,d replies stored%n", scanId, sent, writer == null ? 0 : writer.stored());
            }
            return new Outcome(scanId, status, sent, replies, writer == null ? 0 : writer.stored(), source == null ? 0 : source.drops());
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
            if (store != null && scanId >= 0 && ScanRecord.FAILED.equals(status)) {
                // Whatever made us fail, the replies stored so far stay, and the scan can be resumed.
                try {
                    // Not the senders' positions: replies to the last targets may be lost with the failure.
                    long[] safe = writer == null ? start : resumePoints.safe(writer.stored());
                    store.checkpoint(scanId, counts(senders, pipeline, source, total), safe);
                    store.finishScan(scanId, ScanRecord.INTERRUPTED, null);
                } catch (StoreException | RuntimeException ignored) { }
            }
            try { if (live != null) live.close(); if (liveStream != null && liveStream != System.out) liveStream.close(); } catch (IOException ignored) { }
            if (statusFile != null) { if ("-".equals(opt.statusFile())) statusFile.flush(); else statusFile.close(); }
            try { if (metadata != null) metadata.close(); } catch (IOException ignored) { }
            try { if (pcapOut != null) pcapOut.close(); } catch (IOException ignored) { }
        }
    }

    private void sleepUntil(long when, Sender[] senders) throws InterruptedException {
        while (System.currentTimeMillis() < when && !allFinished(senders)) Thread.sleep(Math.min(50, Math.max(1, when - System.currentTimeMillis())));
    }

    private static boolean allFinished(Sender[] s) {
        for (Sender x : s) if (x != null && !x.finished()) return false;
        return true;
    }

    private static boolean allWalksDone(TargetSpace.Walk[] walks) {
        for (TargetSpace.Walk w : walks) if (w.position() < w.total()) return false;
        return true;
    }

    private static void checkFailures(Sender[] senders, ReplyPipeline p, BatchingWriter w) throws SendException, ReceiveException, StoreException {
        for (Sender s : senders) if (s != null && s.failure() != null) throw s.failure();
        if (p != null && p.failure instanceof ReceiveException r) throw r;
        if (p != null && p.failure instanceof StoreException s) throw s;
        if (p != null && p.failure != null) throw new StoreException("writing live output failed: " + p.failure.getMessage());
        if (w != null && w.failure() != null) throw w.failure();
    }

    /** More than the allowed fraction of replies lost before we could read them (judged once a thousand have come or gone). */
    static boolean tooManyDrops(PacketSource src, ReplyPipeline p, double maxDropRate) {
        if (src == null || p == null || maxDropRate >= 1) return false;
        long d = src.drops(), seen = d + p.valid;
        return d > 0 && seen >= 1000 && (double) d / seen > maxDropRate;
    }

    private static long totalPositions(Sender[] s) {
        long n = 0;
        for (Sender x : s) if (x != null) n += x.position();
        return n;
    }

    private static long[] positions(Sender[] s) {
        long[] p = new long[s.length];
        for (int i = 0; i < s.length; i++) p[i] = s[i] == null ? 0 : s[i].position();
        return p;
    }

    /** The scan's totals: this run's counters plus, for a resumed scan, what its earlier runs stored. */
    private ScanCounts counts(Sender[] senders, ReplyPipeline p, PacketSource src, long total) {
        long sent = 0;
        for (Sender s : senders) if (s != null) sent += s.sent();
        ScanCounts b = earlierRuns;
        return new ScanCounts(total, b.sent() + sent, b.received() + (p == null ? 0 : p.valid), b.dropped() + (src == null ? 0 : src.drops()),
                b.validationFailures() + (p == null ? 0 : p.validationFailures), b.repeats() + (p == null ? 0 : p.repeats));
    }

    /** The once-a-second checkpoint: counts, and the positions a crash right now would resume from (see ResumePoints). */
    private void checkpoint(ResultStore store, long scanId, BatchingWriter w, Sender[] senders, ReplyPipeline p, PacketSource src, long total,
                                   ResumePoints resumePoints) throws StoreException {
        if (store == null || scanId < 0 || w == null) return;
        resumePoints.mark(System.nanoTime(), w.queued(), positions(senders), src == null ? 0 : src.drops());
        store.checkpoint(scanId, counts(senders, p, src, total), resumePoints.safe(w.stored()));
    }

    static int[] sourcePorts(String text) throws ScanException {
        try {
            String t = text.trim();
            int dash = t.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim()), hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1).trim());
            if (lo < 1 || hi > 65535 || lo > hi) throw new NumberFormatException();
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw ScanException.badInput("-s/--source-port: takes a port or a range like 32768-61000 (ports 1 to 65535), not " + Text.quote(text));
        }
    }

    /** Packets per second from -r, or from -B counting each frame's Ethernet overhead (preamble, FCS, gap) as zmap does. */
    static double packetRate(ScanConfig cfg, ProbeModule[] probes) throws ScanException {
        if (cfg.bandwidth() == null) return cfg.rate();
        double bps = bitsPerSecond(cfg.bandwidth());
        double avg = 0;
        for (ProbeModule p : probes) avg += p.frameLength();
        avg /= probes.length;
        return bps / ((avg + 24) * 8);
    }

    /** -B's text: bits per second with an optional K, M or G suffix, 1 to 1T. */
    static double bitsPerSecond(String text) throws ScanException {
        String b = text.trim().toUpperCase();
        double mult = 1;
        if (b.endsWith("G")) mult = 1e9; else if (b.endsWith("M")) mult = 1e6; else if (b.endsWith("K")) mult = 1e3;
        String digits = mult == 1 ? b : b.substring(0, b.length() - 1);
        double bps;
        try {
            // Digits only: Java would also take NaN, Infinity, hex floats and a trailing 'd'.
            if (!digits.matches("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?")) throw new NumberFormatException();
            bps = Double.parseDouble(digits) * mult;
        } catch (NumberFormatException e) {
            throw ScanException.badInput("-B/--bandwidth: takes bits per second like 10M or 1G, not " + Text.quote(text));
        }
        if (!(bps >= 1 && bps <= ScanConfig.MAX_BANDWIDTH)) throw ScanException.badInput("-B/--bandwidth: 1 bit/s to 1000G, not " + Text.quote(text));
        return bps;
    }

    private static List<String> names(ProbeModule[] probes) {
        List<String> n = new ArrayList<>();
        for (ProbeModule p : probes) n.add(p.name());
        return n;
    }

    private void writeMetadata(ReplacingOutput file, ScanConfig cfg, long scanId, String status, long started, long sent, ReplyPipeline p,
                               PacketSource src, BatchingWriter writer, long total, double hitRate) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("tool", "mptcpscan");
        m.put("tool_version", Version.VERSION);
        m.put("scan_id", scanId);
        m.put("status", status);
        ObjectNode c = JSON.valueToTree(cfg);
        c.remove("secret0");
        c.remove("secret1");
        m.set("configuration", c);
        m.put("seed", cfg.seed());
        m.put("seed_text", Long.toString(cfg.seed()));   // jq and JavaScript round 64-bit numbers
        m.put("targets", total);
        m.put("sent", sent);
        m.put("received", p == null ? 0 : p.valid);
        m.put("dropped", src == null ? 0 : src.drops());
        m.put("pcap_drop", src == null ? 0 : src.drops() - src.interfaceDrops());   // zmap's key
        m.put("interface_drop", src == null ? 0 : src.interfaceDrops());
        m.put("validation_failures", p == null ? 0 : p.validationFailures);
        m.put("repeats", p == null ? 0 : p.repeats);
        m.put("hit_rate", hitRate);
        m.put("store_stalls", writer == null ? 0 : writer.stalls());
        ObjectNode classes = m.putObject("reply_classes");
        for (ReplyClass rc : ReplyClass.values()) classes.put(rc.wireName, p == null ? 0 : p.classCounts.get(rc.rank()));
        ObjectNode verdicts = m.putObject("verdicts");
        for (ReplyClass rc : ReplyClass.values()) verdicts.put(rc.wireName, p == null ? 0 : p.verdicts.counts.get(rc.rank()));
        m.put("start_time", Instant.ofEpochMilli(started).toString());
        m.put("end_time", Instant.now().toString());
        byte[] text = (JSON.writeValueAsString(m) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (file == null) {   // -m -: stdout
            System.out.write(text);
            System.out.flush();
        } else {
            file.write(text);
            file.commit();
        }
    }

    /** The status line on stderr each second, and the -u status file (CSV, a row a second). */
    private final class Status {
        private final ScanOptions opt;
        private final long total, base;
        private final Sender[] senders;
        private final ReplyPipeline p;
        private final BatchingWriter w;
        private final PacketSource src;
        private final long started;
        private long lastSent, lastRecv;
        private final PrintWriter file;

        Status(ScanOptions opt, PrintWriter file, long total, long base, Sender[] senders, ReplyPipeline p, BatchingWriter w, PacketSource src, long started) {
            this.opt = opt; this.total = total; this.base = base; this.senders = senders; this.p = p; this.w = w; this.src = src; this.started = started;
            this.file = file;
            if (file != null) {
                file.println("real-time,time-elapsed,time-remaining,percent-complete,sent-total,sent-last-one-sec,recv-success-total,recv-success-last-one-sec,"
                        + "validation-failures,repeats,pcap-drop-total,stored-total,hit-rate,mptcp,echo,anomalous,tcp,closed,unreachable");
            }
        }

        double hitRate() {
            long done = totalPositions(senders) - base;
            return p == null || done <= 0 ? 0 : 100.0 * p.firstProbeSynAcks / done;
        }

        void tick(boolean cooldown, Long until) {
            long sent = 0;
            for (Sender s : senders) sent += s.sent();
            long done = totalPositions(senders);
            long recv = p == null ? 0 : p.valid;
            double elapsed = (System.currentTimeMillis() - started) / 1000.0;
            double pct = total == 0 ? 100 : 100.0 * done / total;
            double rate = (done - base) / Math.max(elapsed, 0.001);
            long left = cooldown && until != null ? Math.max(0, (until - System.currentTimeMillis()) / 1000)
                    : rate > 0 ? (long) ((total - done) / rate) : -1;
            long drops = src == null ? 0 : src.drops();
            StringBuilder classes = new StringBuilder();
            for (ReplyClass rc : ReplyClass.values()) classes.append(' ').append(rc.wireName).append(' ').append(p == null ? 0 : p.verdicts.counts.get(rc.rank()));
            if (!opt.quiet()) {
                err.printf("%s %3.0f%%%s; send: %,d (%,d p/s); recv: %,d (%,d p/s); drops: %,d; hits: %.2f%%; targets:%s%s%n",
                        clock(elapsed), pct, cooldown ? " (cooldown " + clock(left) + " left)" : left >= 0 ? " (" + clock(left) + " left)" : "",
                        sent, sent - lastSent, recv, recv - lastRecv, drops, hitRate(), classes, w == null ? "" : "; stored " + String.format("%,d", w.stored())
                                + (w.stalls() > 0 ? String.format(" (the database held the receiver up %,d times)", w.stalls()) : ""));
            }
            if (file != null) {
                StringBuilder row = new StringBuilder();
                row.append(Instant.now()).append(',').append((long) elapsed).append(',').append(left).append(',').append(String.format("%.2f", pct)).append(',')
                        .append(sent).append(',').append(sent - lastSent).append(',').append(recv).append(',').append(recv - lastRecv).append(',')
                        .append(p == null ? 0 : p.validationFailures).append(',').append(p == null ? 0 : p.repeats).append(',').append(drops).append(',')
                        .append(w == null ? 0 : w.stored()).append(',').append(String.format("%.4f", hitRate()));
                for (ReplyClass rc : ReplyClass.values()) row.append(',').append(p == null ? 0 : p.verdicts.counts.get(rc.rank()));
                file.println(row);
            }
            lastSent = sent;
            lastRecv = recv;
        }
    }

    static String clock(double seconds) {
        long s = (long) Math.max(0, seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
