package net.mptcpscan.send;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces one sender thread to a packet rate: batch k is due at start + k * batch / rate. Sleeps
 * until the batch is due, and spins only its last stretch when batches are less than COARSE_NANOS
 * apart, so the rate holds from 1 pps (batch 1) to the sink's maximum. A rate <= 0 is unlimited.
 *
 * <p>A scanner must never exceed its rate by more than a little. A thread preempted for a few
 * milliseconds (a busy machine) makes up the lost batches at most {@link #CATCH_UP} faster than the
 * rate, so the steady rate stays exact without bursts; after a stall longer than {@link
 * #STALL_NANOS} (SIGSTOP, Ctrl-Z, a long GC pause) the schedule restarts from now and the missed
 * packets are not sent at all.
 */
public final class RateLimiter {
    /** Making up for lateness, at most this fraction above the rate. */
    static final double CATCH_UP = 0.25;

    /** Later than this, the time is lost rather than made up. */
    static final long STALL_NANOS = 250_000_000;

    /** The last stretch before a batch is due is spun, not slept (a park overshoots ~50 µs). */
    static final long SPIN_NANOS = 70_000;

    /**
     * Batches this far apart or more (every paced rate up to 2.5M pps) do not spin at all: the
     * park's overshoot delays every batch alike, so the rate holds, and a late one is made up in
     * the catch-up margin. At 200,000 pps and a batch each millisecond, a 70 µs spin was 7% of a
     * core; a 15 µs one still cost 6% of the process's CPU per probe (1.34 -> 1.26 CPU s per
     * million, medians of 9 alternating rounds).
     */
    static final long COARSE_NANOS = 400_000;

    private final double packetsPerSecond;

    /** Set from a signal handler (SIGUSR1/SIGUSR2), read by the sender thread. */
    private volatile double factor = 1;

    /**
     * Stalls whose time was lost, and that time in all (written by the sender thread only, read at
     * the end): a scan that ran below its rate says so.
     */
    private volatile long stalls, lostNanos;

    private long next, earliest;
    private boolean started;
    private double carry; // fractions of a nanosecond, so long runs keep the exact rate

    public RateLimiter(double packetsPerSecond) {
        this.packetsPerSecond = packetsPerSecond;
    }

    /**
     * Paced batches a second, at most: each wake-up costs a park, a timer and caches gone cold
     * while the core slept. At 200,000 pps, 500 batches a second (400 frames every 2 ms) took 8%
     * less CPU per probe than 1,000 (1.59 -> 1.46 CPU s per million, medians of 5 alternating
     * rounds); 250 saved no more. (At 2,000 a second pacing took two thirds of the sender's CPU,
     * bench-results/profile-sender-200k.md.)
     */
    static final int BATCHES_PER_SECOND = 500;

    /** A paced batch's most frames (the sink sends them MAX_BATCH to a sendmmsg call). */
    static final int MAX_PACED_BATCH = 1024;

    /**
     * Frames a batch: about 1/BATCHES_PER_SECOND of a second at the rate, a whole number of targets
     * (slots frames each), at least one target; MAX_BATCH unpaced.
     */
    public static int batchFor(double pps, int slots) {
        int b =
                pps <= 0
                        ? AfPacketSink.MAX_BATCH
                        : (int) Math.max(1, Math.min(MAX_PACED_BATCH, pps / BATCHES_PER_SECOND));
        return Math.max(slots, b - b % slots);
    }

    public void scale(double by) {
        factor = Math.max(0.01, Math.min(100, factor * by));
    }

    public double factor() {
        return factor;
    }

    /** Stalls longer than STALL_NANOS so far: their time was not made up. */
    public long stalls() {
        return stalls;
    }

    /** The time those stalls lost, in nanoseconds. */
    public long lostNanos() {
        return lostNanos;
    }

    /** Waits until count more packets may go. */
    public void acquire(int count) {
        if (packetsPerSecond <= 0) return;
        double exact = count * 1e9 / (packetsPerSecond * factor) + carry;
        long interval = (long) exact;
        carry = exact - interval;
        if (!started) { // the schedule starts with the first batch, not when the sender was built
            started = true;
            next = earliest = System.nanoTime();
        }
        long late = System.nanoTime() - next;
        if (late > STALL_NANOS) { // stalled: go on at the rate, do not repay
            stalls++;
            lostNanos += late;
            next = System.nanoTime();
        }
        long due = Math.max(next, earliest);
        next += interval;
        long spin = interval >= COARSE_NANOS ? 0 : SPIN_NANOS;
        long now;
        for (; ; ) {
            now = System.nanoTime();
            long wait = due - now;
            if (wait <= 0) break;
            // Sleeping, not spinning, for most of the wait: a busy machine preempts a spinner for
            // milliseconds.
            if (wait > spin + 20_000) LockSupport.parkNanos(wait - spin);
            else Thread.onSpinWait();
        }
        earliest = now + (long) (interval / (1 + CATCH_UP));
    }
}
