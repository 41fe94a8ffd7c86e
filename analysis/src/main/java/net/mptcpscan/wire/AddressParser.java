package net.mptcpscan.wire;

import net.mptcpscan.io.Text;

/**
 * Address text to {@link IpAddress}: dotted quads, and IPv6 in the forms of RFC 4291 2.2 (groups,
 * one "::", a trailing dotted quad). What a target list must not contain is refused with a reason:
 * zone ids (they name a link, not a host) and IPv4-mapped or -compatible forms (write the IPv4
 * address: the scan would probe it over IPv4 anyway).
 */
public final class AddressParser {
    private AddressParser() {}

    /**
     * A target's address, either family; throws IllegalArgumentException with one line naming the
     * text.
     */
    public static IpAddress parse(String text) {
        String s = text.trim();
        if (s.indexOf(':') < 0) return IpAddress.v4(Ipv4.parse(s));
        return ipv6(s, text, true);
    }

    /**
     * The network address of a list entry (blocklists, prefix-to-AS tables): IPv4-mapped and
     * -compatible forms are valid there (the default blocklist lists ::ffff:0:0/96).
     */
    public static IpAddress parseNetwork(String text) {
        String s = text.trim();
        if (s.indexOf(':') < 0) return IpAddress.v4(Ipv4.parse(s));
        return ipv6(s, text, false);
    }

    /** True when the text looks like IPv6 (has a colon). */
    public static boolean isV6Text(String s) {
        return s.indexOf(':') >= 0;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("not an IPv6 address: " + Text.quote(text) + why);
    }

    /**
     * The common form (hex groups and at most one "::", no dotted quad, zone or brackets) read char
     * by char with no allocation: a hitlist has tens of millions of lines. Returns null for
     * anything else (and for forms a target may not take): the full parser decides.
     */
    private static IpAddress fast6(String s, boolean target) {
        long[] g = FAST.get();
        int n = 0, gap = -1, len = s.length(), i = 0;
        if (len >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
            gap = 0;
            i = 2;
        }
        int v = 0, digits = 0;
        for (; i <= len; i++) {
            char c = i < len ? s.charAt(i) : ':';
            int d = Character.digit(c, 16);
            if (d >= 0) {
                if (++digits > 4) return null;
                v = v * 16 + d;
                continue;
            }
            if (c != ':') return null;
            if (digits == 0) {
                // an empty group: only as the second colon of the single "::"
                if (i == len && gap == n && n > 0) break; // "...::" at the end
                if (i == len && gap == 0 && n == 0) break; // "::"
                return null;
            }
            if (n == 8) return null;
            g[n++] = v;
            v = 0;
            digits = 0;
            if (i + 1 < len && s.charAt(i + 1) == ':') {
                if (gap >= 0) return null;
                gap = n;
                i++;
                if (i + 1 == len) break;
            } else if (i + 1 == len) return null; // a trailing single colon
        }
        long hi = 0, lo = 0;
        if (gap < 0 ? n != 8 : n > 7) return null;
        for (int k = 0, src = 0; k < 8; k++) {
            long word;
            if (gap >= 0 && k >= gap && k < gap + 8 - n) word = 0;
            else word = g[src++];
            if (k < 4) hi = (hi << 16) | word;
            else lo = (lo << 16) | word;
        }
        if (target && hi == 0 && (lo >>> 32) <= 0xFFFFL && lo > 1) return null; // explained below
        return IpAddress.v6(hi, lo);
    }

    private static final ThreadLocal<long[]> FAST = ThreadLocal.withInitial(() -> new long[8]);

    private static IpAddress ipv6(String s, String text, boolean target) {
        IpAddress fast = fast6(s, target);
        if (fast != null) return fast;
        return slow6(s, text, target);
    }

    private static IpAddress slow6(String s, String text, boolean target) {
        if (s.indexOf('%') >= 0)
            throw new IllegalArgumentException(
                    "IPv6 zone ids are not targets (a zone names a link, not a host): "
                            + Text.quote(text));
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        int[] g = new int[8];
        int n = 0, gap = -1, i = 0, len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (len == 2) return IpAddress.v6(0, 0);
        } else if (s.startsWith(":")) throw bad(text, "");
        while (i < len) {
            int j = i;
            while (j < len && s.charAt(j) != ':') j++;
            String part = s.substring(i, j);
            if (part.indexOf('.') >= 0) {
                if (j != len || n > 6) throw bad(text, "");
                int v4;
                try {
                    v4 = Ipv4.parse(part);
                } catch (IllegalArgumentException e) {
                    throw bad(text, "");
                }
                g[n++] = v4 >>> 16;
                g[n++] = v4 & 0xFFFF;
                i = j;
                break;
            }
            if (part.isEmpty() || part.length() > 4 || n >= 8) throw bad(text, "");
            int v = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) throw bad(text, "");
                v = v * 16 + d;
            }
            g[n++] = v;
            if (j == len) {
                i = j;
                break;
            }
            // j is at a ':'; "::" marks the gap (only one allowed)
            if (j + 1 < len && s.charAt(j + 1) == ':') {
                if (gap >= 0) throw bad(text, " (more than one \"::\")");
                gap = n;
                i = j + 2;
            } else if (j + 1 == len) throw bad(text, "");
            else i = j + 1;
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (n > 7) throw bad(text, "");
            for (int k = 0; k < gap; k++) full[k] = g[k];
            for (int k = gap; k < n; k++) full[8 - (n - k)] = g[k];
        } else {
            if (n != 8) throw bad(text, "");
            full = g;
        }
        long hi = 0, lo = 0;
        for (int k = 0; k < 4; k++) hi = (hi << 16) | full[k];
        for (int k = 4; k < 8; k++) lo = (lo << 16) | full[k];
        if (!target) return IpAddress.v6(hi, lo);
        if (hi == 0 && (lo >>> 32) == 0xFFFFL)
            throw new IllegalArgumentException(
                    "IPv4-mapped address "
                            + Text.quote(text)
                            + ": write the IPv4 address ("
                            + Ipv4.toString((int) lo)
                            + ") instead");
        if (hi == 0 && (lo >>> 32) == 0 && lo > 1)
            throw new IllegalArgumentException(
                    "IPv4-compatible address "
                            + Text.quote(text)
                            + " (deprecated by RFC 4291): write the IPv4 address ("
                            + Ipv4.toString((int) lo)
                            + ") instead");
        return IpAddress.v6(hi, lo);
    }
}
