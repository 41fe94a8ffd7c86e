package net.mptcpscan.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.mptcpscan.io.LineReader;
import net.mptcpscan.io.Text;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;

/**
 * A CAIDA Routeviews prefix-to-AS table ("prefix TAB length TAB asn" a line, plain or gzipped;
 * multi-origin ASNs like "13335_209242" kept as written). Longest-prefix match over one sorted
 * array of networks per prefix length (binary search, longest first); each AS text is kept once. A
 * full table (about a million prefixes, 75,000 ASes) takes about 20 MB and a second or two to load:
 * a hash map of boxed keys and a regular expression per line took 500 MB and 18 s.
 */
public final class Pfx2As {
    /** Per prefix length: networks and AS indexes as added, then sorted (lazily, once). */
    private final int[][] nets = new int[33][], asOf = new int[33][];

    private final int[] count = new int[33];
    private final List<String> asNames = new ArrayList<>();
    private final Map<String, Integer> asIndex = new HashMap<>();
    private boolean sorted = true;
    private int entries;

    /** Reads a table; any bad line is bad input naming the option, the file and the line. */
    public static Pfx2As load(String option, Path file) {
        Pfx2As t = new Pfx2As();
        String[] f = new String[3];
        try (LineReader r = LineReader.open(option, file, file.toString().endsWith(".gz"))) {
            String line;
            while ((line = r.readLine()) != null) {
                int n = fields(line, f);
                if (n == 0 || f[0].startsWith("#")) continue;
                if (n < 3)
                    throw new IllegalArgumentException(
                            r.where()
                                    + ": expected 'prefix length asn', not "
                                    + Text.quote(line.trim()));
                int len;
                IpAddress addr;
                try {
                    addr =
                            AddressParser.isV6Text(f[0])
                                    ? AddressParser.parseNetwork(f[0])
                                    : IpAddress.v4(Ipv4.parse(f[0]));
                    len = Integer.parseInt(f[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            r.where() + ": " + Text.printable(e.getMessage()));
                }
                int max = addr.v6() ? 128 : 32;
                if (len < 0 || len > max)
                    throw new IllegalArgumentException(
                            r.where() + ": prefix length " + len + " is not 0 to " + max);
                // Origins as CAIDA writes them: "3356", multi-origin "13335_209242", AS sets "1,2".
                if (!isOrigin(f[2]))
                    throw new IllegalArgumentException(
                            r.where() + ": not an AS number: " + Text.quote(f[2]));
                if (addr.v6()) t.add6(addr, len, f[2]);
                else t.add(addr.v4(), len, f[2]);
            }
        }
        if (t.entries == 0)
            throw new IllegalArgumentException(
                    (option == null ? "" : option + ": ")
                            + Text.quote(file.toString())
                            + " holds no prefixes");
        return t;
    }

    /** The first three whitespace-separated fields of a line into f; how many there are (<= 3). */
    private static int fields(String line, String[] f) {
        int n = 0, i = 0, len = line.length();
        while (n < 3) {
            while (i < len && Character.isWhitespace(line.charAt(i))) i++;
            if (i == len) break;
            int start = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) i++;
            f[n++] = line.substring(start, i);
        }
        return n;
    }

    /** digits, then more digits after '_' or ',' separators: [0-9]+([_,][0-9]+)* */
    static boolean isOrigin(String s) {
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') digit = true;
            else if ((c == '_' || c == ',') && digit) digit = false;
            else return false;
        }
        return digit;
    }

    private int asIndex(String asn) {
        Integer idx = asIndex.get(asn);
        if (idx == null) {
            idx = asNames.size();
            asNames.add(asn);
            asIndex.put(asn, idx);
        }
        return idx;
    }

    /**
     * IPv6 prefixes (routeviews-rv6 files), per length: up to /64 as the masked high halves in a
     * map per length (a few hundred thousand prefixes at most), longer ones by the whole masked
     * address.
     */
    private final Map<Long, Integer>[] nets6 = newMaps(65);

    private final Map<IpAddress, Integer>[] long6 = newMaps(129);

    @SuppressWarnings("unchecked")
    private static <K> Map<K, Integer>[] newMaps(int n) {
        return (Map<K, Integer>[]) new Map[n];
    }

    public void add6(IpAddress network, int length, String asn) {
        int idx = asIndex(asn);
        if (length <= 64) {
            if (nets6[length] == null) nets6[length] = new HashMap<>();
            nets6[length].put(network.hi() & mask64(length), idx);
        } else {
            if (long6[length] == null) long6[length] = new HashMap<>();
            long6[length].put(IpAddress.v6(network.hi(), network.lo() & mask64(length - 64)), idx);
        }
        entries++;
    }

    private static long mask64(int len) {
        return len == 0 ? 0 : -1L << (64 - len);
    }

    /** The origin AS of the longest prefix holding addr (either family), or null. */
    public String lookup(IpAddress addr) {
        if (!addr.v6()) return lookup(addr.v4());
        for (int len = 128; len > 64; len--) {
            Map<IpAddress, Integer> m = long6[len];
            if (m == null) continue;
            Integer i = m.get(IpAddress.v6(addr.hi(), addr.lo() & mask64(len - 64)));
            if (i != null) return asNames.get(i);
        }
        for (int len = 64; len >= 0; len--) {
            Map<Long, Integer> m = nets6[len];
            if (m == null) continue;
            Integer i = m.get(addr.hi() & mask64(len));
            if (i != null) return asNames.get(i);
        }
        return null;
    }

    public void add(int network, int length, String asn) {
        int idx = asIndex(asn);
        int c = count[length];
        if (nets[length] == null) {
            nets[length] = new int[16];
            asOf[length] = new int[16];
        } else if (c == nets[length].length) {
            nets[length] = Arrays.copyOf(nets[length], c * 2);
            asOf[length] = Arrays.copyOf(asOf[length], c * 2);
        }
        nets[length][c] = network & mask(length);
        asOf[length][c] = idx;
        count[length] = c + 1;
        sorted = false;
        entries++;
    }

    public int size() {
        return entries;
    }

    /** The origin AS of the longest prefix holding addr, or null. */
    public String lookup(int addr) {
        if (!sorted) sort();
        for (int len = 32; len >= 0; len--) {
            int c = count[len];
            if (c == 0) continue;
            int i = Arrays.binarySearch(nets[len], 0, c, addr & mask(len));
            if (i >= 0) return asNames.get(asOf[len][i]);
        }
        return null;
    }

    /**
     * Sorts each length's networks; a prefix listed twice keeps its last origin (as a map would).
     */
    private synchronized void sort() {
        if (sorted) return;
        for (int len = 0; len <= 32; len++) {
            int c = count[len];
            if (c == 0) continue;
            long[] k = new long[c];
            // network (signed, as binarySearch compares it) in the high half, the order added below
            for (int i = 0; i < c; i++) k[i] = ((long) nets[len][i] << 32) | i;
            Arrays.sort(k);
            int[] n = new int[c], a = new int[c];
            int out = 0;
            for (int i = 0; i < c; i++) {
                int net = (int) (k[i] >> 32), at = (int) k[i];
                if (out > 0 && n[out - 1] == net) out--; // a later line for the same prefix
                n[out] = net;
                a[out] = asOf[len][at];
                out++;
            }
            nets[len] = n;
            asOf[len] = a;
            count[len] = out;
        }
        sorted = true;
    }

    private static int mask(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }
}
