package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Address text in, canonical text out (RFC 5952); what a target list must not hold, refused. */
class AddressParserTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:2::1, 2001:2::1",
        "2001:0002:0000:0000:0000:0000:0000:0001, 2001:2::1",
        "2001:2:0:0:1:0:0:1, 2001:2::1:0:0:1",
        "2001:DB8::A, 2001:db8::a",
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:2:0:1:2:3:4:5, 2001:2:0:1:2:3:4:5",
        "64:ff9b::198.18.0.1, 64:ff9b::c612:1",
        "[2001:2::5], 2001:2::5",
        "198.18.0.1, 198.18.0.1",
    })
    void validTextParsesToItsCanonicalForm(String in, String canonical) {
        assertEquals(canonical, AddressParser.parse(in).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "2001:2::1::2",
                "2001:2:::1",
                "12345::1",
                "2001:2:g::1",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                ":1:2:3:4:5:6:7",
                "1:2:3:4:5:6:7:",
                "1:2:3:4:5:6:7::8",
                "::1.2.3",
                "::1.2.3.4.5",
                "1.2.3.4::"
            })
    void malformedIpv6IsRefusedNamingTheText(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AddressParser.parse(text));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "fe80::1%eth0, zone ids",
        "::ffff:198.18.0.1, IPv4-mapped",
        "::ffff:c612:1, IPv4-mapped",
        "::198.18.0.1, IPv4-compatible",
    })
    void formsThatAreNotTargetsAreRefusedWithTheReason(String text, String reason) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AddressParser.parse(text));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "255.255.255.255, ::1",
        "2001:2::1, 2001:2::2",
        "2001:2::ffff:0:0:1, 2001:2:0:1::",
        "1.2.3.4, 198.18.0.1",
    })
    void addressesOrderIpv4FirstThenIpv6(String a, String b) {
        assertTrue(AddressParser.parse(a).compareTo(AddressParser.parse(b)) < 0);
        assertTrue(AddressParser.parse(b).compareTo(AddressParser.parse(a)) > 0);
    }
}
