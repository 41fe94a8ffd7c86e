package net.mptcpscan.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import net.mptcpscan.wire.Ipv4;

/**
 * A CAIDA Routeviews prefix-to-AS table ("prefix TAB length TAB asn" a line, plain or
 * gzipped; multi-origin ASNs like "13335_209242" kept as written). Longest-prefix match
 * with one hash map per prefix length.
 */
public final class Pfx2As {
    @SuppressWarnings("unchecked")
    private final Map<Integer, String>[] byLength = new Map[33];
    private int entries;

    public static Pfx2As load(Path file) throws IOException {
        Pfx2As t = new Pfx2As();
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(
                file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.US_ASCII))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] f = l.split("\\s+");
                if (f.length < 3) throw new IllegalArgumentException(file + ":" + n + ": expected 'prefix length asn'");
                int len;
                int addr;
                try { addr = Ipv4.parse(f[0]); len = Integer.parseInt(f[1]); }
                catch (IllegalArgumentException e) { throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage()); }
                if (len < 0 || len > 32) throw new IllegalArgumentException(file + ":" + n + ": prefix length " + len);
                t.add(addr, len, f[2]);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return t;
    }

    public void add(int network, int length, String asn) {
        if (byLength[length] == null) byLength[length] = new HashMap<>();
        byLength[length].put(network & mask(length), asn);
        entries++;
    }

    public int size() { return entries; }

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

    private static int mask(int len) { return len == 0 ? 0 : -1 << (32 - len); }
}
