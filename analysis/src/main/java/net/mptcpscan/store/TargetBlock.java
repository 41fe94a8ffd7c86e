package net.mptcpscan.store;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.wire.IpAddress;

/**
 * An ended scan's targets packed up to TARGETS to a row of scan_target_blocks, in key order: a
 * database decodes one value per block instead of eleven per target (reading 10 million targets
 * through H2 row by row was nine tenths of a compare). Each target: its group (TargetGroup's key:
 * v6, port, class rank, versions, C and A bits, evidence) as 8 bytes, its reply count as 4, then
 * its address: 4 bytes (IPv4) or 16 (IPv6).
 */
final class TargetBlock {
    private TargetBlock() {}

    /** Targets per block. */
    static final int TARGETS = 1024;

    /**
     * Targets from..to of a batch as a block. A target is {v6, addr_hi, addr_lo, port, class rank,
     * versions, c_bit, a_bit, replies, evidence}, as the scan-end build makes them.
     */
    static byte[] encode(List<long[]> targets, int from, int to) {
        int size = 0;
        for (int i = from; i < to; i++) size += targets.get(i)[0] == 1 ? 28 : 16;
        ByteBuffer b = ByteBuffer.allocate(size);
        for (int i = from; i < to; i++) {
            long[] t = targets.get(i);
            b.putLong(group(t)).putInt((int) t[8]);
            if (t[0] == 1) b.putLong(t[1]).putLong(t[2]);
            else b.putInt((int) t[2]);
        }
        return b.array();
    }

    /**
     * A target's group as one number: v6 (1 bit), port (16), class rank (3), versions (15), C bit,
     * A bit, then the evidence bits.
     */
    static long group(long[] t) {
        return t[0] | t[3] << 1 | t[4] << 17 | t[5] << 20 | t[6] << 35 | t[7] << 36 | t[9] << 37;
    }

    static boolean v6(long group) {
        return (group & 1) != 0;
    }

    static int port(long group) {
        return (int) (group >>> 1) & 0xFFFF;
    }

    static int rank(long group) {
        return (int) (group >>> 17) & 0x7;
    }

    static int versions(long group) {
        return (int) (group >>> 20) & 0x7FFF;
    }

    static boolean cBit(long group) {
        return ((group >>> 35) & 1) != 0;
    }

    static boolean aBit(long group) {
        return ((group >>> 36) & 1) != 0;
    }

    static int evidence(long group) {
        return (int) (group >>> 37);
    }

    private static final Evidence[] EVIDENCE = Evidence.values();

    /** Each evidence bit set as a set, made once (targets share them; nobody changes them). */
    private static final Set<Evidence>[] EVIDENCE_SETS = evidenceSets();

    @SuppressWarnings("unchecked")
    private static Set<Evidence>[] evidenceSets() {
        Set<Evidence>[] sets = new Set[1 << EVIDENCE.length];
        for (int bits = 0; bits < sets.length; bits++) {
            EnumSet<Evidence> s = EnumSet.noneOf(Evidence.class);
            for (Evidence e : EVIDENCE) if ((bits & (1 << e.ordinal())) != 0) s.add(e);
            sets[bits] = Collections.unmodifiableSet(s);
        }
        return sets;
    }

    static Set<Evidence> evidenceSet(int bits) {
        return EVIDENCE_SETS[bits];
    }

    /** The next target of a block at its buffer's position, or null at its end. */
    static TargetVerdict next(ByteBuffer b) {
        if (!b.hasRemaining()) return null;
        long g = b.getLong();
        int replies = b.getInt();
        IpAddress a = v6(g) ? IpAddress.v6(b.getLong(), b.getLong()) : IpAddress.v4(b.getInt());
        return new TargetVerdict(
                a,
                port(g),
                ReplyClass.ofRank(rank(g)),
                TargetRows.versionsText(versions(g)),
                cBit(g),
                aBit(g),
                replies,
                evidenceSet(evidence(g)));
    }
}
