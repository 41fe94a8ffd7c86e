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
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.targets.TargetSpace;

/**
 * Builds a scan's target space from its configuration the way zmap does: the targets given (or the
 * allowlist, or everything), minus the blocklist. Without -b the built-in blocklist of reserved
 * ranges applies; -b replaces it (so -b /dev/null turns it off).
 */
public final class TargetSetup {
    private TargetSetup() {}

    public static final String DEFAULT_BLOCKLIST = "/blocklists/default.conf";

    public record Result(TargetSpace space, long blocked, Ipv4RangeSet blocklist) {}

    public static Ipv4RangeSet blocklist(String file) throws IOException {
        if (file != null) return TargetParser.parseListFile("-b/--blocklist-file", Path.of(file));
        try (InputStream in = TargetSetup.class.getResourceAsStream(DEFAULT_BLOCKLIST)) {
            if (in == null)
                throw new IOException("the built-in blocklist is missing from the build");
            Path tmp = Files.createTempFile("mptcpscan-blocklist", ".conf");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return TargetParser.parseListFile(tmp);
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
     * started) the walk is the original one whatever the blocklist file says now.
     */
    public static Result build(ScanConfig c, Ipv4RangeSet originalBlocklist) throws ScanException {
        try {
            Ipv4RangeSet block =
                    originalBlocklist != null
                            ? originalBlocklist
                            : blocklist(c.files().blocklist());
            Ipv4RangeSet allow;
            if (!c.targets().isEmpty()) {
                try {
                    allow = TargetParser.parseBlocks(c.targets());
                } catch (IllegalArgumentException e) {
                    throw ScanException.badInput("TARGET: " + e.getMessage());
                }
            } else if (c.files().listOfIps() != null) allow = Ipv4RangeSet.ALL;
            else if (c.files().allowlist() != null) allow = Ipv4RangeSet.ALL;
            else
                throw ScanException.badInput(
                        "TARGET: no targets: give addresses or CIDR blocks, -w ALLOWLIST or -I"
                                + " LIST");
            if (c.files().allowlist() != null)
                allow =
                        allow.intersect(
                                TargetParser.parseListFile(
                                        "-w/--allowlist-file", Path.of(c.files().allowlist())));
            int[] ports = c.ports();
            AddressSource src;
            long blocked;
            if (c.files().listOfIps() != null) {
                var list =
                        TargetParser.parseAddressFile(
                                "-I/--list-of-ips-file",
                                Path.of(c.files().listOfIps()),
                                allow.minus(block));
                src = list;
                blocked = -1;
            } else {
                Ipv4RangeSet allowed = allow.minus(block);
                blocked = allow.size() - allowed.size();
                src = allowed;
            }
            if (src.size() == 0) {
                String from =
                        c.files().listOfIps() != null
                                ? "-I/--list-of-ips-file " + Text.quote(c.files().listOfIps())
                                : c.targets().isEmpty()
                                        ? "-w/--allowlist-file " + Text.quote(c.files().allowlist())
                                        : c.files().allowlist() != null
                                                ? "TARGET within -w/--allowlist-file "
                                                        + Text.quote(c.files().allowlist())
                                                : "TARGET";
                throw ScanException.badInput(
                        from
                                + ": no targets left after the blocklist"
                                + (blocked > 0
                                        ? " ("
                                                + blocked
                                                + " addresses blocked by "
                                                + (c.files().blocklist() == null
                                                        ? "the built-in blocklist of reserved"
                                                                + " ranges: name another with -b"
                                                        : Text.quote(c.files().blocklist()))
                                                + ")"
                                        : ""));
            }
            return new Result(new TargetSpace(src, ports, c.seed()), blocked, block);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(e.getMessage());
        } catch (IOException e) {
            throw ScanException.failure("cannot read a target file: " + e.getMessage());
        }
    }

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
            md.update(b.flip());
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
