package net.mptcpscan.targets;

/**
 * The IPv6 targets of a scan, addressable by rank like {@link AddressSource}: the addresses of
 * hitlists (-I) as two sorted arrays of 64-bit halves (16 bytes an address, no hash set), then the
 * prefixes walked (at most 2^32 addresses each), with duplicates and blocked addresses dropped.
 */
public final class Ipv6Targets {
    private final long[] hi,
            lo; // [0, listed) sorted unsigned, unique; the arrays given, not copied
    private final int listed;
    private final Ipv6Ranges walked;
    private final long size;

    public static final Ipv6Targets NONE =
            new Ipv6Targets(new long[0], new long[0], 0, Ipv6Ranges.NONE, Ipv6Ranges.ALL);

    /**
     * Takes ownership of the n addresses in hi/lo (in any order): sorts them, drops duplicates,
     * those outside allowed and those inside walked (walked lists them already).
     */
    public Ipv6Targets(long[] hi, long[] lo, int n, Ipv6Ranges walked, Ipv6Ranges allowed) {
        radixSort(hi, lo, 0, n, 0);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && hi[i] == hi[m - 1] && lo[i] == lo[m - 1]) continue;
            if (!allowed.contains(hi[i], lo[i]) || walked.contains(hi[i], lo[i])) continue;
            hi[m] = hi[i];
            lo[m] = lo[i];
            m++;
        }
        // kept in the arrays read (no copy: a 10-million-line hitlist would need 160 MB more)
        this.hi = hi;
        this.lo = lo;
        this.listed = m;
        this.walked = walked;
        this.size = m + walked.size();
    }

    public long size() {
        return size;
    }

    /** Addresses from hitlists (the rest are walked prefixes). */
    public int listed() {
        return listed;
    }

    public Ipv6Ranges walked() {
        return walked;
    }

    /** The address of the given rank into out[0] (high half) and out[1] (low half). */
    public void addressAt(long rank, long[] out) {
        if (rank < listed) {
            out[0] = hi[(int) rank];
            out[1] = lo[(int) rank];
        } else walked.addressAt(rank - listed, out);
    }

    /**
     * Below this many addresses a range is quicksorted rather than split by its next byte: a split
     * costs three 256-entry tables and two passes, worth it only for ranges well above 256.
     */
    private static final int RADIX_MIN = 1024;

    /**
     * Sorts the pairs [from, to) as unsigned 128-bit values, in place (no scratch arrays: a
     * hitlist's two arrays are 160 MB at 10 million), by their bytes from the most significant
     * (byte 0 of hi) on: a range is split into 256 parts by byte k, then each part by byte k + 1. A
     * byte the whole range shares costs one counting pass (a hitlist's addresses share most of
     * their /64). 10 million addresses in one /64, with the pass that drops duplicates: 1.25-1.4 s,
     * against 1.65-1.8 s with the quicksort alone.
     */
    private static void radixSort(long[] hi, long[] lo, int from, int to, int k) {
        if (to - from < RADIX_MIN) {
            if (to - from > 1) sort(hi, lo, from, to - 1);
            return;
        }
        int[] count = new int[256];
        for (; k < 16; k++) {
            java.util.Arrays.fill(count, 0);
            for (int i = from; i < to; i++) count[digit(hi, lo, i, k)]++;
            if (count[digit(hi, lo, from, k)] < to - from) break; // else: one value, next byte
        }
        if (k == 16) return; // every pair the same
        int[] next = new int[256], end = new int[256];
        for (int d = 0, at = from; d < 256; d++) {
            next[d] = at;
            at += count[d];
            end[d] = at;
        }
        // Each misplaced pair is swapped into its part until the part's next pair belongs there.
        for (int d = 0; d < 256; d++) {
            while (next[d] < end[d]) {
                int i = next[d], x = digit(hi, lo, i, k);
                if (x == d) next[d]++;
                else swap(hi, lo, i, next[x]++);
            }
        }
        if (k == 15) return; // the last byte: each part holds one value
        for (int d = 0, at = from; d < 256; d++) {
            radixSort(hi, lo, at, at + count[d], k + 1);
            at += count[d];
        }
    }

    /** Byte k (0 the most significant) of the 128-bit value at i. */
    private static int digit(long[] hi, long[] lo, int i, int k) {
        return k < 8
                ? (int) (hi[i] >>> (56 - 8 * k)) & 0xFF
                : (int) (lo[i] >>> (120 - 8 * k)) & 0xFF;
    }

    /** In-place quicksort of the pairs (hi[i], lo[i]) as unsigned 128-bit values. */
    private static void sort(long[] hi, long[] lo, int a, int b) {
        while (a < b) {
            if (b - a < 16) {
                for (int i = a + 1; i <= b; i++)
                    for (int j = i;
                            j > a && Ipv6Ranges.compare(hi[j - 1], lo[j - 1], hi[j], lo[j]) > 0;
                            j--) swap(hi, lo, j, j - 1);
                return;
            }
            int m = (a + b) >>> 1;
            long ph = hi[m], pl = lo[m];
            int i = a, j = b;
            while (i <= j) {
                while (Ipv6Ranges.compare(hi[i], lo[i], ph, pl) < 0) i++;
                while (Ipv6Ranges.compare(hi[j], lo[j], ph, pl) > 0) j--;
                if (i <= j) swap(hi, lo, i++, j--);
            }
            // recurse into the smaller half, loop on the larger: bounded stack depth
            if (j - a < b - i) {
                sort(hi, lo, a, j);
                a = i;
            } else {
                sort(hi, lo, i, b);
                b = j;
            }
        }
    }

    private static void swap(long[] hi, long[] lo, int i, int j) {
        long t = hi[i];
        hi[i] = hi[j];
        hi[j] = t;
        t = lo[i];
        lo[i] = lo[j];
        lo[j] = t;
    }
}
