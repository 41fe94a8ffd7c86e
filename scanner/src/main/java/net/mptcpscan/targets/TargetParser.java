package net.mptcpscan.targets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.mptcpscan.wire.Ipv4;
import org.apache.commons.net.util.SubnetUtils;

/**
 * Parsing of target text, kept apart from the model: addresses, CIDR blocks, zmap's
 * allow/blocklist files ("a.b.c.d/n" or "a.b.c.d" per line, '#' comments) and port lists.
 * Errors are IllegalArgumentException with "file:line: why" messages.
 */
public final class TargetParser {
    private TargetParser() {}

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
        try { prefix = Integer.parseInt(len); } catch (NumberFormatException e) { throw new IllegalArgumentException("not a CIDR block: " + text); }
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix length out of 0-32: " + text);
        if (prefix == 0) { Ipv4.parse(addr); return Ipv4RangeSet.ALL; }
        try {
            // commons-net validates the notation strictly; inclusive so /31 and /32 keep every address.
            SubnetUtils su = new SubnetUtils(addr + "/" + prefix);
            su.setInclusiveHostCount(true);
            return Ipv4RangeSet.cidr(Ipv4.parse(su.getInfo().getNetworkAddress()), prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CIDR block: " + text);
        }
    }

    public static Ipv4RangeSet parseBlocks(List<String> texts) {
        List<long[]> all = new ArrayList<>();
        for (String t : texts) all.addAll(parseBlock(t).ranges());
        return Ipv4RangeSet.of(all);
    }

    /** A zmap-format allow/blocklist file. */
    public static Ipv4RangeSet parseListFile(Path file) throws IOException {
        List<long[]> all = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                String t = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (t.isEmpty()) continue;
                // zmap allows trailing words after the block; only the first one counts.
                String first = t.split("\\s+")[0];
                try { all.addAll(parseBlock(first).ranges()); }
                catch (IllegalArgumentException e) { throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage()); }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return Ipv4RangeSet.of(all);
    }

    /**
     * A list-of-IPs file (zmap's -I): one address per line, millions of lines. Kept as a
     * sorted int array (4 bytes an address); blocked addresses are dropped.
     */
    public static AddressList parseAddressFile(Path file, Ipv4RangeSet allowed) throws IOException {
        int[] a = new int[1 << 16];
        int n = 0, lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int hash = line.indexOf('#');
                String t = (hash >= 0 ? line.substring(0, hash) : line).trim();
                if (t.isEmpty()) continue;
                int comma = t.indexOf(',');
                if (comma >= 0) t = t.substring(0, comma).trim();
                int v;
                try { v = Ipv4.parse(t); } catch (IllegalArgumentException e) { throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage()); }
                if (n == a.length) a = Arrays.copyOf(a, a.length * 2);
                a[n++] = v;
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        return new AddressList(a, n, allowed);
    }

    /** Ports as zmap takes them: "443", "80,443", "8000-8100,443". Sorted, without duplicates. */
    public static int[] parsePorts(String text) {
        TreeSet<Integer> ports = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int dash = p.indexOf('-');
            try {
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).trim());
                if (lo < 0 || hi > 65535 || lo > hi) throw new IllegalArgumentException("bad port range: " + p);
                for (int i = lo; i <= hi; i++) ports.add(i);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port or port range: " + p);
            }
        }
        if (ports.isEmpty()) throw new IllegalArgumentException("no ports in '" + text + "'");
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
