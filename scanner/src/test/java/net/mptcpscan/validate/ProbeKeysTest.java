package net.mptcpscan.validate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeKeysTest {
    final ProbeKeys keys = new ProbeKeys(0x0123456789abcdefL, 0x0fedcba987654321L, 32768, 61000, 2);
    final int src = 0xC6120002;

    @Test
    void everyProbeIsRecognisedByItsReplyAlone() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            int dst = r.nextInt(), port = r.nextInt(65536);
            for (int slot = 0; slot < 2; slot++) {
                int sport = keys.sourcePort(src, dst, port, slot),
                        seq = keys.sequence(src, dst, port, slot);
                assertTrue(sport >= 32768 && sport <= 61000);
                assertEquals(slot, keys.matchSlot(src, dst, port, sport, seq));
                assertEquals(
                        -1,
                        keys.matchSlot(src, dst, port, sport, seq + 1),
                        "a wrong ack is not ours");
                assertEquals(
                        -1,
                        keys.matchSlot(src, dst ^ 1, port, sport, seq),
                        "another host's reply is not ours");
            }
            assertNotEquals(
                    keys.sourcePort(src, dst, port, 0),
                    keys.sourcePort(src, dst, port, 1),
                    "two probes never share a 4-tuple");
        }
    }

    /**
     * A probe's source port is the same function of its hash in every version: a resumed scan's
     * replies to the probes of its first run are validated with it.
     */
    @ParameterizedTest(name = "source ports {0}-{1}")
    @CsvSource({"32768, 61000", "1024, 65535", "40000, 40000", "1, 65535", "50000, 50048"})
    void sourcePortIsTheHashModuloTheRange(int first, int last) {
        ProbeKeys k = new ProbeKeys(7, 9, first, last, 255);
        SplittableRandom r = new SplittableRandom(first);
        for (int i = 0; i < 200_000; i++) {
            long base = i < 1000 ? -1L - i : r.nextLong();
            int slot = r.nextInt(255);
            assertEquals(
                    first + (int) (((base >>> 33) + slot) % (last - first + 1)),
                    k.sourcePort(base, slot),
                    () -> "base " + base + ", slot " + slot);
        }
    }

    @Test
    void keysDependOnTheSecretAndAreNeverZero() {
        ProbeKeys other = new ProbeKeys(1, 2, 32768, 61000, 2);
        Set<Long> seen = new HashSet<>();
        for (int d = 0; d < 10_000; d++) {
            long k = keys.v0Key(src, d, 443);
            assertNotEquals(0L, k);
            assertNotEquals(k, other.v0Key(src, d, 443));
            seen.add(k);
        }
        assertEquals(10_000, seen.size(), "a different key for every target");
    }

    @Test
    void sipHashMatchesTheReferenceVector() {
        // SipHash-2-4 reference vector 15: key 00..0f, message 00..0f -> bytes db 9b c2 57 7f cc 2a
        // 3f (little-endian).
        ProbeKeys ref = new ProbeKeys(0x0706050403020100L, 0x0f0e0d0c0b0a0908L, 1, 2, 1);
        assertEquals(0x3f2acc7f57c29bdbL, ref.siphash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L));
    }

    @Test
    void dedupDropsRepeatsOnly() {
        ReplyDeduper d = new ReplyDeduper(16);
        assertTrue(d.firstTime(1, 443, 0));
        assertFalse(d.firstTime(1, 443, 0));
        assertTrue(d.firstTime(1, 443, 1));
        assertTrue(d.firstTime(1, 80, 0));
        assertTrue(d.firstTime(-1, 443, 0));
        assertFalse(d.firstTime(-1, 443, 0));
    }
}
