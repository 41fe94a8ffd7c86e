package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dotted quads read from a list's bytes (no String per line) must give what the text parser gives:
 * the same address, or the same one-line error naming the text.
 */
class Ipv4TextTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "198.18.0.1",
                "0.0.0.0",
                "255.255.255.255",
                "010.001.0.9",
                "256.1.1.1",
                "1.2.3",
                "1.2.3.4.5",
                "1..2.3",
                ".1.2.3",
                "1.2.3.",
                "1.2.3.4a",
                "a.b.c.d",
                "1.2.3.1000",
                "",
                "\u00e91.2.3.4"
            })
    void bytesParseAsTheText(String text) {
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
        int len = text.length();
        Integer want;
        try {
            want = Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            IllegalArgumentException got =
                    assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(b, 2, len));
            assertEquals(e.getMessage(), got.getMessage());
            return;
        }
        assertEquals(want, Ipv4.parse(b, 2, len));
    }
}
