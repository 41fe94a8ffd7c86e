package net.mptcpscan.send;

import java.util.concurrent.atomic.AtomicBoolean;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.Ipv6Ranges;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;

/**
 * One sender thread: walks its share of the target space, writes every probe of each target (one
 * per MP_CAPABLE version and probe index) into a reused batch buffer and hands the batch to the
 * sink at the paced rate. Nothing is allocated per packet.
 */
public final class Sender implements Runnable {
    private final TargetSpace.Walk walk;
    private final TargetSpace space;
    private final PacketSink sink;
    private final ProbeModule[] probes; // one per version, in slot order
    private final int probesPerVersion;
    private final ProbeKeys keys;

    /**
     * The scan's source addresses (-S); each target is probed from one of its family, chosen by
     * ProbeKeys.sourceIndex.
     */
    private final int[] sources;

    private final SourceAddresses sources6;
    private final long[] a6 = new long[2];

    /** Each IPv6 source's keyed hash (ProbeKeys.sourceKey6), computed once. */
    private final long[] sourceKeys6;

    private final RateLimiter limiter;
    private final AtomicBoolean stop;
    private final Limits limits;

    /**
     * Addresses to pass over without a probe (opt-outs added since a resumed scan started), or
     * null.
     */
    private final Ipv4RangeSet skip;

    private final Ipv6Ranges skip6;

    private final byte[] buf;
    private final int[] lengths;
    private final int stride, targetsPerBatch, slots;
    private final boolean needsKey;
    private volatile long position, sent, sendFailures;
    private volatile boolean finished;

    /** Frames are built on a second thread (runPipelined). */
    private final boolean pipelined;

    private volatile SendException failure;

    /**
     * How fast and how long a sender runs. pps: this thread's rate (0: no limit); deadlineNanos:
     * stop sending then (System.nanoTime()); maxSendFailures: frames whose send may fail before the
     * thread gives up (zmap's --max-sendto-failures; 0: the first failure ends the scan, -1: never
     * give up).
     */
    public record Limits(double pps, long deadlineNanos, long maxSendFailures, boolean pipelined) {
        public Limits(double pps, long deadlineNanos, long maxSendFailures) {
            this(pps, deadlineNanos, maxSendFailures, false);
        }
    }

    public Sender(
            TargetSpace.Walk walk,
            PacketSink sink,
            ProbeModule[] probes,
            int probesPerVersion,
            ProbeKeys keys,
            SourceAddresses sources,
            Limits limits,
            AtomicBoolean stop,
            TargetParser.AddressBlocks skip) {
        this.skip = skip == null ? null : skip.v4();
        this.skip6 = skip == null ? null : skip.v6();
        this.walk = walk;
        this.space = walk.space();
        this.sink = sink;
        this.probes = probes.clone();
        this.probesPerVersion = probesPerVersion;
        this.keys = keys;
        this.sources = sources.v4();
        this.sources6 = sources;
        this.sourceKeys6 = new long[sources.v6Count()];
        for (int i = 0; i < sourceKeys6.length; i++)
            sourceKeys6[i] = keys.sourceKey6(sources.v6Hi(i), sources.v6Lo(i));
        this.stop = stop;
        this.limits = limits;
        double pps = limits.pps();
        this.limiter = new RateLimiter(pps);
        this.slots = probes.length * probesPerVersion;
        boolean v0 = false;
        for (ProbeModule p : probes) v0 |= p.mptcpVersion() == 0;
        needsKey = v0;
        int max = 0;
        for (ProbeModule p : probes)
            max = Math.max(max, Math.max(p.frameLength(), p.frameLength6()));
        stride = max;
        int batch = RateLimiter.batchFor(pps, slots);
        targetsPerBatch = Math.max(1, batch / slots);
        buf = new byte[targetsPerBatch * slots * stride];
        lengths = new int[targetsPerBatch * slots];
        position = walk.position();
        pipelined = limits.pipelined();
    }

    /**
     * Runs warmUp on a throwaway sender of the same probes and keys on a thread of its own, begun
     * while the scan still opens its capture and its database: the JIT compiles the per-target code
     * there, so the sender's own warm-up, just before its first probe, takes a millisecond instead
     * of 30 (the time to the first probe).
     */
    public static void warmUpAhead(
            TargetSpace.Walk walk,
            ProbeModule[] probes,
            int probesPerVersion,
            ProbeKeys keys,
            SourceAddresses sources,
            double pps) {
        Sender s =
                new Sender(
                        walk,
                        new NullSink(),
                        probes,
                        probesPerVersion,
                        keys,
                        sources,
                        new Limits(pps, 0, 0),
                        new AtomicBoolean(),
                        null);
        Thread t = new Thread(() -> s.warmUp(WARM_UP_TARGETS), "mptcpscan-send-warmup");
        t.setDaemon(true);
        t.start();
    }

