package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv6 interval sets: the arithmetic across 64-bit halves is where an off-by-one would hide. */
class Ipv6RangesTest {
    static long[] range(String first, String last) {
        IpAddress a = AddressParser.parse(first), b = AddressParser.parse(last);
        return new long[] {a.hi(), a.lo(), b.hi(), b.lo()};
    }

    static String at(Ipv6Ranges r, long rank) {
        long[] out = new long[2];
        r.addressAt(rank, out);
        return IpAddress.v6(out[0], out[1]).toString();
    }

    @Test
    void anIntervalAcrossTheLowHalfsEndCountsAndRanksThroughTheCarry() {
        Ipv6Ranges r =
                Ipv6Ranges.of(List.of(range("2001:2::ffff:ffff:ffff:fffe", "2001:2:0:1::1")));
        assertEquals(4, r.size());
        assertEquals("2001:2::ffff:ffff:ffff:ffff", at(r, 1));
        assertEquals("2001:2:0:1::", at(r, 2));
        assertEquals("2001:2:0:1::1", at(r, 3));
    }

    @ParameterizedTest(name = "{0}/{1} minus {2}/{3} keeps {4}")
    @CsvSource({
        "2001:2::, 120, 2001:2::80, 121, 128",
        "2001:2::, 120, 2001:2::, 128, 255",
        "2001:2::, 120, 2001:2::ff, 128, 255",
        "2001:2::, 120, 2001:2::10, 124, 240",
        "2001:2::, 120, 2001:2::, 64, 0",
        "2001:2::, 120, 2001:3::, 64, 256",
    })
    void subtractionKeepsWhatIsLeft(String a, int al, String b, int bl, long left) {
        Ipv6Ranges x = Ipv6Ranges.of(List.of(Ipv6Ranges.prefix(AddressParser.parse(a), al)));
        Ipv6Ranges y = Ipv6Ranges.of(List.of(Ipv6Ranges.prefix(AddressParser.parse(b), bl)));
        assertEquals(left, x.minus(y).size());
        assertEquals(256 - left, x.intersect(y).size());
    }

    @Test
    void adjacentIntervalsMergeAndTheWholeSpaceIsTooLargeToCount() {
        Ipv6Ranges r =
                Ipv6Ranges.of(
                        List.of(range("2001:2::", "2001:2::f"), range("2001:2::10", "2001:2::1f")));
        assertEquals(1, r.rangeCount());
        assertEquals(32, r.size());
        assertEquals(Long.MAX_VALUE, Ipv6Ranges.ALL.size());
        assertTrue(Ipv6Ranges.ALL.contains(-1, -1));
        assertTrue(Ipv6Ranges.ALL.minus(r).contains(0x2001_0002_0000_0000L, 0x20));
        assertFalse(Ipv6Ranges.ALL.minus(r).contains(0x2001_0002_0000_0000L, 0x1f));
    }
}
