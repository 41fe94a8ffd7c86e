package net.mptcpscan.send;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces one sender thread to a packet rate: batch k is due at start + k * batch / rate. Sleeps when
 * the next batch is more than a millisecond away, spins otherwise, so the rate holds from 1 pps
 * (batch 1) to the sink's maximum. A rate <= 0 is unlimited.
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
     * Batches this far apart or more absorb a park's overshoot in the catch-up margin, so they spin
     * only briefly: at 200,000 pps (a batch each millisecond) a 70 µs spin was 7% of a core.
     */
    static final long COARSE_NANOS = 400_000, COARSE_SPIN_NANOS = 15_000;

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
     * A batch size that keeps pacing fine-grained but cheap: about 1,000 batches a second at most
     * (each wake-up costs a park and a short spin: at 2,000 a second pacing took two thirds of the
     * sender's CPU at 200,000 pps, bench-results/profile-sender-200k.md).
     */
    public static int batchFor(double pps, int slots) {
        int b =
                pps <= 0
                        ? AfPacketSink.MAX_BATCH
                        : (int) Math.max(1, Math.min(AfPacketSink.MAX_BATCH, pps / 1000));
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
        long spin = interval >= COARSE_NANOS ? COARSE_SPIN_NANOS : SPIN_NANOS;
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
