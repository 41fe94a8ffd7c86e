package net.mptcpscan.targets;

import java.util.Arrays;

/** An explicit list of addresses (zmap's -I): sorted, without duplicates, 4 bytes each. */
public final class AddressList implements AddressSource {
    private final int[] addresses; // sorted as unsigned values

    /** Takes ownership of addrs[0, n): sorts it and drops duplicates and blocked addresses. */
    public AddressList(int[] addrs, int n, Ipv4RangeSet allowed) {
        int[] a = Arrays.copyOf(addrs, n);
        for (int i = 0; i < n; i++)
            a[i] ^= 0x80000000; // signed sort == unsigned order after flipping the sign bit
        Arrays.sort(a);
        int m = 0;
        for (int i = 0; i < n; i++) {
            int v = a[i] ^ 0x80000000;
            if ((m > 0 && v == a[m - 1]) || !allowed.contains(v)) continue;
            a[m++] = v;
        }
        addresses = Arrays.copyOf(a, m);
    }

    @Override
    public long size() {
        return addresses.length;
    }

    @Override
    public int addressAt(long rank) {
        return addresses[(int) rank];
    }
}
