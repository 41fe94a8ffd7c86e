package net.mptcpscan.send;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces one sender thread to a packet rate: batch k may leave at start + k*batch/rate.
 * Sleeps when the next batch is more than a millisecond away, spins otherwise, so the
 * rate holds from 1 pps (batch 1) to the sink's maximum (batch 64). A rate <= 0 is unlimited.
 */
public final class RateLimiter {
    private final double packetsPerSecond;
    private final long start = System.nanoTime();
    private long sent;

    public RateLimiter(double packetsPerSecond) { this.packetsPerSecond = packetsPerSecond; }

    /** A batch size that keeps pacing fine-grained: about 2,000 batches a second at most. */
    public static int batchFor(double pps, int slots) {
        int b = pps <= 0 ? AfPacketSink.MAX_BATCH : (int) Math.max(1, Math.min(AfPacketSink.MAX_BATCH, pps / 2000));
        return Math.max(slots, b - b % slots);
    }

    /** Waits until count more packets may go. */
    public void acquire(int count) {
        if (packetsPerSecond <= 0) return;
        long due = start + (long) (sent * 1e9 / packetsPerSecond);
        sent += count;
        for (;;) {
            long wait = due - System.nanoTime();
            if (wait <= 0) return;
            if (wait > 1_000_000) LockSupport.parkNanos(wait - 500_000);
            else Thread.onSpinWait();
        }
    }
}
