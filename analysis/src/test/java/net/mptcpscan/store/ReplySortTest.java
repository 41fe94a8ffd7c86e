package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replies sorted by target in runs, spilled and merged: the same targets, in the same order, as
 * sorting them all at once, whatever the run size.
 */
class ReplySortTest {
    /** {v6, hi, lo, port} as a comparable key in the store's order. */
    record Key(long v6, long hi, long lo, long port) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(v6, o.v6);
            if (c == 0) c = Long.compare(hi, o.hi);
            if (c == 0) c = v6 == 0 ? Long.compareUnsigned(lo, o.lo) : Long.compare(lo, o.lo);
            return c != 0 ? c : Long.compare(port, o.port);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 7, 100_000})
    void runsSpilledAndMergedGiveEveryTargetOnceInOrder(int runSize) throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        Map<Key, long[]> want = new TreeMap<>();
        try (ReplySort s = new ReplySort(runSize)) {
            for (int i = 0; i < 20_000; i++) {
                boolean v6 = r.nextInt(10) == 0;
                int addr = r.nextInt(3_000) * 0x01000193; // few targets: several replies each
                int port = r.nextBoolean() ? 443 : 80;
                int rank = 1 + r.nextInt(6), version = r.nextInt(2), ev = r.nextInt(64);
                boolean c = r.nextBoolean(), a = r.nextBoolean();
                int p = ReplySort.payload(rank, version, c, a, ev);
                Key k =
                        v6
                                ? new Key(1, 0x2001000200000000L, addr, port)
                                : new Key(0, 0, addr & 0xFFFFFFFFL, port);
                if (v6) s.add6(k.hi, k.lo, port, p);
                else s.add4(addr, port, p);
                long[] t =
                        want.computeIfAbsent(
                                k, x -> new long[] {x.v6, x.hi, x.lo, x.port, 7, 0, 0, 0, 0, 0});
                t[4] = Math.min(t[4], rank);
                if (rank == 1) {
                    t[5] |= 1L << version;
                    t[6] |= c ? 1 : 0;
                    t[7] |= a ? 1 : 0;
                }
                t[8]++;
                t[9] |= ev;
            }
            List<long[]> got = new ArrayList<>();
            s.targets(t -> got.add(t.clone()));
            List<long[]> expected = new ArrayList<>(want.values());
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++)
                assertArrayEquals(expected.get(i), got.get(i), "target " + i);
        }
    }
}
