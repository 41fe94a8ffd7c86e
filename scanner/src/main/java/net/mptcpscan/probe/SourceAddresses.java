package net.mptcpscan.probe;

import java.util.Arrays;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.IpAddress;

/**
 * The addresses a scan's probes leave from (-S, or the interface's): IPv4 ones as ints, IPv6 ones
 * as pairs of 64-bit halves (v6[2i], v6[2i+1]). Each target is probed from one source of its
 * family, chosen from the target (ProbeKeys.sourceIndex), so a reply tells which one it must have
 * come to.
 */
public record SourceAddresses(int[] v4, long[] v6) {
    public SourceAddresses {
        v4 = v4.clone();
        v6 = v6.clone();
        if (v6.length % 2 != 0) throw new IllegalArgumentException("IPv6 sources come in halves");
    }

    public static SourceAddresses of(int[] v4, IpAddress... v6) {
        long[] h = new long[v6.length * 2];
        for (int i = 0; i < v6.length; i++) {
            h[2 * i] = v6[i].hi();
            h[2 * i + 1] = v6[i].lo();
        }
        return new SourceAddresses(v4, h);
    }

    public int[] v4() {
        return v4.clone();
    }

    public int v6Count() {
        return v6.length / 2;
    }

    public IpAddress v6(int i) {
        return IpAddress.v6(v6[2 * i], v6[2 * i + 1]);
    }

    /** The IPv4 source for a target (no allocation). */
    public int for4(int dst, int dport) {
        return v4[ProbeKeys.sourceIndex(dst, dport, v4.length)];
    }

    /** The index of the IPv6 source for a target: its halves are v6Hi(i), v6Lo(i). */
    public int index6(long dstHi, long dstLo, int dport) {
        return ProbeKeys.sourceIndex6(dstHi, dstLo, dport, v6Count());
    }

    public long v6Hi(int i) {
        return v6[2 * i];
    }

    public long v6Lo(int i) {
        return v6[2 * i + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceAddresses s && Arrays.equals(v4, s.v4) && Arrays.equals(v6, s.v6);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(v4) + Arrays.hashCode(v6);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int a : v4) b.append(b.length() == 0 ? "" : ",").append(IpAddress.v4(a));
        for (int i = 0; i < v6Count(); i++) b.append(b.length() == 0 ? "" : ",").append(v6(i));
        return b.toString();
    }
}
