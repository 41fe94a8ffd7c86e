package net.mptcpscan.targets;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.wire.IpAddress;

/**
 * An immutable set of IPv6 addresses as sorted, disjoint, non-adjacent intervals (inclusive, the
 * 128-bit values compared unsigned): blocklists, allowlists and the prefixes a scan walks. Like
 * {@link Ipv4RangeSet}, a rank in [0, size) maps to an address, so a walked prefix is never held
 * address by address; a set too large to walk reports a size of Long.MAX_VALUE.
 */
public final class Ipv6Ranges {
    /** Interval i is [(sh[i], sl[i]), (eh[i], el[i])]. */
    private final long[] sh, sl, eh, el, cumulative;

    /** A rank's range (addressAt) without a binary search over every range. */
    private final FloorIndex byRank;

    private final long size;

    public static final Ipv6Ranges NONE = new Ipv6Ranges(List.of());
    public static final Ipv6Ranges ALL = new Ipv6Ranges(List.of(new long[] {0, 0, -1, -1}));

    private Ipv6Ranges(List<long[]> merged) {
        int n = merged.size();
        sh = new long[n];
        sl = new long[n];
        eh = new long[n];
        el = new long[n];
        cumulative = new long[n];
        long c = 0;
        for (int i = 0; i < n; i++) {
            long[] r = merged.get(i);
            sh[i] = r[0];
            sl[i] = r[1];
            eh[i] = r[2];
            el[i] = r[3];
            cumulative[i] = c;
            long span = span(r);
            c = (span == Long.MAX_VALUE || c > Long.MAX_VALUE - span) ? Long.MAX_VALUE : c + span;
        }
        size = c;
        byRank = new FloorIndex(cumulative, size);
    }

    /** Addresses in [start, end], or Long.MAX_VALUE when 2^63 - 1 or more. */
    private static long span(long[] r) {
        long dh = r[2] - r[0], dl = r[3] - r[1];
        if (Long.compareUnsigned(r[3], r[1]) < 0) dh--; // borrow
        if (dh != 0 || dl < 0 || dl == Long.MAX_VALUE) return Long.MAX_VALUE;
        return dl + 1;
    }

    static int compare(long ah, long al, long bh, long bl) {
        int c = Long.compareUnsigned(ah, bh);
        return c != 0 ? c : Long.compareUnsigned(al, bl);
    }

    /**
     * Normalises (startHi, startLo, endHi, endLo) intervals: sorts, merges overlapping and
     * adjacent.
     */
    public static Ipv6Ranges of(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            if (compare(r[0], r[1], r[2], r[3]) > 0) continue;
            if (!merged.isEmpty()) {
                long[] last = merged.get(merged.size() - 1);
                // adjacent or overlapping: start <= last end + 1
                boolean lastIsMax = last[2] == -1 && last[3] == -1;
                long nh = last[3] == -1 ? last[2] + 1 : last[2], nl = last[3] + 1;
                if (lastIsMax || compare(r[0], r[1], nh, nl) <= 0) {
                    if (compare(r[2], r[3], last[2], last[3]) > 0) {
                        last[2] = r[2];
                        last[3] = r[3];
                    }
                    continue;
                }
            }
            merged.add(r.clone());
        }
        return new Ipv6Ranges(merged);
    }

    /** A prefix: network/length, host bits ignored. */
    public static long[] prefix(IpAddress network, int length) {
        long mh = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long ml = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        long h = network.hi() & mh, l = network.lo() & ml;
        return new long[] {h, l, h | ~mh, l | ~ml};
    }

    public List<long[]> ranges() {
        List<long[]> r = new ArrayList<>(sh.length);
        for (int i = 0; i < sh.length; i++) r.add(new long[] {sh[i], sl[i], eh[i], el[i]});
        return r;
    }

    public Ipv6Ranges union(Ipv6Ranges o) {
        List<long[]> all = ranges();
        all.addAll(o.ranges());
        return of(all);
    }

    /** This set without the addresses of o. */
    public Ipv6Ranges minus(Ipv6Ranges o) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < sh.length; i++) {
            long s0 = sh[i], s1 = sl[i];
            boolean done = false;
            for (int k = 0; k < o.sh.length && !done; k++) {
                // o's interval k entirely before the rest of ours, or after it
                if (compare(o.eh[k], o.el[k], s0, s1) < 0) continue;
                if (compare(o.sh[k], o.sl[k], eh[i], el[i]) > 0) break;
                if (compare(o.sh[k], o.sl[k], s0, s1) > 0) {
                    long ph = o.sl[k] == 0 ? o.sh[k] - 1 : o.sh[k], pl = o.sl[k] - 1;
                    out.add(new long[] {s0, s1, ph, pl});
                }
                if (compare(o.eh[k], o.el[k], eh[i], el[i]) >= 0) done = true;
                else {
                    s0 = o.el[k] == -1 ? o.eh[k] + 1 : o.eh[k];
                    s1 = o.el[k] + 1;
                }
            }
            if (!done) out.add(new long[] {s0, s1, eh[i], el[i]});
        }
        return of(out);
    }

    public Ipv6Ranges intersect(Ipv6Ranges o) {
        return minus(minus(o));
    }

    public boolean contains(long hi, long lo) {
        int a = 0, b = sh.length - 1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            if (compare(sh[m], sl[m], hi, lo) > 0) b = m - 1;
            else if (compare(eh[m], el[m], hi, lo) < 0) a = m + 1;
            else return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return sh.length == 0;
    }

    /** Addresses in the set (Long.MAX_VALUE when too many to count in a long). */
    public long size() {
        return size;
    }

    public int rangeCount() {
        return sh.length;
    }

    /** The address of the given rank: out[0] its high, out[1] its low 64 bits. */
    public void addressAt(long rank, long[] out) {
        int a = byRank.floor(rank);
        long off = rank - cumulative[a], lo = sl[a] + off;
        out[0] = Long.compareUnsigned(lo, sl[a]) < 0 ? sh[a] + 1 : sh[a];
        out[1] = lo;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sh.length && i < 8; i++)
            sb.append(i == 0 ? "" : ", ")
                    .append(IpAddress.v6(sh[i], sl[i]))
                    .append('-')
                    .append(IpAddress.v6(eh[i], el[i]));
        return sb.append(']').toString();
    }
}
