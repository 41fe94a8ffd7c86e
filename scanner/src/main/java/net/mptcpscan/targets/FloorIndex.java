package net.mptcpscan.targets;

/**
 * Which range a value falls in, in about constant time: over sorted keys (range starts, or the
 * ranks where ranges begin), floor(v) is the last i with keys[i] <= v. A plain binary search took
 * 25 ns per target with the default blocklist's 16 ranges and 117 ns with 4,291 (an opt-out list of
 * 5,000 /24s), its branches mispredicted at random: that was more than the rest of a probe's own
 * work. Here the value's top bits pick a bucket, which already knows the first key at or below its
 * start; a binary search is left only for the keys inside that bucket, usually none.
 */
final class FloorIndex {
    /** At most 2^16 buckets (256 KiB), about four per key below that. */
    private static final int MAX_BUCKET_BITS = 16;

    private final long[] keys;
    private final int shift;

    /**
     * floors[b] = floor(b << shift); one more entry closes the last bucket. A bucket's floor is
     * where its search begins, the next bucket's where it ends.
     */
    private final int[] floors;

    /** keys sorted ascending (not copied: callers own immutable arrays); span > every value. */
    FloorIndex(long[] keys, long span) {
        this.keys = keys;
        span = Math.max(1, span);
        int bucketBits =
                Math.min(
                        MAX_BUCKET_BITS,
                        64 - Long.numberOfLeadingZeros(Math.max(1, keys.length)) + 2);
        int spanBits = 64 - Long.numberOfLeadingZeros(Math.max(1, span - 1));
        shift = Math.max(0, spanBits - bucketBits);
        int buckets = (int) Math.min(1L << bucketBits, ((span - 1) >>> shift) + 1);
        floors = new int[buckets + 1];
        int i = -1;
        for (int b = 0; b < buckets; b++) {
            long v = (long) b << shift; // at most span - 1
            while (i + 1 < keys.length && keys[i + 1] <= v) i++;
            floors[b] = i;
        }
        floors[buckets] = keys.length - 1; // (buckets << shift may not fit in a long)
    }

    /** The last i with keys[i] <= v, or -1 when every key is above v; 0 <= v < span. */
    int floor(long v) {
        int b = (int) (v >>> shift);
        int lo = floors[b], hi = floors[b + 1];
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keys[mid] <= v) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
