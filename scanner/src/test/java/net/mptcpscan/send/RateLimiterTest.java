package net.mptcpscan.send;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limiter never lets more than the rate through after a stall. The assertion is an upper bound,
 * so a slow or loaded machine cannot make it fail: it can only send less.
 */
class RateLimiterTest {
    @Test
    void aStallIsNotRepaidInABurst() throws Exception {
        double pps = 10_000;
        RateLimiter l = new RateLimiter(pps);
        long start = System.nanoTime();
        while (System.nanoTime() - start < 100_000_000L) l.acquire(5); // 100 ms at the rate
        Thread.sleep(300); // the stall: 3,000 packets' worth of time
        long resumed = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - resumed < 50_000_000L) {
            l.acquire(5);
            sent += 5;
        }
        double window = (System.nanoTime() - resumed) / 1e9;
        // At the rate, 50 ms hold 500 packets (+ the catch-up margin and a batch); repaying the
        // debt would be 3,500.
        assertTrue(
                sent <= pps * window * (1 + RateLimiter.CATCH_UP) + 5,
                sent + " packets in " + window + " s after a stall");
    }

    /**
     * A short preemption is made up, never faster than the catch-up margin: the long-run rate stays
     * exact.
     */
    @Test
    void aShortDelayIsMadeUpGently() throws Exception {
        double pps = 10_000;
        RateLimiter l = new RateLimiter(pps);
        l.acquire(5);
        Thread.sleep(20); // 200 packets late: less than a stall
        long resumed = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - resumed < 20_000_000L) {
            l.acquire(5);
            sent += 5;
        }
        double window = (System.nanoTime() - resumed) / 1e9;
        assertTrue(
                sent <= pps * window * (1 + RateLimiter.CATCH_UP) + 5,
                sent + " packets in " + window + " s: not a burst");
    }

    /** A stall is counted, with the time it lost: the scan says it ran below its rate. */
    @Test
    void aStallIsCountedWithTheTimeItLost() throws Exception {
        RateLimiter l = new RateLimiter(10_000);
        l.acquire(5);
        Thread.sleep(400); // longer than STALL_NANOS
        l.acquire(5);
        assertEquals(1, l.stalls());
        assertTrue(l.lostNanos() >= 350_000_000L, l.lostNanos() + " ns");
    }

    /** A delay shorter than a stall is made up, so it is no stall. */
    @Test
    void aShortDelayIsNoStall() throws Exception {
        RateLimiter l = new RateLimiter(10_000);
        l.acquire(5);
        Thread.sleep(20);
        l.acquire(5);
        assertEquals(0, l.stalls());
        assertEquals(0, l.lostNanos());
    }

    /** Rates and frames per target (probe versions x probes per version) a scan may run with. */
    private static final String RATES =
            "1, 1\n 100, 1\n 100, 4\n 2000, 1\n 10000, 2\n 200000, 1\n 200000, 3\n 512000, 1\n"
                    + " 2000000, 1\n 2000000, 6";

    @ParameterizedTest
    @CsvSource(textBlock = RATES)
    void aBatchHoldsWholeTargets(double pps, int slots) {
        int b = RateLimiter.batchFor(pps, slots);
        assertTrue(b >= slots && b % slots == 0, b + " frames for targets of " + slots);
    }

    @ParameterizedTest
    @CsvSource(textBlock = RATES)
    void aBatchIsAtMostTwoMillisecondsOfTheRate(double pps, int slots) {
        // Bursts stay short: one target's probes may be more (1 pps), a batch never more than that.
        int b = RateLimiter.batchFor(pps, slots);
        assertTrue(b <= Math.max(slots, pps * 0.002), b + " frames at " + pps + " pps");
    }

    @ParameterizedTest
    @CsvSource(textBlock = RATES)
    void pacingWakesAtMost500TimesASecondUpToTheLargestBatch(double pps, int slots) {
        int b = RateLimiter.batchFor(pps, slots);
        double perSecond = pps / b;
        assertTrue(
                perSecond <= 500 * (1 + (double) slots / b)
                        || b >= RateLimiter.MAX_PACED_BATCH - slots,
                b + " frames at " + pps + " pps: " + perSecond + " batches a second");
    }

    @Test
    void anUnlimitedRateSendsFullBatches() {
        assertEquals(AfPacketSink.MAX_BATCH, RateLimiter.batchFor(0, 1));
    }
}
