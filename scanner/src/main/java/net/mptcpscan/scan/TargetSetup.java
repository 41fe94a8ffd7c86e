package net.mptcpscan.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.io.Text;
import net.mptcpscan.targets.AddressSource;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.Ipv6Ranges;
import net.mptcpscan.targets.Ipv6Targets;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;

/**
 * Builds a scan's target space from its configuration the way zmap does: the targets given (or the
 * allowlist, or everything), minus the blocklist. Without -b the built-in blocklist of reserved
 * ranges applies; -b replaces it (so -b /dev/null turns it off).
 */
public final class TargetSetup {
    private TargetSetup() {}

    public static final String DEFAULT_BLOCKLIST = "/blocklists/default.conf";

    /** blocklist: the IPv4 one (stored with the scan); blocklist6 the IPv6 one. */
    public record Result(
            TargetSpace space, long blocked, Ipv4RangeSet blocklist, Ipv6Ranges blocklist6) {}

    /** The largest IPv6 prefix a scan walks: wider ones are scanned from hitlists. */
    public static final int WIDEST_WALK6 = 96;

    public static Ipv4RangeSet blocklist(String file) throws IOException {
        return blocks(file).v4();
    }

    /** The blocklist of both families: -b's file, or the built-in one. */
    public static TargetParser.AddressBlocks blocks(String file) throws IOException {
        if (file != null) return TargetParser.parseBlockFile("-b/--blocklist-file", Path.of(file));
        try (InputStream in = TargetSetup.class.getResourceAsStream(DEFAULT_BLOCKLIST)) {
            if (in == null)
                throw new IOException("the built-in blocklist is missing from the build");
            Path tmp = Files.createTempFile("mptcpscan-blocklist", ".conf");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return TargetParser.parseBlockFile(null, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    public static Result build(ScanConfig c) throws ScanException {
        return build(c, null);
    }

    /**
     * Builds the space; with {@code originalBlocklist} (a resumed scan's, as stored when it
     * started) the IPv4 walk is the original one whatever the blocklist file says now.
     *
     * <p>Per family: TARGETs of a family are walked (IPv6 prefixes up to /96), or filter -I's
     * addresses of that family; a family without TARGETs is not filtered; an allowlist restricts
     * only the families it names.
     */
    public static Result build(ScanConfig c, TargetParser.AddressBlocks originalBlocklist)
            throws ScanException {
        try {
            TargetParser.AddressBlocks blocks =
                    originalBlocklist != null && originalBlocklist.v6() != null
                            ? originalBlocklist
                            : blocks(c.files().blocklist());
            Ipv4RangeSet block = originalBlocklist != null ? originalBlocklist.v4() : blocks.v4();
            Ipv6Ranges block6 = blocks.v6();
            List<String> v4Texts = new ArrayList<>(), v6Texts = new ArrayList<>();
            for (String t : c.targets()) (AddressParser.isV6Text(t) ? v6Texts : v4Texts).add(t);
            boolean list = c.files().listOfIps() != null, allowFile = c.files().allowlist() != null;
            if (c.targets().isEmpty() && !list && !allowFile)
                throw ScanException.badInput(
                        "TARGET: no targets: give addresses or CIDR blocks, -w ALLOWLIST or -I"
                                + " LIST");
            Ipv4RangeSet allow;
            Ipv6Ranges allow6;
            try {
                allow =
                        !v4Texts.isEmpty()
                                ? TargetParser.parseBlocks(v4Texts)
                                : c.targets().isEmpty() || list ? Ipv4RangeSet.ALL : EMPTY4;
                List<long[]> p6 = new ArrayList<>();
                for (String t : v6Texts) {
                    int slash = t.indexOf('/');
                    AddressParser.parse(slash < 0 ? t : t.substring(0, slash)); // a target's form
                    p6.add(TargetParser.parseBlock6(t));
                    if (!list && TargetParser.prefixLength6(t) < WIDEST_WALK6)
                        throw new IllegalArgumentException(
                                Text.quote(t.trim())
                                        + " is wider than /"
                                        + WIDEST_WALK6
                                        + ": IPv6 is scanned from hitlists, not by walking;"
                                        + " give the addresses with -I (--ipv6-target-file)");
                }
                allow6 =
                        !v6Texts.isEmpty()
                                ? Ipv6Ranges.of(p6)
                                : c.targets().isEmpty() || list ? Ipv6Ranges.ALL : Ipv6Ranges.NONE;
            } catch (IllegalArgumentException e) {
                throw ScanException.badInput("TARGET: " + e.getMessage());
            }
            if (allowFile) {
                TargetParser.AddressBlocks w =
                        TargetParser.parseBlockFile(
                                "-w/--allowlist-file", Path.of(c.files().allowlist()));
                if (w.v4().size() > 0 || w.v6().isEmpty()) allow = allow.intersect(w.v4());
                if (!w.v6().isEmpty()) {
                    allow6 = allow6.intersect(w.v6());
                    if (!list && v6Texts.isEmpty())
                        for (long[] r : w.v6().ranges())
                            if (Ipv6Ranges.of(List.of(r)).size() > 1L << (128 - WIDEST_WALK6))
                                throw ScanException.badInput(
                                        "-w/--allowlist-file "
                                                + Text.quote(c.files().allowlist())
                                                + ": an IPv6 block wider than /"
                                                + WIDEST_WALK6
                                                + " would be walked: IPv6 is scanned from"
                                                + " hitlists; give the addresses with -I");
                } else if (!list && v6Texts.isEmpty()) allow6 = Ipv6Ranges.NONE;
            }
            int[] ports = c.ports();
            AddressSource src;
            Ipv6Targets src6;
            long blocked;
            Ipv6Ranges allowed6 = allow6.minus(block6);
            if (list) {
                TargetParser.Hitlist h =
                        TargetParser.parseHitlist(
                                "-I/--list-of-ips-file",
                                Path.of(c.files().listOfIps()),
                                allow.minus(block));
                src = h.v4();
                src6 = new Ipv6Targets(h.hi6(), h.lo6(), h.n6(), Ipv6Ranges.NONE, allowed6);
                blocked = -1;
            } else {
                Ipv4RangeSet allowed = allow.minus(block);
                blocked = allow.size() - allowed.size();
                src = allowed;
                src6 = new Ipv6Targets(new long[0], new long[0], 0, allowed6, Ipv6Ranges.ALL);
            }
            if (src.size() + src6.size() == 0) {
                String from =
                        list
                                ? "-I/--list-of-ips-file " + Text.quote(c.files().listOfIps())
                                : c.targets().isEmpty()
                                        ? "-w/--allowlist-file " + Text.quote(c.files().allowlist())
                                        : allowFile
                                                ? "TARGET within -w/--allowlist-file "
                                                        + Text.quote(c.files().allowlist())
                                                : "TARGET";
                throw ScanException.badInput(
                        from
                                + ": no targets left after the blocklist"
                                + (blocked > 0 || (!allow6.isEmpty() && allowed6.isEmpty())
                                        ? " ("
                                                + (blocked > 0 ? blocked + " addresses" : "all")
                                                + " blocked by "
                                                + (c.files().blocklist() == null
                                                        ? "the built-in blocklist of reserved"
                                                                + " ranges: name another with -b"
                                                        : Text.quote(c.files().blocklist()))
                                                + ")"
                                        : ""));
            }
            return new Result(new TargetSpace(src, src6, ports, c.seed()), blocked, block, block6);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(e.getMessage());
        } catch (IOException e) {
            throw ScanException.failure("cannot read a target file: " + e.getMessage());
        }
    }

    private static final Ipv4RangeSet EMPTY4 = Ipv4RangeSet.of(List.of());

    /**
     * A hash of what the walk visits (addresses in rank order, ports, seed): equal spaces, equal
     * walks.
     */
    public static String fingerprint(TargetSpace space, long seed) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16);
            AddressSource a = space.addresses();
            b.putLong(seed).putLong(a.size());
            for (int p : space.ports()) b.putInt(p);
            if (a instanceof Ipv4RangeSet r) {
                for (long[] range : r.ranges()) {
                    if (b.remaining() < 16) {
                        md.update(b.flip());
                        b.clear();
                    }
                    b.putLong(range[0]).putLong(range[1]);
                }
            } else {
                for (long i = 0; i < a.size(); i++) {
                    if (b.remaining() < 4) {
                        md.update(b.flip());
                        b.clear();
                    }
                    b.putInt(a.addressAt(i));
                }
            }
            Ipv6Targets a6 = space.addresses6();
            if (a6.size() > 0) {
                // IPv6 targets change the walk too; an IPv4-only scan's fingerprint is as before.
                b.putLong(a6.size());
                long[] x = new long[2];
                for (long i = 0; i < a6.listed(); i++) {
                    if (b.remaining() < 16) {
                        md.update(b.flip());
                        b.clear();
                    }
                    a6.addressAt(i, x);
                    b.putLong(x[0]).putLong(x[1]);
                }
                for (long[] r : a6.walked().ranges()) {
                    if (b.remaining() < 32) {
                        md.update(b.flip());
                        b.clear();
                    }
                    b.putLong(r[0]).putLong(r[1]).putLong(r[2]).putLong(r[3]);
                }
            }
            md.update(b.flip());
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IPv6 intervals as text ("first-last,..." in RFC 5952 text), stored with a scan. */
    public static String rangesText6(Ipv6Ranges r) {
        StringBuilder b = new StringBuilder();
        for (long[] x : r.ranges()) {
            if (b.length() > 0) b.append(',');
            b.append(IpAddress.v6(x[0], x[1])).append('-').append(IpAddress.v6(x[2], x[3]));
        }
        return b.toString();
    }

    public static Ipv6Ranges parseRangesText6(String text) {
        List<long[]> ranges = new ArrayList<>();
        if (!text.isEmpty())
            for (String r : text.split(",")) {
                int d = r.indexOf('-');
                IpAddress a = AddressParser.parseNetwork(r.substring(0, d)),
                        b = AddressParser.parseNetwork(r.substring(d + 1));
                ranges.add(new long[] {a.hi(), a.lo(), b.hi(), b.lo()});
            }
        return Ipv6Ranges.of(ranges);
    }

    /**
     * Ranges as text ("first-last,..." as unsigned numbers), to store a blocklist with its scan.
     */
    public static String rangesText(Ipv4RangeSet s) {
        StringBuilder b = new StringBuilder();
        for (long[] r : s.ranges()) {
            if (b.length() > 0) b.append(',');
            b.append(r[0]).append('-').append(r[1]);
        }
        return b.toString();
    }

    public static Ipv4RangeSet parseRangesText(String text) {
        List<long[]> ranges = new ArrayList<>();
        if (!text.isEmpty())
            for (String r : text.split(",")) {
                int d = r.indexOf('-');
                ranges.add(
                        new long[] {
                            Long.parseLong(r.substring(0, d)), Long.parseLong(r.substring(d + 1))
                        });
            }
        return Ipv4RangeSet.of(ranges);
    }
}