    static final int WARM_UP_TARGETS = 20_000;

    /**
     * Runs the per-target code (keyed hash, probe writing) on made-up targets before the first real
     * one, so the JIT has compiled it by the time the rate limiter starts its schedule:
     * interpreted, the first half second of a scan fell a third behind its rate.
     */
    private void warmUp(int targets) {
        boolean v6 = space.addresses6().size() > 0 && sources6.v6Count() > 0;
        for (int i = 0; v6 && i < targets && !stop.get(); i++) {
            long sh = sources6.v6Hi(0), sl = sources6.v6Lo(0);
            long base = keys.base6(sourceKeys6[0], sh, i, 443);
            for (int slot = 0; slot < slots; slot++)
                probes[slot / probesPerVersion].write6(
                        buf,
                        0,
                        sh,
                        sl,
                        sh,
                        i,
                        443,
                        keys.sourcePort(base, slot),
                        ProbeKeys.sequence(base, slot),
                        needsKey ? keys.v0Key6(sourceKeys6[0], sh, i, 443) : 0);
        }
        if (sources.length == 0 || space.addresses().size() == 0) return;
        for (int i = 0; i < targets && !stop.get(); i++) {
            int src =
                    sources.length == 0
                            ? 0
                            : sources[ProbeKeys.sourceIndex(i, 443, sources.length)];
            long base = keys.base(src, i, 443);
            long key = needsKey ? keys.v0Key(src, i, 443) : 0;
            for (int slot = 0; slot < slots; slot++)
                probes[slot / probesPerVersion].write(
                        buf,
                        0,
                        src,
                        i,
                        443,
                        keys.sourcePort(base, slot),
                        ProbeKeys.sequence(base, slot),
                        key);
        }
    }

    /** Whether the walk ended while the last batch was filled. */
    private boolean walkEnded;

    /**
     * The next batch's probes into b and l (the walk moves on); the number of frames, 0 when every
     * target of the batch was skipped or the walk had ended (walkEnded).
     */
    private int fill(byte[] b, int[] l) {
        int n = 0;
        walkEnded = false;
        for (int t = 0; t < targetsPerBatch; t++) {
            long target = walk.next();
            if (target < 0) {
                walkEnded = true;
                break;
            }
            long rank = space.rank(target); // one division per target
            int dport = space.port(target, rank);
            if (space.isV6Rank(rank)) {
                n = writeV6(b, l, rank, dport, n);
                continue;
            }
            int dst = space.addressOfRank(rank);
            if (skip != null && skip.contains(dst)) continue;
            int src = sources[ProbeKeys.sourceIndex(dst, dport, sources.length)];
            long base = keys.base(src, dst, dport);
            long key = needsKey ? keys.v0Key(src, dst, dport) : 0; // only v0 SYNs carry it
            for (int slot = 0; slot < slots; slot++) {
                ProbeModule p = probes[slot / probesPerVersion];
                p.write(
                        b,
                        n * stride,
                        src,
                        dst,
                        dport,
                        keys.sourcePort(base, slot),
                        ProbeKeys.sequence(base, slot),
                        key);
                l[n++] = p.frameLength();
            }
        }
        return n;
    }

    /** Batches built ahead by the builder thread (pipelined mode). */
    private static final int RING = 8;

    /** Batches the builder has published and the sender has sent (pipelined mode). */
    private volatile long produced, consumed;

    private volatile boolean senderDone;

    @Override
    public void run() {
        try {
            warmUp(WARM_UP_TARGETS);
            if (pipelined) {
                runPipelined();
                return;
            }
            while (!stop.get() && System.nanoTime() < limits.deadlineNanos()) {
                int n = fill(buf, lengths);
                if (n == 0) {
                    position = walk.position(); // a batch of skipped targets: done, nothing to send
                    if (walkEnded) break;
                    continue;
                }
                limiter.acquire(n);
                if (!sendRetrying(n)) break;
                sent += n;
                position = walk.position(); // published only once the batch is out: the exact
                // resume point
            }
        } catch (SendException e) {
            failure = e;
        } finally {
            finished = true;
        }
    }

