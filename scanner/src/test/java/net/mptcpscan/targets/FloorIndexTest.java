package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bucket index must answer exactly what a binary search over the keys answers (the last key at
 * or below the value), whatever the keys' spread: the sender maps every target's rank through it.
 */
class FloorIndexTest {

    static Stream<Arguments> keySets() {
        Random r = new Random(7);
        long[] spread = r.longs(5_000, 0, 1L << 32).sorted().distinct().toArray();
        long[] clustered = // many keys inside one bucket of a 2^32 span, then one far away
                LongStream.concat(
                                LongStream.range(0, 3_000).map(i -> 1_000_000 + 2 * i),
                                LongStream.of(4_000_000_000L))
                        .toArray();
        return Stream.of(
                Arguments.of("one key at 0, span 2^32", new long[] {0}, 1L << 32),
                Arguments.of(
                        "keys above the smallest values", new long[] {5, 9, 1L << 31}, 1L << 32),
                Arguments.of("5,000 keys spread over 2^32", spread, 1L << 32),
                Arguments.of("3,000 keys in one bucket, one far", clustered, 1L << 32),
                Arguments.of("a span smaller than the bucket count", new long[] {0, 1, 2, 5}, 6),
                Arguments.of("no keys", new long[0], 1L << 32),
                Arguments.of(
                        "keys in the last bucket",
                        new long[] {0, (1L << 32) - 3, (1L << 32) - 1},
                        1L << 32),
                // Ipv6Ranges: ranks saturate at Long.MAX_VALUE, so keys may repeat it
                Arguments.of(
                        "a span of 2^63 - 1, repeated last keys",
                        new long[] {0, 1L << 40, Long.MAX_VALUE, Long.MAX_VALUE},
                        Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keySets")
    void floorIsTheLastKeyAtOrBelowTheValue(String name, long[] keys, long span) {
        FloorIndex index = new FloorIndex(keys, span);
        Random r = new Random(11);
        long[] values =
                LongStream.concat(
                                Arrays.stream(keys).flatMap(k -> LongStream.of(k - 1, k, k + 1)),
                                LongStream.concat(
                                        LongStream.of(0, 1, span - 2, span - 1),
                                        r.longs(20_000, 0, span)))
                        .filter(v -> v >= 0 && v < span)
                        .toArray();
        for (long v : values) assertEquals(reference(keys, v), index.floor(v), "floor(" + v + ")");
    }

    /** The last i with keys[i] <= v, or -1: a linear scan, independent of the index. */
    private static int reference(long[] keys, long v) {
        int i = -1;
        while (i + 1 < keys.length && keys[i + 1] <= v) i++;
        return i;
    }
}
