package net.mptcpscan.validate;

import net.mptcpscan.wire.Divisor;

/**
 * Stateless reply validation, as zmap does it: a keyed hash of (source, target, port) gives each
 * probe's sequence number, source port and v0 key, so a reply is matched by recomputing, with no
 * table of what was sent. Keyed SipHash-2-4 with a per-scan secret (stored with the scan so a
 * resumed scan validates the replies of the first part).
 *
 * <p>A "slot" is one SYN to a target: slot = versionIndex * probesPerVersion + probeIndex. Every
 * slot has its own source port and sequence number, so two SYNs to one target never share a 4-tuple
 * and a reply tells which probe it answers.
 */
public final class ProbeKeys {
    private final long k0, k1;
    private final int srcPortFirst, slots;
    private final Divisor bySrcPortCount;

    public ProbeKeys(long k0, long k1, int srcPortFirst, int srcPortLast, int slots) {
        if (srcPortFirst < 1 || srcPortLast > 65535 || srcPortLast < srcPortFirst)
            throw new IllegalArgumentException(
                    "bad source port range " + srcPortFirst + "-" + srcPortLast);
        if (slots < 1) throw new IllegalArgumentException("need at least one probe per target");
        this.k0 = k0;
        this.k1 = k1;
        this.srcPortFirst = srcPortFirst;
        this.bySrcPortCount = new Divisor(srcPortLast - srcPortFirst + 1);
        this.slots = slots;
    }

    public int slots() {
        return slots;
    }

    /**
     * The per-target hash every probe field derives from: one SipHash per target, whatever the
     * number of probes. Its low half seeds the sequence numbers, its high half the source ports.
     */
    public long base(int src, int dst, int dport) {
        return siphash(((long) src << 32) | (dst & 0xFFFFFFFFL), (long) dport << 16);
    }

    /** Slot k's sequence number: distinct per slot (an odd multiplier is a bijection mod 2^32). */
    public static int sequence(long base, int slot) {
        return (int) base + slot * 0x9E3779B9;
    }

    public int sourcePort(long base, int slot) {
        return srcPortFirst + (int) bySrcPortCount.remainder((base >>> 33) + slot);
    }

    public int sequence(int src, int dst, int dport, int slot) {
        return sequence(base(src, dst, dport), slot);
    }

    public int sourcePort(int src, int dst, int dport, int slot) {
        return sourcePort(base(src, dst, dport), slot);
    }

    /** The v0 key for this target: one per target (both probe versions), never zero. */
    public long v0Key(int src, int dst, int dport) {
        long k = siphash(((long) src << 32) | (dst & 0xFFFFFFFFL), ((long) dport << 16) | 0xFFFF);
        return k == 0 ? 1 : k;
    }

    /**
     * The slot whose probe this reply answers, or -1. For TCP replies seqSent is the reply's ack -
     * 1; for ICMP the quoted sequence number itself.
     */
    public int matchSlot(int src, int target, int targetPort, int ourPort, int seqSent) {
        long b = base(src, target, targetPort);
        for (int slot = 0; slot < slots; slot++) {
            if (sourcePort(b, slot) == ourPort && sequence(b, slot) == seqSent) return slot;
        }
        return -1;
    }

    /**
     * Which of a scan's n source addresses (-S) probes a target: a fixed function of the target, so
     * a reply tells the receiver which address it must have come to, with no table.
     */
    public static int sourceIndex(int dst, int dport, int n) {
        if (n == 1) return 0;
        long h = ((dst & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L) ^ ((long) dport * 0xC2B2AE3D27D4EB4FL);
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), n);
    }

    /** Separates the IPv6 hashes from the IPv4 ones (another key, the same secret). */
    private static final long TAG6 = 0x6666_0000_0000_0006L;

    /**
     * An IPv6 source address hashed to 64 bits with the scan's secret: computed once per source
     * (-S), not per probe.
     */
    public long sourceKey6(long hi, long lo) {
        return SipHash.hash16(k0, k1 ^ TAG6, hi, lo);
    }

    /**
     * The per-target hash of an IPv6 probe: the same keyed hash as base() over the 128-bit
     * destination, the source (as its key: a collision there is as unlikely as a guessed secret)
     * and the port, in one SipHash of 24 bytes.
     */
    public long base6(long srcKey, long dstHi, long dstLo, int dport) {
        return SipHash.hash24(k0, k1 ^ TAG6, dstHi, dstLo, srcKey ^ dport);
    }

    public long base6(long srcHi, long srcLo, long dstHi, long dstLo, int dport) {
        return base6(sourceKey6(srcHi, srcLo), dstHi, dstLo, dport);
    }

    /** The v0 key for an IPv6 target, never zero. */
    public long v0Key6(long srcKey, long dstHi, long dstLo, int dport) {
        long k =
                SipHash.hash24(
                        k0, k1 ^ TAG6, dstHi, dstLo, srcKey ^ (((long) dport << 16) | 0xFFFF));
        return k == 0 ? 1 : k;
    }

    public long v0Key6(long srcHi, long srcLo, long dstHi, long dstLo, int dport) {
        return v0Key6(sourceKey6(srcHi, srcLo), dstHi, dstLo, dport);
    }

    /** matchSlot for an IPv6 reply; srcKey is sourceKey6 of the address it came to. */
    public int matchSlot6(
            long srcKey, long targetHi, long targetLo, int targetPort, int ourPort, int seqSent) {
        long b = base6(srcKey, targetHi, targetLo, targetPort);
        for (int slot = 0; slot < slots; slot++) {
            if (sourcePort(b, slot) == ourPort && sequence(b, slot) == seqSent) return slot;
        }
        return -1;
    }

    /** sourceIndex for an IPv6 target. */
    public static int sourceIndex6(long dstHi, long dstLo, int dport, int n) {
        if (n == 1) return 0;
        long h =
                (dstHi * 0x9E3779B97F4A7C15L)
                        ^ (dstLo * 0xBF58476D1CE4E5B9L)
                        ^ ((long) dport * 0xC2B2AE3D27D4EB4FL);
        return (int) Long.remainderUnsigned(h ^ (h >>> 29), n);
    }

    /** SipHash-2-4 with this scan's secret of the 16-byte message (m0, m1). */
    long siphash(long m0, long m1) {
        return SipHash.hash16(k0, k1, m0, m1);
    }
}
