package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import net.mptcpscan.wire.Ipv4;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Longest-prefix match over a routeviews-style file, as --pfx2as reads it. */
class Pfx2AsTest {
    @TempDir static Path dir;
    static Pfx2As table;

    @BeforeAll
    static void load() throws Exception {
        Path f = dir.resolve("pfx2as.txt");
        Files.writeString(
                f,
                String.join(
                        "\n",
                        "# a comment",
                        "198.18.0.0\t15\t64500",
                        "198.18.0.0\t16\t64501",
                        "198.18.7.0\t24\t714",
                        "  198.18.8.0   24   13335_209242  ",
                        "198.18.9.0\t24\t1,2",
                        "198.18.9.128\t25\t64502",
                        "198.18.9.128\t25\t64503",
                        "0.0.0.0\t0\t1",
                        "255.255.255.255\t32\t4200000000",
                        // routeviews-rv6 lines: IPv6 prefixes in the same table
                        "2001:2::\t32\t64510",
                        "2001:2:0:6::\t64\t64511",
                        "2001:2:0:6::80\t121\t64512",
                        "::\t0\t6",
                        ""));
        table = Pfx2As.load("--pfx2as", f);
    }

    @ParameterizedTest(name = "{0} -> AS {1}")
    @CsvSource({
        "198.18.7.11, 714",
        "198.18.7.255, 714",
        "198.18.6.1, 64501",
        "198.19.0.1, 64500",
        "198.18.8.11, 13335_209242",
        "198.18.9.1, '1,2'",
        "198.18.9.200, 64503",
        "203.0.113.1, 1",
        "255.255.255.255, 4200000000",
        "255.255.255.254, 1",
    })
    void theLongestPrefixHoldingTheAddressGivesItsOrigin(String address, String as) {
        assertEquals(as, table.lookup(Ipv4.parse(address)));
    }

    @ParameterizedTest(name = "{0} -> AS {1}")
    @CsvSource({
        "2001:2::1, 64510",
        "2001:2:0:6::1, 64511",
        "2001:2:0:6::ff, 64512",
        "2001:2:0:6::7f, 64511",
        "2001:3::1, 6",
        "198.18.7.11, 714",
    })
    void ipv6AddressesFindTheirLongestPrefixToo(String address, String as) {
        assertEquals(as, table.lookup(net.mptcpscan.wire.AddressParser.parse(address)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "198.18.0.0 16 | expected 'prefix length asn'",
                "198.18.0.0 16 AS64500 | not an AS number",
                "198.18.0.0 16 64500_ | not an AS number",
                "198.18.0.0 33 64500 | prefix length 33 is not 0 to 32",
                "198.18.0.x 16 64500 | 198.18.0.x",
                "2001:2:: 129 64500 | prefix length 129 is not 0 to 128",
                "2001:2::g 32 64500 | 2001:2::g",
            })
    void aBadLineIsNamedWithItsNumber(String line, String message) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "198.18.0.0\t15\t64500\n" + line + "\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Pfx2As.load("--pfx2as", f));
        assertTrue(e.getMessage().contains(":2"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
