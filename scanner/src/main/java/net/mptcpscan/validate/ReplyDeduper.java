package net.mptcpscan.validate;

/**
 * Drops repeated replies (retransmitted SYN-ACKs, duplicated frames) in fixed memory: a
 * direct-mapped table of recent (target, port, slot) keys, like zmap's sliding-window dedup. Memory
 * does not grow with the number of targets; a repeat that arrives after 2^bits other replies is
 * counted again, which for retransmissions (seconds apart) at the default 2^22 entries needs more
 * than 4 million replies in between.
 */
public final class ReplyDeduper {
    private final long[] table;
    private final int mask;

    public ReplyDeduper(int bits) {
        table = new long[1 << bits];
        mask = table.length - 1;
    }

    /** True the first time (within the window) a key is seen; false for a repeat. */
    public boolean firstTime(int target, int port, int slot) {
        long key = key(target, port, slot);
        int i = index(key);
        if (table[i] == key) return false;
        table[i] = key;
        return true;
    }

    /** Any non-zero 64-bit key (a connection's, say): true the first time (within the window). */
    public boolean firstTime(long key) {
        int i = index(key);
        if (table[i] == key) return false;
        table[i] = key;
        return true;
    }

    /** Whether a key was seen (within the window), without marking it. */
    public boolean seen(int target, int port, int slot) {
        long key = key(target, port, slot);
        return table[index(key)] == key;
    }

    /**
     * The IPv6 forms: address, port and slot folded into 64 bits. The port and slot go in with the
     * high half, before the low half is added: targets of one dense prefix (low halves differing in
     * a few bits) on several ports would otherwise collide.
     */
    public boolean firstTime6(long hi, long lo, int port, int slot) {
        long key = key6(hi, lo, port, slot);
        int i = index(key);
        if (table[i] == key) return false;
        table[i] = key;
        return true;
    }

    public boolean seen6(long hi, long lo, int port, int slot) {
        long key = key6(hi, lo, port, slot);
        return table[index(key)] == key;
    }

    /** Either family. */
    public boolean firstTime(net.mptcpscan.wire.IpAddress a, int port, int slot) {
        return a.v6() ? firstTime6(a.hi(), a.lo(), port, slot) : firstTime(a.v4(), port, slot);
    }

    public static long key6(long hi, long lo, int port, int slot) {
        long ps = ((long) port << 8) | (slot & 0xFF);
        return mix(mix(hi ^ (ps * 0x9E3779B97F4A7C15L)) ^ lo) | 0x8000_0000L;
    }

    /** A 64-bit finaliser (SplitMix64's): every input bit moves every output bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long key(int target, int port, int slot) {
        // bit 31 marks a used entry: 0 means empty
        return ((long) target << 32) | ((long) port << 8) | (slot & 0xFF) | 0x8000_0000L;
    }

    private int index(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
