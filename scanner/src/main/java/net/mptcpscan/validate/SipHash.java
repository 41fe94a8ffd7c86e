package net.mptcpscan.validate;

/**
 * SipHash-2-4 (Aumasson and Bernstein), 64-bit output, as the reference implementation: message
 * words read little-endian. {@link #hash16} is the allocation-free form for the scanner's 16-byte
 * messages; {@link #hash} takes any message (and is what the reference vectors check, against
 * hash16 too).
 */
public final class SipHash {
    private SipHash() {}

    /**
     * SipHash-2-4 of the 16-byte message whose little-endian words are m0 and m1 (per probe: no
     * allocation).
     */
    public static long hash16(long k0, long k1, long m0, long m1) {
        return words(k0, k1, m0, m1, 0, 2);
    }

    /** SipHash-2-4 of the 24-byte message of little-endian words m0, m1, m2 (IPv6 probes). */
    public static long hash24(long k0, long k1, long m0, long m1, long m2) {
        return words(k0, k1, m0, m1, m2, 3);
    }

    /** The first n (2 or 3) of the words m0, m1, m2, then the length word. */
    private static long words(long k0, long k1, long m0, long m1, long m2, int n) {
        long v0 = 0x736f6d6570736575L ^ k0,
                v1 = 0x646f72616e646f6dL ^ k1,
                v2 = 0x6c7967656e657261L ^ k0,
                v3 = 0x7465646279746573L ^ k1;
        for (int w = 0; w <= n; w++) {
            // the last word carries the length in bytes
            long m = w == n ? (8L * n) << 56 : w == 0 ? m0 : w == 1 ? m1 : m2;
            v3 ^= m;
            for (int i = 0; i < 2; i++) {
                v0 += v1;
                v1 = Long.rotateLeft(v1, 13);
                v1 ^= v0;
                v0 = Long.rotateLeft(v0, 32);
                v2 += v3;
                v3 = Long.rotateLeft(v3, 16);
                v3 ^= v2;
                v0 += v3;
                v3 = Long.rotateLeft(v3, 21);
                v3 ^= v0;
                v2 += v1;
                v1 = Long.rotateLeft(v1, 17);
                v1 ^= v2;
                v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /**
     * SipHash-2-4 of msg[off, off + len): any length, for checks and tools (allocates its state).
     */
    public static long hash(long k0, long k1, byte[] msg, int off, int len) {
        long[] v = {
            0x736f6d6570736575L ^ k0,
            0x646f72616e646f6dL ^ k1,
            0x6c7967656e657261L ^ k0,
            0x7465646279746573L ^ k1
        };
        int words = len / 8;
        for (int w = 0; w <= words; w++) {
            long m =
                    w < words
                            ? 0
                            : (long) (len & 0xFF)
                                    << 56; // the last word: the tail bytes and the length
            int n = w < words ? 8 : len % 8;
            for (int i = 0; i < n; i++) m |= (long) (msg[off + w * 8 + i] & 0xFF) << (8 * i);
            v[3] ^= m;
            rounds(v, 2);
            v[0] ^= m;
        }
        v[2] ^= 0xff;
        rounds(v, 4);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void rounds(long[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13);
            v[1] ^= v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16);
            v[3] ^= v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21);
            v[3] ^= v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17);
            v[1] ^= v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }
}
