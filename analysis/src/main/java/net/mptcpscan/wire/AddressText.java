package net.mptcpscan.wire;

import java.net.InetAddress;

/**
 * Addresses as text in their canonical forms: dotted quads for IPv4, RFC 5952 for IPv6 (lower-case
 * hex, no leading zeros, the longest run of two or more zero groups as "::", the first such run on
 * a tie). Java's own getHostAddress() writes "2001:2:0:0:0:0:0:1"; exports must write "2001:2::1".
 */
public final class AddressText {
    private AddressText() {}

    public static String of(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? Ipv4.toString(Bytes.s32(b, 0)) : ipv6(b);
    }

    /** RFC 5952 text of a 16-byte IPv6 address. */
    public static String ipv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
