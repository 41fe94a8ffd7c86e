package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An -I list comes out sorted in unsigned order, each address once, blocked ones dropped, whatever
 * its spread: the radix sort skips the bytes every address shares, so lists that share some are
 * cases of their own.
 */
class AddressListTest {

    static Stream<Arguments> lists() {
        Random r = new Random(17);
        return Stream.of(
                Arguments.of("empty", new int[0]),
                Arguments.of("one address", new int[] {0xC6120001}),
                Arguments.of(
                        "the same address 1,000 times",
                        IntStream.generate(() -> 0xC6120001).limit(1000).toArray()),
                Arguments.of(
                        "inside one /16",
                        r.ints(100_000, 0, 1 << 16).map(x -> 0xC6120000 | x).toArray()),
                Arguments.of(
                        "inside one /24 with duplicates",
                        r.ints(5_000, 0, 256).map(x -> 0xC6128000 | x).toArray()),
                Arguments.of("the whole space, above 2^31 too", r.ints(200_000).toArray()),
                Arguments.of( // a byte most addresses share but not all: its pass still runs
                        "nine in ten in one /24",
                        r.ints(50_000, 0, 1 << 30)
                                .map(x -> x % 10 == 0 ? x * 4 : 0xC6120000 | (x & 0xFF))
                                .toArray()),
                Arguments.of(
                        "descending, both halves",
                        IntStream.range(0, 70_000)
                                .map(i -> Integer.MAX_VALUE - i * 65_537)
                                .toArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void sortedUnsignedOnceEachAndOnlyTheAllowed(String name, int[] addresses) {
        // allowed: everything but 198.18.128.0/17 and 240.0.0.0/4
        Ipv4RangeSet allowed =
                Ipv4RangeSet.ALL.minus(
                        Ipv4RangeSet.of(
                                List.of(
                                        new long[] {0xC6128000L, 0xC612FFFFL},
                                        new long[] {0xF0000000L, 0xFFFFFFFFL})));
        TreeSet<Long> want = new TreeSet<>();
        for (int a : addresses) if (allowed.contains(a)) want.add(a & 0xFFFFFFFFL);
        AddressList list = new AddressList(addresses.clone(), addresses.length, allowed);
        long[] got = new long[(int) list.size()];
        for (int i = 0; i < got.length; i++) got[i] = list.addressAt(i) & 0xFFFFFFFFL;
        assertArrayEquals(want.stream().mapToLong(Long::longValue).toArray(), got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void theRadixSortOrdersAsAnUnsignedSort(String name, int[] addresses) {
        int[] a = addresses.clone();
        AddressList.sortUnsigned(a, new int[a.length], a.length);
        long[] want = Arrays.stream(addresses).mapToLong(x -> x & 0xFFFFFFFFL).sorted().toArray();
        assertEquals(want.length, a.length);
        for (int i = 0; i < a.length; i++) assertEquals(want[i], a[i] & 0xFFFFFFFFL, "at " + i);
    }
}
