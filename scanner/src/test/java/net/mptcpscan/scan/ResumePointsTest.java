package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The checkpoint a kill -9 resumes from never skips a target whose reply was not stored. */
class ResumePointsTest {
    static final long S = 1_000_000_000L;

    @Test
    void nothingStoredYetResumesFromTheStart() {
        ResumePoints r = new ResumePoints(new long[] {5, 7}, 2);
        r.mark(1 * S, 10, new long[] {100, 100});
        r.mark(5 * S, 50, new long[] {500, 500});
        assertArrayEquals(new long[] {5, 7}, r.safe(0));
    }

    @Test
    void aWriterBehindHoldsTheResumePointBack() {
        ResumePoints r = new ResumePoints(new long[] {0}, 2);
        for (int t = 1; t <= 10; t++) r.mark(t * S, t * 100L, new long[] {t * 1000L});
        // Stored what was queued by t = 6: replies received before 6 s are durable, so targets sent
        // by 4 s are safe.
        assertArrayEquals(new long[] {4000}, r.safe(600));
        // Stored all of it: targets sent a cooldown before the last mark.
        assertArrayEquals(new long[] {8000}, r.safe(1000));
    }

    @Test
    void theResumePointNeverGoesBack() {
        ResumePoints r = new ResumePoints(new long[] {0}, 1);
        for (int t = 1; t <= 5; t++) r.mark(t * S, t * 10L, new long[] {t * 10L});
        assertArrayEquals(new long[] {40}, r.safe(50));
        assertArrayEquals(
                new long[] {40}, r.safe(10), "a lower stored count (not possible) keeps the point");
    }

    @Test
    void aCooldownLongerThanTheScanKeepsTheStart() {
        ResumePoints r = new ResumePoints(new long[] {3}, 8);
        for (int t = 1; t <= 5; t++) r.mark(t * S, 0, new long[] {t * 10L});
        assertArrayEquals(new long[] {3}, r.safe(0));
    }

    @Test
    void aScanStoppedForDropsResumesFromBeforeTheFirstDrop() {
        ResumePoints r = new ResumePoints(new long[] {0}, 1, 7);
        for (int t = 1; t <= 10; t++)
            r.mark(t * S, t * 10L, new long[] {t * 100L}, t < 6 ? 7 : 7 + t); // drops begin at 6 s
        assertArrayEquals(new long[] {900}, r.safe(100), "drops aside");
        assertArrayEquals(
                new long[] {400},
                r.safeBeforeDrops(100),
                "targets sent a cooldown before the last clean mark (5 s)");
    }

    @Test
    void dropsFromTheFirstMarkResumeFromTheStart() {
        ResumePoints r = new ResumePoints(new long[] {3, 4}, 2, 0);
        for (int t = 1; t <= 10; t++) r.mark(t * S, t * 10L, new long[] {t * 100L, t * 100L}, 5);
        assertArrayEquals(new long[] {3, 4}, r.safeBeforeDrops(100));
    }
}
