package net.mptcpscan.targets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import net.mptcpscan.scan.TargetSetup;
import net.mptcpscan.wire.Ipv4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetParserTest {
    @TempDir Path dir;

    @Test
    void blocksOfEverySize() {
        assertEquals(1, TargetParser.parseBlock("198.18.0.1").size());
        assertEquals(1, TargetParser.parseBlock("198.18.0.1/32").size());
        assertEquals(2, TargetParser.parseBlock("198.18.0.0/31").size());
        assertEquals(
                256,
                TargetParser.parseBlock("198.18.0.77/24").size(),
                "host bits are ignored, as zmap does");
        assertEquals(
                Ipv4.parse("198.18.0.0"), TargetParser.parseBlock("198.18.0.77/24").addressAt(0));
        assertEquals(1L << 32, TargetParser.parseBlock("0.0.0.0/0").size());
        for (String bad :
                new String[] {
                    "198.18.0", "198.18.0.256", "198.18.0.0/33", "198.18.0.0/x", "a.b.c.d", ""
                }) {
            assertThrows(IllegalArgumentException.class, () -> TargetParser.parseBlock(bad), bad);
        }
    }

    @Test
    void zmapBlocklistFormat() throws Exception {
        Path f = dir.resolve("block.conf");
        Files.writeString(
                f,
                "# comment\n"
                        + "198.18.0.0/24   # the lab\n\n"
                        + "  198.18.5.5\n"
                        + "198.18.0.128/25 extra words\n");
        Ipv4RangeSet s = TargetParser.parseListFile(f);
        assertEquals(257, s.size());
        assertTrue(s.contains(Ipv4.parse("198.18.5.5")));
        assertFalse(s.contains(Ipv4.parse("198.18.5.6")));
        Files.writeString(f, "198.18.0.0/24\nnot-an-address\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TargetParser.parseListFile(f));
        assertTrue(e.getMessage().startsWith(f + ":2: "), e.getMessage());
    }

    @Test
    void defaultBlocklistKeepsReservedSpaceOff() throws Exception {
        Ipv4RangeSet block = TargetSetup.blocklist(null);
        // zmap's default list leaves 3,702,258,432 addresses; ours also blocks AS112 and AMT (3 x
        // /24).
        assertEquals(3_702_258_432L - 768, Ipv4RangeSet.ALL.minus(block).size());
        for (String a :
                new String[] {
                    "10.1.2.3",
                    "192.168.1.1",
                    "172.16.0.1",
                    "127.0.0.1",
                    "198.18.0.1",
                    "198.19.255.255",
                    "224.0.0.1",
                    "100.64.0.1"
                }) {
            assertTrue(block.contains(Ipv4.parse(a)), a + " is blocked by default");
        }
        assertFalse(block.contains(Ipv4.parse("8.8.8.8")));
    }

    @Test
    void testbedBlocklistAllowsOnlyTheLab() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Ipv4RangeSet block = TargetParser.parseListFile(repo.resolve("blocklists/testbed.conf"));
        Ipv4RangeSet allowed = Ipv4RangeSet.ALL.minus(block);
        assertEquals(
                (1L << 17) - 512, allowed.size(), "198.18.0.0/15 less the two infrastructure /24s");
        assertTrue(allowed.contains(Ipv4.parse("198.19.1.1")));
        assertFalse(allowed.contains(Ipv4.parse("198.18.0.1")), "the router is not a target");
        assertFalse(allowed.contains(Ipv4.parse("10.0.0.1")));
    }

    @Test
    void listOfIpsIsSortedDeduplicatedAndBlocked() throws Exception {
        Path f = dir.resolve("ips.txt");
        Files.writeString(f, "198.18.0.3\n198.18.0.1\n198.18.0.3\n10.0.0.1\n255.255.255.1\n");
        AddressList l =
                TargetParser.parseAddressFile(
                        f, Ipv4RangeSet.ALL.minus(TargetParser.parseBlock("10.0.0.0/8")));
        assertEquals(3, l.size());
        assertEquals(Ipv4.parse("198.18.0.1"), l.addressAt(0));
        assertEquals(Ipv4.parse("255.255.255.1"), l.addressAt(2), "unsigned order");
    }

    /** zmap's -I takes files of millions of lines: held as 4 bytes an address. */
    @Test
    void listOfMillionsOfAddresses() throws Exception {
        Path f = dir.resolve("many.txt");
        try (var w = Files.newBufferedWriter(f)) {
            for (int i = 0; i < 2_000_000; i++) {
                int a = 0xC6130000 + (int) ((i * 2654435761L) & 0x3FFFFF);
                w.write(Ipv4.toString(a));
                w.write('\n');
            }
        }
        AddressList l = TargetParser.parseAddressFile(f, Ipv4RangeSet.ALL);
        assertTrue(l.size() > 1_000_000 && l.size() <= 2_000_000, "deduplicated: " + l.size());
        for (int i = 1; i < l.size(); i++)
            assertTrue(
                    Integer.compareUnsigned(l.addressAt(i - 1), l.addressAt(i)) < 0,
                    "sorted, unique");
        TargetSpace space = new TargetSpace(l, new int[] {443}, 3);
        assertEquals(l.size(), space.walk(0, 1, 0, 1, 0, Long.MAX_VALUE).total());
    }

    @Test
    void portsAreSortedAndUnique() {
        assertArrayEquals(
                new int[] {80, 443, 8000, 8001, 8002},
                TargetParser.parsePorts("443,80,8000-8002,443"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] -p {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"70000", "9-1", "http", "0"})
    void badPortsAreRefused(String ports) {
        assertThrows(IllegalArgumentException.class, () -> TargetParser.parsePorts(ports));
    }

    @Test
    void rangeSetAlgebra() {
        Ipv4RangeSet a = TargetParser.parseBlock("198.18.0.0/23");
        Ipv4RangeSet b = TargetParser.parseBlock("198.18.1.0/24");
        assertEquals(256, a.minus(b).size());
        assertEquals(256, a.intersect(b).size());
        assertEquals(512, a.union(b).size());
        assertEquals(1, a.union(b).rangeCount());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] -S {0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "198.18.0.2|198.18.0.2",
                "198.18.0.2-198.18.0.4|198.18.0.2,198.18.0.3,198.18.0.4",
                "198.18.0.4/31|198.18.0.4,198.18.0.5",
                "198.18.0.9, 198.18.0.2-198.18.0.3, 198.18.0.9|198.18.0.9,198.18.0.2,198.18.0.3",
            })
    void sourceAddressesAsZmapTakesThem(String text, String expected) {
        int[] want = java.util.Arrays.stream(expected.split(",")).mapToInt(Ipv4::parse).toArray();
        assertArrayEquals(want, TargetParser.parseSourceAddresses(text, 1000));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] -S {0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"", "abc", "198.18.0.5-198.18.0.2", "198.18.0.0/16", "1.2.3.4,", "1.2.3.4-"})
    void badSourceAddressesAreRefused(String text) {
        assertThrows(
                IllegalArgumentException.class,
                () -> TargetParser.parseSourceAddresses(text, 1000));
    }
}
