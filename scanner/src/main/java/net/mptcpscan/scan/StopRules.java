package net.mptcpscan.scan;

import java.io.PrintStream;

/**
 * When a scan stops before its end on its own (interrupted, resumable): replies lost beyond
 * --max-drop-rate, zmap's --min-hitrate for five seconds, zmap's -N/--max-results reached.
 */
final class StopRules {
    private final ScanOptions opt;
    private final long maxResults;
    private final PrintStream err;
    private boolean droppedTooMany, lowHitrate, enoughResults;
    private int secondsUnderMinHitrate;

    StopRules(ScanOptions opt, long maxResults, PrintStream err) {
        this.opt = opt;
        this.maxResults = maxResults;
        this.err = err;
    }

    /** Judged once a second on the counters; true when the scan must stop now. */
    boolean everySecond(Counters c, double hitRate) {
        if (!droppedTooMany && tooManyDrops(c, opt.effectiveMaxDropRate())) {
            droppedTooMany = true;
            return true;
        }
        secondsUnderMinHitrate =
                opt.minHitrate() > 0 && hitRate < opt.minHitrate() ? secondsUnderMinHitrate + 1 : 0;
        if (!lowHitrate && secondsUnderMinHitrate >= 5) {
            lowHitrate = true;
            err.printf(
                    "hit rate %.2f%% below --min-hitrate %s%% for 5 seconds: stopping%n",
                    hitRate, opt.minHitrate());
            return true;
        }
        return false;
    }

    /** Judged every 50 ms on the targets that answered with a SYN-ACK; true when -N is reached. */
    boolean often(long successes) {
        if (enoughResults || maxResults <= 0 || successes < maxResults) return false;
        enoughResults = true;
        if (!opt.quiet())
            err.printf(
                    "%,d targets answered, -N/--max-results %,d: stopping%n",
                    successes, maxResults);
        return true;
    }

    /** --min-hitrate stopped the scan (a failure, as zmap's). */
    boolean lowHitrate() {
        return lowHitrate;
    }

    /** -N/--max-results was reached: a stop the user asked for. */
    boolean enoughResults() {
        return enoughResults;
    }

    /** The scan stopped because replies were lost (it resumes from before the first loss). */
    boolean droppedTooMany() {
        return droppedTooMany;
    }

    /**
     * More than the allowed fraction of replies lost before we could read them (judged once a
     * thousand have come or gone).
     */
    static boolean tooManyDrops(Counters c, double maxDropRate) {
        long seen = c.drops() + c.received();
        return maxDropRate < 1
                && c.drops() > 0
                && seen >= 1000
                && (double) c.drops() / seen > maxDropRate;
    }
}
