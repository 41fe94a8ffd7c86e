package net.mptcpscan.targets;

import net.mptcpscan.wire.Divisor;

/**
 * A seeded pseudo-random permutation of [0, n), as masscan's "blackrock": a keyed Feistel network
 * over a x b >= n (a, b about sqrt(n)) with modular rounds, plus cycle-walking for the few values
 * that land in [n, a*b). A bijection by construction, so shards and threads that take disjoint
 * index sets cover the space exactly once; no memory beyond two numbers.
 */
public final class Permutation {
    private static final int ROUNDS = 4;
    private final long n, a, b;
    private final Divisor byA;
    private final long[] keys = new long[ROUNDS];

    public Permutation(long n, long seed) {
        if (n < 1) throw new IllegalArgumentException("empty space");
        this.n = n;
        long root = (long) Math.ceil(Math.sqrt((double) n));
        long aa = Math.max(1, root - 1), bb = Math.max(1, root + 1);
        while (aa * bb < n) bb++;
        a = aa;
        b = bb;
        byA = new Divisor(a);
        long s = seed;
        for (int i = 0; i < ROUNDS; i++) keys[i] = mix(s += 0x9E3779B97F4A7C15L);
    }

    public long size() {
        return n;
    }

    /** The image of x, for 0 <= x < n. */
    public long map(long x) {
        long y = encrypt(x);
        while (y >= n) y = encrypt(y); // cycle-walk: stays inside [0, n) and keeps the bijection
        return y;
    }

    private long encrypt(long m) {
        long r = byA.quotient(m), l = m - r * a;
        for (int j = 0; j < ROUNDS; j++) {
            long mod = (j & 1) == 0 ? a : b;
            long t = l + round(j, r, mod); // both terms < mod: one conditional subtraction, no
            // division
            if (t >= mod) t -= mod;
            l = r;
            r = t;
        }
        // With an even number of rounds the halves come back in (a, b) order: l < a, r < b.
        return a * r + l;
    }

    /**
     * The round function, a keyed hash of r reduced to [0, mod) by multiply-shift (Lemire's
     * fastrange).
     */
    private long round(int j, long r, long mod) {
        return ((mix(r ^ keys[j]) >>> 32) * mod) >>> 32;
    }

    /** splitmix64's finaliser: a cheap, well-mixing round function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
