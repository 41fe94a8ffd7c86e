package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.mptcpscan.scan.TargetSetup;
import net.mptcpscan.wire.Ipv4;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rank to address and address membership, at every range's edges, for the sets scans walk: the
 * whole space, the space without the default blocklist, and that with a large opt-out list (the
 * sets whose lookups go through the bucket index rather than a search).
 */
class Ipv4RangeSetTest {

    static Stream<Arguments> sets() throws Exception {
        Ipv4RangeSet allowed = Ipv4RangeSet.ALL.minus(TargetSetup.blocklist(null));
        Random r = new Random(3);
        List<long[]> optOuts = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long s = r.nextLong() & 0xFFFFFF00L;
            optOuts.add(new long[] {s, s + 255});
        }
        for (int i = 0; i < 500; i++) { // single addresses: ranges of one
            long a = r.nextLong() & 0xFFFFFFFFL;
            optOuts.add(new long[] {a, a});
        }
        return Stream.of(
                Arguments.of("the whole space", Ipv4RangeSet.ALL),
                Arguments.of("without the default blocklist", allowed),
                Arguments.of("and without 5,500 opt-outs", allowed.minus(Ipv4RangeSet.of(optOuts))),
                Arguments.of(
                        "the first and the last address only",
                        Ipv4RangeSet.of(
                                List.of(
                                        new long[] {0, 0},
                                        new long[] {0xFFFFFFFFL, 0xFFFFFFFFL}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void eachRangesFirstAndLastRankGiveItsFirstAndLastAddress(String name, Ipv4RangeSet set) {
        long rank = 0;
        for (long[] range : set.ranges()) {
            assertEquals((int) range[0], set.addressAt(rank), "first rank of " + show(range));
            rank += range[1] - range[0];
            assertEquals((int) range[1], set.addressAt(rank), "last rank of " + show(range));
            rank++;
        }
        assertEquals(set.size(), rank);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void anAddressIsInTheSetExactlyWhenInsideOneOfItsRanges(String name, Ipv4RangeSet set) {
        for (long[] range : set.ranges()) { // ranges are disjoint and never adjacent
            if (range[0] > 0) assertFalse(set.contains((int) (range[0] - 1)), show(range));
            assertTrue(set.contains((int) range[0]), show(range));
            assertTrue(set.contains((int) range[1]), show(range));
            if (range[1] < 0xFFFFFFFFL)
                assertFalse(set.contains((int) (range[1] + 1)), show(range));
        }
    }

    private static String show(long[] range) {
        return Ipv4.toString((int) range[0]) + "-" + Ipv4.toString((int) range[1]);
    }
}
