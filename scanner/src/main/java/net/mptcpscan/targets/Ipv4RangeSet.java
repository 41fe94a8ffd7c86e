package net.mptcpscan.targets;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.wire.Ipv4;

/**
 * An immutable set of IPv4 addresses as sorted, disjoint, non-adjacent ranges (unsigned,
 * inclusive). Maps a rank in [0, size) to the address of that rank through its range's cumulative
 * size: the permutation walks ranks, so blocked space is never visited rather than visited and
 * skipped.
 */
public final class Ipv4RangeSet implements AddressSource {
    private final long[] starts, ends, cumulative; // cumulative[i] = addresses in ranges before i
    private final long size;

    /** Finds an address's range (contains) and a rank's (addressAt) without a binary search. */
    private final FloorIndex byAddress, byRank;

    private Ipv4RangeSet(long[] starts, long[] ends) {
        this.starts = starts;
        this.ends = ends;
        cumulative = new long[starts.length];
        long c = 0;
        for (int i = 0; i < starts.length; i++) {
            cumulative[i] = c;
            c += ends[i] - starts[i] + 1;
        }
        size = c;
        byAddress = new FloorIndex(starts, 1L << 32);
        byRank = new FloorIndex(cumulative, size);
    }

    public static final Ipv4RangeSet ALL =
            new Ipv4RangeSet(new long[] {0}, new long[] {0xFFFFFFFFL});

    /** Normalises any list of (start, end) ranges: sorts, merges overlapping and adjacent ones. */
    public static Ipv4RangeSet of(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            if (r[0] > r[1]) continue;
            if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1] + 1) {
                long[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else merged.add(new long[] {r[0], r[1]});
        }
        long[] s = new long[merged.size()], e = new long[merged.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = merged.get(i)[0];
            e[i] = merged.get(i)[1];
        }
        return new Ipv4RangeSet(s, e);
    }

    public static Ipv4RangeSet cidr(int network, int prefix) {
        long n = Ipv4.unsigned(network), span = 1L << (32 - prefix);
        long start = n & ~(span - 1) & 0xFFFFFFFFL;
        return of(List.<long[]>of(new long[] {start, start + span - 1}));
    }

    public Ipv4RangeSet union(Ipv4RangeSet o) {
        List<long[]> all = ranges();
        all.addAll(o.ranges());
        return of(all);
    }

    /** This set without the addresses of o. */
    public Ipv4RangeSet minus(Ipv4RangeSet o) {
        List<long[]> out = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < starts.length; i++) {
            long s = starts[i], e = ends[i];
            while (j < o.starts.length && o.ends[j] < s) j++;
            int k = j;
            while (s <= e && k < o.starts.length && o.starts[k] <= e) {
                if (o.starts[k] > s) out.add(new long[] {s, o.starts[k] - 1});
                s = Math.max(s, o.ends[k] + 1);
                k++;
            }
            if (s <= e) out.add(new long[] {s, e});
        }
        return of(out);
    }

    public Ipv4RangeSet intersect(Ipv4RangeSet o) {
        return minus(minus(o));
    }

    @Override
    public long size() {
        return size;
    }

    public int rangeCount() {
        return starts.length;
    }

    @Override
    public int addressAt(long rank) {
        if (rank < 0 || rank >= size)
            throw new IndexOutOfBoundsException("rank " + rank + " of " + size);
        int i = byRank.floor(rank);
        return (int) (starts[i] + (rank - cumulative[i]));
    }

    public boolean contains(int address) {
        long a = Ipv4.unsigned(address);
        int i = byAddress.floor(a);
        return i >= 0 && a <= ends[i];
    }

    public List<long[]> ranges() {
        List<long[]> r = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) r.add(new long[] {starts[i], ends[i]});
        return r;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < starts.length && i < 8; i++)
            sb.append(i == 0 ? "" : ", ")
                    .append(Ipv4.toString((int) starts[i]))
                    .append('-')
                    .append(Ipv4.toString((int) ends[i]));
        if (starts.length > 8) sb.append(", ... ").append(starts.length - 8).append(" more");
        return sb.append("] (").append(size).append(" addresses)").toString();
    }
}
