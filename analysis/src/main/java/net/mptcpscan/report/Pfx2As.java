package net.mptcpscan.report;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.mptcpscan.io.LineReader;
import net.mptcpscan.io.Text;
import net.mptcpscan.wire.Ipv4;

/**
 * A CAIDA Routeviews prefix-to-AS table ("prefix TAB length TAB asn" a line, plain or gzipped;
 * multi-origin ASNs like "13335_209242" kept as written). Longest-prefix match with one hash map
 * per prefix length.
 */
public final class Pfx2As {
    @SuppressWarnings("unchecked")
    private final Map<Integer, String>[] byLength = new Map[33];

    private int entries;

    /** Reads a table; any bad line is bad input naming the option, the file and the line. */
    public static Pfx2As load(String option, Path file) {
        Pfx2As t = new Pfx2As();
        try (LineReader r = LineReader.open(option, file, file.toString().endsWith(".gz"))) {
            String line;
            while ((line = r.readLine()) != null) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] f = l.split("\\s+");
                if (f.length < 3)
                    throw new IllegalArgumentException(
                            r.where() + ": expected 'prefix length asn', not " + Text.quote(l));
                int len;
                int addr;
                try {
                    addr = Ipv4.parse(f[0]);
                    len = Integer.parseInt(f[1]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            r.where() + ": " + Text.printable(e.getMessage()));
                }
                if (len < 0 || len > 32)
                    throw new IllegalArgumentException(
                            r.where() + ": prefix length " + len + " is not 0 to 32");
                // Origins as CAIDA writes them: "3356", multi-origin "13335_209242", AS sets "1,2".
                if (!f[2].matches("[0-9]+([_,][0-9]+)*"))
                    throw new IllegalArgumentException(
                            r.where() + ": not an AS number: " + Text.quote(f[2]));
                t.add(addr, len, f[2]);
            }
        }
        if (t.entries == 0)
            throw new IllegalArgumentException(
                    (option == null ? "" : option + ": ")
                            + Text.quote(file.toString())
                            + " holds no prefixes");
        return t;
    }

    public void add(int network, int length, String asn) {
        if (byLength[length] == null) byLength[length] = new HashMap<>();
        byLength[length].put(network & mask(length), asn);
        entries++;
    }

    public int size() {
        return entries;
    }

    /** The origin AS of the longest prefix holding addr, or null. */
    public String lookup(int addr) {
        for (int len = 32; len >= 0; len--) {
            Map<Integer, String> m = byLength[len];
            if (m == null) continue;
            String as = m.get(addr & mask(len));
            if (as != null) return as;
        }
        return null;
    }

    private static int mask(int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }
}