    /**
     * At the maximum rate with one sender thread and a core to spare: a builder thread walks the
     * targets and writes each batch's probes while this thread sends the one before, so this thread
     * does what the path's ceiling does (sendmmsg after sendmmsg).
     */
    private void runPipelined() throws SendException {
        int frames = targetsPerBatch * slots;
        byte[][] ringBuf = new byte[RING][frames * stride];
        int[][] ringLengths = new int[RING][frames];
        int[] ringN = new int[RING];
        long[] ringPosition = new long[RING];
        boolean[] ringEnd = new boolean[RING];
        Thread builder =
                new Thread(
                        () -> {
                            long k = 0;
                            while (!stop.get()
                                    && !senderDone
                                    && System.nanoTime() < limits.deadlineNanos()) {
                                // a full ring: sleep, not spin (a batch takes the sender
                                // about 100 µs; a spinning builder slowed it by sharing the
                                // core's resources)
                                while (k - consumed >= RING && !stop.get() && !senderDone)
                                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                                int i = (int) (k % RING);
                                ringN[i] = fill(ringBuf[i], ringLengths[i]);
                                ringPosition[i] = walk.position();
                                ringEnd[i] = walkEnded;
                                produced = ++k; // publishes the batch
                                if (walkEnded) break;
                            }
                        },
                        Thread.currentThread().getName() + "-build");
        builder.setDaemon(true);
        builder.start();
        try {
            long k = 0;
            while (!stop.get() && System.nanoTime() < limits.deadlineNanos()) {
                while (produced == k && builder.isAlive() && !stop.get()) Thread.onSpinWait();
                if (produced == k) break; // the builder stopped (stop, deadline)
                int i = (int) (k % RING);
                int n = ringN[i];
                if (n > 0) {
                    limiter.acquire(n);
                    if (!sendRetrying(ringBuf[i], ringLengths[i], n)) break;
                    sent += n;
                }
                position = ringPosition[i]; // once the batch is out: the exact resume point
                boolean end = ringEnd[i];
                consumed = ++k;
                if (end) break;
            }
        } finally {
            senderDone = true; // the builder stops (this thread ended, or failed)
            try {
                builder.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The probes of an IPv6 target at frame n of the batch; returns the next frame index. */
    private int writeV6(byte[] buf, int[] lengths, long rank, int dport, int n) {
        space.address6OfRank(rank, a6);
        long dh = a6[0], dl = a6[1];
        if (skip6 != null && skip6.contains(dh, dl)) return n;
        int si = sources6.index6(dh, dl, dport);
        long sh = sources6.v6Hi(si), sl = sources6.v6Lo(si);
        long base = keys.base6(sourceKeys6[si], dh, dl, dport);
        long key = needsKey ? keys.v0Key6(sourceKeys6[si], dh, dl, dport) : 0;
        for (int slot = 0; slot < slots; slot++) {
            ProbeModule p = probes[slot / probesPerVersion];
            p.write6(
                    buf,
                    n * stride,
                    sh,
                    sl,
                    dh,
                    dl,
                    dport,
                    keys.sourcePort(base, slot),
                    ProbeKeys.sequence(base, slot),
                    key);
            lengths[n++] = p.frameLength6();
        }
        sent6 += slots;
        return n;
    }

    /** IPv6 frames written so far (sent or about to be): the status line's per-family count. */
    private volatile long sent6;

    public long sent6() {
        return sent6;
    }

    /**
     * Sends the batch; a failed send (the link went down, say) is counted and the same batch tried
     * again after a pause, until it goes out, the scan stops, or failures pass
     * --max-sendto-failures. Retrying the batch, not skipping it, is why a failure never leaves
     * targets unprobed. Returns false when the scan was stopped before the batch went out.
     */
    private boolean sendRetrying(int n) throws SendException {
        return sendRetrying(buf, lengths, n);
    }

    private boolean sendRetrying(byte[] buf, int[] lengths, int n) throws SendException {
        while (true) {
            try {
                sink.send(buf, stride, lengths, n);
                return true;
            } catch (SendException e) {
                sendFailures += n;
                long max = limits.maxSendFailures();
                if (max >= 0 && sendFailures > max) {
                    throw max == 0
                            ? e
                            : new SendException(
                                    e.getMessage()
                                            + "; "
                                            + sendFailures
                                            + " frames failed, more than --max-sendto-failures "
                                            + max);
                }
                for (int i = 0; i < 20 && !stop.get(); i++)
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                if (stop.get()) return false;
            }
        }
    }

    /** Frames whose send failed (each failed batch counts its frames every time it is tried). */
    public long sendFailures() {
        return sendFailures;
    }

    /** Changes this thread's rate by a factor (SIGUSR1/SIGUSR2). */
    public void scaleRate(double factor) {
        limiter.scale(factor);
    }

    public double rateFactor() {
        return limiter.factor();
    }

    /** Stalls of this sender's rate limiter whose time was lost (RateLimiter.stalls). */
    public long stalls() {
        return limiter.stalls();
    }

    /** The time they lost, in nanoseconds. */
    public long stalledNanos() {
        return limiter.lostNanos();
    }

    /** Targets of this walk whose probes have all been sent. */
    public long position() {
        return position;
    }

    public long sent() {
        return sent;
    }

    public boolean finished() {
        return finished;
    }

    public SendException failure() {
        return failure;
    }

    public long retries() {
        return sink.retries();
    }
}
