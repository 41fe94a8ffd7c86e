package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sender's division by multiplication is exact: the permutation's halves and a target's address
 * and port come from it, so one quotient off would probe another target than the stored walk says
 * (and a resumed scan would skip some and probe others twice).
 */
class DivisorTest {
    @ParameterizedTest(name = "divisor {0}")
    @ValueSource(
            longs = {
                1,
                2,
                3,
                7,
                // 49, 103 and 60,845 (the permutation's half for a space of 3.7e9): their 1/d
                // rounds down, so the product falls just short of many of their multiples
                49,
                103,
                1000,
                60_845,
                65535,
                65536,
                65537,
                1_048_573,
                16_777_215,
                16_777_217,
                (1L << 31) - 1,
                3_037_000_499L,
                (1L << 40) + 1
            })
    void quotientsEqualLongDivision(long d) {
        Divisor div = new Divisor(d);
        SplittableRandom rnd = new SplittableRandom(d);
        for (int i = 0; i < 200_000; i++) {
            // Multiples of d and their neighbours (where a rounding error would show), then any
            // value up to past the multiplication's exact range.
            long m =
                    switch (i % 3) {
                        case 0 ->
                                Math.max(
                                        0,
                                        rnd.nextLong((1L << 53) / d + 1) * d + rnd.nextInt(3) - 1);
                        case 1 -> rnd.nextLong(1L << 54);
                        default -> rnd.nextLong(Long.MAX_VALUE);
                    };
            assertEquals(m / d, div.quotient(m), () -> m + " / " + d);
        }
        for (long m = 0; m < 10_000; m++) assertEquals(m / d, div.quotient(m), "small " + m);
        long top = (1L << 52) / d * d;
        for (long m = top - 3; m < top + 3; m++) assertEquals(m / d, div.quotient(m), "edge " + m);
    }
}
