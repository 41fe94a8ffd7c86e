package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hitlist's addresses come out sorted as unsigned 128-bit values, each once, without the blocked
 * ones and those a walked prefix covers, whatever bytes they share (the radix sort skips a byte
 * every address shares and splits on the others).
 */
class Ipv6TargetsTest {

    static Stream<Arguments> hitlists() {
        Random r = new Random(23);
        return Stream.of(
                Arguments.of("empty", pairs(0, i -> new long[] {0, 0})),
                Arguments.of("three", pairs(3, i -> new long[] {0x2001_0002_0000_0100L, 9 - i})),
                Arguments.of( // a hitlist's shape: many per /64
                        "one /64, random low halves",
                        pairs(60_000, i -> new long[] {0x2001_0002_0000_4000L, r.nextLong()})),
                Arguments.of( // parts of 1,024 and more after the first split: split again
                        "300,000 in one /64",
                        pairs(300_000, i -> new long[] {0x2001_0002_0000_4000L, r.nextLong()})),
                Arguments.of(
                        "one /64, low halves sharing all but their last byte, repeated",
                        pairs(
                                5_000,
                                i -> new long[] {0x2001_0002_0000_4000L, 0x1000 + r.nextInt(256)})),
                Arguments.of(
                        "high halves with the top bit set and not",
                        pairs(50_000, i -> new long[] {r.nextLong(), r.nextInt(3)})),
                Arguments.of( // most share a /64, some do not: no byte is skipped wrongly
                        "nine in ten in one /64",
                        pairs(
                                40_000,
                                i ->
                                        new long[] {
                                            i % 10 == 0 ? r.nextLong() : 0x2001_0002_0000_4000L,
                                            r.nextLong()
                                        })));
    }

    interface Pair {
        long[] at(int i);
    }

    static long[][] pairs(int n, Pair p) {
        long[][] out = new long[n][];
        for (int i = 0; i < n; i++) out[i] = p.at(i);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hitlists")
    void sortedUnsignedOnceEachWithoutTheBlockedOrWalked(String name, long[][] pairs) {
        Ipv6Ranges blocked =
                Ipv6Ranges.of(
                        List.of(
                                new long[] {
                                    0x2001_0002_0000_4000L,
                                    0,
                                    0x2001_0002_0000_4000L,
                                    0x0FFF_FFFF_FFFF_FFFFL
                                }));
        Ipv6Ranges walked =
                Ipv6Ranges.of(
                        List.of(new long[] {0x2001_0002_0000_0100L, 8, 0x2001_0002_0000_0100L, 8}));
        Ipv6Ranges allowed = Ipv6Ranges.ALL.minus(blocked);
        Comparator<long[]> unsigned =
                (a, b) ->
                        a[0] != b[0]
                                ? Long.compareUnsigned(a[0], b[0])
                                : Long.compareUnsigned(a[1], b[1]);
        TreeSet<long[]> want = new TreeSet<>(unsigned);
        for (long[] p : pairs)
            if (allowed.contains(p[0], p[1]) && !walked.contains(p[0], p[1])) want.add(p);
        long[] hi = new long[pairs.length], lo = new long[pairs.length];
        for (int i = 0; i < pairs.length; i++) {
            hi[i] = pairs[i][0];
            lo[i] = pairs[i][1];
        }
        Ipv6Targets t = new Ipv6Targets(hi, lo, pairs.length, walked, allowed);
        assertEquals(want.size(), t.listed());
        List<String> got = new ArrayList<>(), expected = new ArrayList<>();
        long[] out = new long[2];
        for (int i = 0; i < t.listed(); i++) {
            t.addressAt(i, out);
            got.add(Long.toHexString(out[0]) + ":" + Long.toHexString(out[1]));
        }
        for (long[] p : want) expected.add(Long.toHexString(p[0]) + ":" + Long.toHexString(p[1]));
        assertEquals(expected, got);
    }
}
