package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The permutation is a bijection, and shards x threads split a whole space disjointly and
 * completely.
 */
class TargetSpaceTest {
    @Test
    void permutationIsABijectionForEverySmallSize() {
        for (long n = 1; n <= 3000; n++) {
            Permutation p = new Permutation(n, n * 31 + 7);
            BitSet seen = new BitSet((int) n);
            for (long x = 0; x < n; x++) {
                long y = p.map(x);
                assertTrue(y >= 0 && y < n, "in range");
                assertFalse(seen.get((int) y), "n=" + n + ": " + y + " twice");
                seen.set((int) y);
            }
        }
    }

    @Test
    void permutationShufflesAndDependsOnTheSeed() {
        long n = 1 << 20;
        Permutation a = new Permutation(n, 1), b = new Permutation(n, 2);
        int same = 0, inPlace = 0;
        for (long x = 0; x < 10_000; x++) {
            if (a.map(x) == b.map(x)) same++;
            if (a.map(x) == x) inPlace++;
        }
        assertTrue(same < 10, "different seeds, different orders");
        assertTrue(inPlace < 10, "not the identity");
        assertEquals(
                new Permutation(n, 1).map(12345), a.map(12345), "the same seed, the same order");
    }

    /**
     * The walk's order does not change between versions (a scan started by one is resumed by the
     * next): the permutation equals the Feistel network with plain divisions, at sizes up to the
     * whole IPv4 space times 1,000 ports.
     */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(longs = {7, 65_536, 3_702_258_432L, 4_294_967_296L * 1000})
    void permutationIsTheFeistelNetworkWithPlainDivisions(long n) {
        Permutation p = new Permutation(n, 42);
        long a = Math.max(1, (long) Math.ceil(Math.sqrt((double) n)) - 1);
        long b = Math.max(1, (long) Math.ceil(Math.sqrt((double) n)) + 1);
        while (a * b < n) b++;
        long[] keys = new long[4];
        long s = 42;
        for (int i = 0; i < 4; i++) keys[i] = Permutation.mix(s += 0x9E3779B97F4A7C15L);
        for (long x = 0; x < Math.min(n, 100_000); x++) {
            long y = referenceEncrypt(x, a, b, keys);
            while (y >= n) y = referenceEncrypt(y, a, b, keys);
            assertEquals(y, p.map(x), "x = " + x);
        }
    }

    private static long referenceEncrypt(long m, long a, long b, long[] keys) {
        long l = m % a, r = m / a;
        for (int j = 0; j < 4; j++) {
            long mod = (j & 1) == 0 ? a : b;
            long t = l + (((Permutation.mix(r ^ keys[j]) >>> 32) * mod) >>> 32);
            if (t >= mod) t -= mod;
            l = r;
            r = t;
        }
        return a * r + l;
    }

    /**
     * Every target of a whole /12 x 2 ports (2,097,152 targets), for several shard and thread
     * splits.
     */
    @Test
    void shardsAndThreadsAreDisjointAndComplete() {
        Ipv4RangeSet addrs =
                TargetParser.parseBlock("198.16.0.0/12")
                        .minus(TargetParser.parseBlock("198.18.0.0/15"));
        TargetSpace space = new TargetSpace(addrs, new int[] {80, 443}, 99);
        long n = space.size();
        assertEquals((1L << 20) * 2 - (1L << 17) * 2, n);
        for (int[] split :
                List.of(new int[] {1, 1}, new int[] {3, 1}, new int[] {4, 2}, new int[] {7, 3})) {
            BitSet seen = new BitSet((int) n);
            long count = 0;
            for (int shard = 0; shard < split[0]; shard++) {
                for (int t = 0; t < split[1]; t++) {
                    TargetSpace.Walk w =
                            space.walk(shard, split[0], t, split[1], 0, Long.MAX_VALUE);
                    long total = w.total(), got = 0;
                    for (long x; (x = w.next()) >= 0; got++) {
                        assertFalse(
                                seen.get((int) x),
                                "target "
                                        + x
                                        + " twice with "
                                        + split[0]
                                        + " shards x "
                                        + split[1]
                                        + " threads");
                        seen.set((int) x);
                        int a = space.address(x);
                        assertFalse(
                                TargetParser.parseBlock("198.18.0.0/15").contains(a),
                                "a blocked address was walked");
                    }
                    assertEquals(total, got, "walk.total() is what the walk hands out");
                    count += got;
                }
            }
            assertEquals(n, count, "every target once");
            assertEquals(n, seen.cardinality());
        }
    }

    @Test
    void aWalkResumesExactlyWhereItStopped() {
        TargetSpace space =
                new TargetSpace(TargetParser.parseBlock("198.18.0.0/20"), new int[] {443}, 5);
        TargetSpace.Walk first = space.walk(0, 1, 0, 1, 0, Long.MAX_VALUE);
        BitSet seen = new BitSet();
        for (int i = 0; i < 1000; i++) seen.set((int) first.next());
        TargetSpace.Walk rest = space.walk(0, 1, 0, 1, first.position(), Long.MAX_VALUE);
        for (long x; (x = rest.next()) >= 0; ) {
            assertFalse(seen.get((int) x));
            seen.set((int) x);
        }
        assertEquals(4096, seen.cardinality());
    }

    @Test
    void maxTargetsCapsAWalk() {
        TargetSpace space =
                new TargetSpace(TargetParser.parseBlock("198.18.0.0/20"), new int[] {443}, 5);
        TargetSpace.Walk w = space.walk(0, 1, 0, 1, 0, 100);
        int n = 0;
        while (w.next() >= 0) n++;
        assertEquals(100, n);
    }
}
