package net.mptcpscan.targets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.mptcpscan.io.LineReader;
import net.mptcpscan.io.Text;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import org.apache.commons.net.util.SubnetUtils;

/**
 * Parsing of target text, kept apart from the model: addresses, CIDR blocks, zmap's allow/blocklist
 * files ("a.b.c.d/n" or "a.b.c.d" per line, '#' comments) and port lists. Errors are
 * IllegalArgumentException with "file:line: why" messages.
 */
public final class TargetParser {
    private TargetParser() {}

    /**
     * zmap's -S: source addresses as one address, a range (a-b), a CIDR block, or a comma list of
     * those; in the order given, each once. At most {@code max} of them.
     */
    public static int[] parseSourceAddresses(String text, int max) {
        java.util.LinkedHashSet<Integer> out = new java.util.LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String t = part.trim();
            long first, last;
            int dash = t.indexOf('-');
            if (dash >= 0) {
                first = Ipv4.parse(t.substring(0, dash).trim()) & 0xFFFFFFFFL;
                last = Ipv4.parse(t.substring(dash + 1).trim()) & 0xFFFFFFFFL;
                if (last < first)
                    throw new IllegalArgumentException(
                            "a range runs upwards, not " + Text.quote(t));
            } else {
                long[] r = parseBlock(t).ranges().get(0);
                first = r[0];
                last = r[1];
            }
            if (last - first + 1 + out.size() > max)
                throw new IllegalArgumentException(
                        "at most " + max + " source addresses, not more");
            for (long a = first; a <= last; a++) out.add((int) a);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One address or CIDR block. */
    public static Ipv4RangeSet parseBlock(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            int a = Ipv4.parse(t);
            return Ipv4RangeSet.cidr(a, 32);
        }
        String addr = t.substring(0, slash), len = t.substring(slash + 1);
        int prefix;
        try {
            prefix = Integer.parseInt(len);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a CIDR block: " + Text.quote(text));
        }
        if (prefix < 0 || prefix > 32)
            throw new IllegalArgumentException("prefix length out of 0-32: " + Text.quote(text));
        if (prefix == 0) {
            Ipv4.parse(addr);
            return Ipv4RangeSet.ALL;
        }
        try {
            // commons-net validates the notation strictly; inclusive so /31 and /32 keep every
            // address.
            SubnetUtils su = new SubnetUtils(addr + "/" + prefix);
            su.setInclusiveHostCount(true);
            return Ipv4RangeSet.cidr(Ipv4.parse(su.getInfo().getNetworkAddress()), prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CIDR block: " + Text.quote(text));
        }
    }

    public static Ipv4RangeSet parseBlocks(List<String> texts) {
        List<long[]> all = new ArrayList<>();
        for (String t : texts) all.addAll(parseBlock(t).ranges());
        return Ipv4RangeSet.of(all);
    }

    public static Ipv4RangeSet parseListFile(Path file) {
        return parseListFile(null, file);
    }

    public static AddressList parseAddressFile(Path file, Ipv4RangeSet allowed) {
        return parseAddressFile(null, file, allowed);
    }

    /** A zmap-format allow/blocklist file's IPv4 blocks (its IPv6 ones are checked, not kept). */
    public static Ipv4RangeSet parseListFile(String option, Path file) {
        return parseBlockFile(option, file).v4();
    }

    /** The blocks of an allow/blocklist file, per family. */
    public record AddressBlocks(Ipv4RangeSet v4, Ipv6Ranges v6) {}

    /**
     * A zmap-format allow/blocklist file, IPv4 and IPv6 blocks mixed ("a.b.c.d/n", "2001:db8::/32"
     * or an address per line, '#' comments); errors name the option, the file and the line.
     */
    public static AddressBlocks parseBlockFile(String option, Path file) {
        List<long[]> all = new ArrayList<>(), all6 = new ArrayList<>();
        try (LineReader r = LineReader.open(option, file, false)) {
            String t;
            while ((t = r.readContentLine()) != null) {
                // zmap allows trailing words after the block; only the first one counts.
                String first = t.split("\\s+")[0];
                try {
                    if (AddressParser.isV6Text(first)) all6.add(parseBlock6(first));
                    else all.addAll(parseBlock(first).ranges());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(r.where() + ": " + e.getMessage());
                }
            }
        }
        return new AddressBlocks(Ipv4RangeSet.of(all), Ipv6Ranges.of(all6));
    }

    /** One IPv6 address or prefix (host bits ignored) as an interval. */
    public static long[] parseBlock6(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        int len = 128;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv6 prefix: " + Text.quote(text));
            }
            if (len < 0 || len > 128)
                throw new IllegalArgumentException(
                        "prefix length out of 0-128: " + Text.quote(text));
            t = t.substring(0, slash);
        }
        return Ipv6Ranges.prefix(AddressParser.parseNetwork(t), len);
    }

    /** The prefix length of an IPv6 block's text (128 for an address). */
    public static int prefixLength6(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? 128 : Integer.parseInt(text.substring(slash + 1).trim());
    }

    /**
     * A list-of-IPs file (zmap's -I): one address per line, millions of lines. Kept as a sorted int
     * array (4 bytes an address); blocked addresses are dropped.
     */
    public static AddressList parseAddressFile(String option, Path file, Ipv4RangeSet allowed) {
        return parseHitlist(option, file, allowed).v4();
    }

    /**
     * A hitlist's addresses: IPv4 ones sorted into an AddressList (blocked ones dropped), IPv6 ones
     * as two arrays of 64-bit halves (hi6[0, n6), lo6[0, n6)), in file order.
     */
    public record Hitlist(AddressList v4, long[] hi6, long[] lo6, int n6) {}

    /**
     * A list-of-IPs file or hitlist (zmap's -I, the IPv6 fork's --ipv6-target-file): one address
     * per line (IPv4 and IPv6 mixed; text after a comma or blank ignored, as in the public IPv6
     * Hitlist's files), read as a stream: 4 bytes an IPv4 address, 16 an IPv6 one, no hash set.
     */
    public static Hitlist parseHitlist(String option, Path file, Ipv4RangeSet allowed) {
        int[] a = new int[1 << 16];
        // Past the first 1,024 IPv6 lines, sized from the file (an IPv6 line is about 25 bytes or
        // more): few or no copies to grow, and an IPv4 list allocates nothing for IPv6.
        long guess = 1 << 10;
        try {
            guess = Math.max(guess, Math.min(java.nio.file.Files.size(file) / 24, 1L << 28));
        } catch (java.io.IOException | SecurityException unknown) {
            // a pipe (-I -): grow as lines come
        }
        long[] hi = new long[1 << 10], lo = new long[1 << 10];
        int n = 0, n6 = 0;
        try (LineReader r = LineReader.open(option, file, file.toString().endsWith(".gz"))) {
            int len;
            while ((len = r.readContentBytes()) >= 0) {
                byte[] b = r.lineBytes();
                int end = 0;
                boolean v6 = false; // a colon: IPv6
                for (; end < len; end++) {
                    int c = b[end] & 0xFF;
                    if (c == ',' || (c <= ' ' && Character.isWhitespace(c)))
                        break; // Latin-1's blanks: all <= ' '
                    v6 |= c == ':';
                }
                try {
                    if (v6) {
                        IpAddress v =
                                AddressParser.parse(
                                        new String(b, 0, end, StandardCharsets.ISO_8859_1));
                        if (n6 == hi.length) {
                            int grown =
                                    (int)
                                            Math.min(
                                                    Integer.MAX_VALUE - 8,
                                                    Math.max(guess, hi.length + (hi.length >> 1)));
                            hi = Arrays.copyOf(hi, grown);
                            lo = Arrays.copyOf(lo, grown);
                        }
                        hi[n6] = v.hi();
                        lo[n6++] = v.lo();
                    } else {
                        int v = Ipv4.parse(b, 0, end); // no String per line
                        if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
                        a[n++] = v;
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(r.where() + ": " + e.getMessage());
                }
            }
        }
        return new Hitlist(new AddressList(a, n, allowed), hi, lo, n6);
    }

    /** Ports as zmap takes them: "443", "80,443", "8000-8100,443". Sorted, without duplicates. */
    public static int[] parsePorts(String text) {
        if (text.trim().equals("*")) { // zmap's "every port"
            int[] all = new int[65535];
            for (int i = 0; i < all.length; i++) all[i] = i + 1;
            return all;
        }
        TreeSet<Integer> ports = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int dash = p.indexOf('-');
            try {
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).trim());
                if (lo < 1 || hi > 65535 || lo > hi)
                    throw new IllegalArgumentException("bad port or port range: " + Text.quote(p));
                for (int i = lo; i <= hi; i++) ports.add(i);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port or port range: " + Text.quote(p));
            }
        }
        if (ports.isEmpty()) throw new IllegalArgumentException("no ports in " + Text.quote(text));
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
