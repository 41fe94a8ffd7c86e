package net.mptcpscan.store;

/** One row of the scans table. Times are epoch milliseconds; endedAt 0 while running. */
public record ScanRecord(long id, String label, String source, String status, long startedAt, long endedAt, long seed,
                         int shard, int shards, long targets, long sent, long received, long dropped,
                         long validationFailures, long repeats, String vantage, String toolVersion, String config) {
    public static final String RUNNING = "running", COMPLETE = "complete", INTERRUPTED = "interrupted", FAILED = "failed";
}
