package net.mptcpscan.send;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces one sender thread to a packet rate: each batch may leave one batch interval after
 * the previous one. Sleeps when the next batch is more than a millisecond away, spins
 * otherwise, so the rate holds from 1 pps (batch 1) to the sink's maximum. A rate <= 0 is
 * unlimited.
 *
 * <p>A scanner must never exceed its rate: after a stall (SIGSTOP, Ctrl-Z, a GC pause, CPU
 * starvation) the schedule restarts from now instead of repaying the missed packets in a
 * burst. Lateness of up to one batch interval (ordinary scheduling jitter) is made up, so
 * the steady rate stays exact; the most that ever leaves at once is two batches.
 */
public final class RateLimiter {
    private final double packetsPerSecond;
    private long next = System.nanoTime();
    private double carry;   // fractions of a nanosecond, so long runs keep the exact rate

    public RateLimiter(double packetsPerSecond) { this.packetsPerSecond = packetsPerSecond; }

    /** A batch size that keeps pacing fine-grained: about 2,000 batches a second at most. */
    public static int batchFor(double pps, int slots) {
        int b = pps <= 0 ? AfPacketSink.MAX_BATCH : (int) Math.max(1, Math.min(AfPacketSink.MAX_BATCH, pps / 2000));
        return Math.max(slots, b - b % slots);
    }

    /** Waits until count more packets may go. */
    public void acquire(int count) {
        if (packetsPerSecond <= 0) return;
        double exact = count * 1e9 / packetsPerSecond + carry;
        long interval = (long) exact;
        carry = exact - interval;
        long now = System.nanoTime();
        if (now - next > interval) next = now;   // stalled: continue at the rate, do not repay the debt
        long due = next;
        next += interval;
        for (;;) {
            long wait = due - System.nanoTime();
            if (wait <= 0) return;
            if (wait > 1_000_000) LockSupport.parkNanos(wait - 500_000);
            else Thread.onSpinWait();
        }
    }
}
