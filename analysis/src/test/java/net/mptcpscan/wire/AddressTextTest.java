package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Announced addresses are exported in canonical text: RFC 5952's examples and edge cases. */
class AddressTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:0001, 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1",
        "2001:2:0:0:0:0:6:67, 2001:2::6:67",
        "198.18.254.20, 198.18.254.20",
    })
    void canonicalText(String in, String want) throws Exception {
        assertEquals(want, AddressText.of(InetAddress.getByName(in)));
    }
}
