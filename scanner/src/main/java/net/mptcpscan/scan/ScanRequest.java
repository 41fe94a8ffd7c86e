package net.mptcpscan.scan;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.io.Text;
import net.mptcpscan.probe.ProbeModules;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;

/**
 * A scan's options as the user gave them (text, as on the command line): stored with the scan as
 * JSON, so a resumed scan re-reads exactly the same options, and parsed once, by {@link #parse()},
 * into a typed {@link ScanConfig} before anything is opened or sent. Options added later are absent
 * from older stored scans: they read as null (probeTtl) or 0, the default.
 */
public record ScanRequest(
        List<String> targets,
        String ports,
        double rate,
        String bandwidth,
        int probes,
        long seed,
        int shards,
        int shard,
        String maxTargets,
        double maxRuntime,
        double cooldown,
        int senderThreads,
        String iface,
        String sourceIp,
        String sourcePorts,
        String gatewayMac,
        String blocklistFile,
        String allowlistFile,
        String listOfIpsFile,
        String mptcpVersions,
        String label,
        String vantage,
        String campaign,
        boolean dryrun,
        boolean qdiscBypass,
        long secret0,
        long secret1,
        String sourceMac,
        Integer probeTtl,
        long maxResults) {

    /**
     * The probe TTL without --probe-ttl: a Linux client's 64, as the rest of the SYN (zmap's is
     * 255).
     */
    public static final int DEFAULT_TTL = 64;

    /** -S takes at most this many addresses (zmap's ranges are seldom longer). */
    public static final int MAX_SOURCES = 65536;

    public ScanRequest {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public ScanRequest withSecret(long s0, long s1) {
        return with(rate, bandwidth, dryrun, s0, s1);
    }

    /**
     * The same scan at another rate (-r or -B given to --resume: a scan stopped for drops goes on
     * slower).
     */
    public ScanRequest withRate(double r, String b) {
        return with(r, b, dryrun, secret0, secret1);
    }

    /** The same scan, sending nothing (-d given to --resume). */
    public ScanRequest asDryRun() {
        return with(rate, bandwidth, true, secret0, secret1);
    }

    /** This request with the few values a resume or a new scan changes; the rest as given. */
    private ScanRequest with(double r, String b, boolean dry, long s0, long s1) {
        return new ScanRequest(
                targets,
                ports,
                r,
                b,
                probes,
                seed,
                shards,
                shard,
                maxTargets,
                maxRuntime,
                cooldown,
                senderThreads,
                iface,
                sourceIp,
                sourcePorts,
                gatewayMac,
                blocklistFile,
                allowlistFile,
                listOfIpsFile,
                mptcpVersions,
                label,
                vantage,
                campaign,
                dry,
                qdiscBypass,
                s0,
                s1,
                sourceMac,
                probeTtl,
                maxResults);
    }

    /**
     * Parses and checks every option against its documented range before anything is opened, stored
     * or sent: one line naming the option, exit 2. (Target files are read, and checked, later,
     * still before anything is stored.)
     */
    public ScanConfig parse() throws ScanException {
        try {
            for (String t : targets)
                if (t == null || t.isBlank())
                    throw bad("TARGET", "an empty target: give an address or a CIDR block");
            int[] portList;
            try {
                portList = TargetParser.parsePorts(ports);
            } catch (IllegalArgumentException e) {
                throw bad("-p/--target-ports", e.getMessage() + " (ports are 1 to 65535)");
            }
            if (iface != null
                    && (iface.isEmpty()
                            || iface.length() > 15
                            || iface.contains("/")
                            || iface.isBlank()
                            || !iface.strip().equals(iface)))
                throw bad("-i/--interface", Text.quote(iface) + " is not an interface name");
            int[] srcIps = null;
            IpAddress[] srcIps6 = null;
            if (sourceIp != null) {
                try {
                    // IPv6 sources are single addresses; the rest zmap's forms for IPv4
                    List<String> v4 = new ArrayList<>();
                    List<IpAddress> v6 = new ArrayList<>();
                    for (String part : sourceIp.split(",", -1)) {
                        if (AddressParser.isV6Text(part)) {
                            IpAddress a = AddressParser.parse(part);
                            if (!v6.contains(a)) v6.add(a);
                        } else v4.add(part);
                    }
                    if (v6.size() > MAX_SOURCES)
                        throw new IllegalArgumentException(
                                "at most " + MAX_SOURCES + " IPv6 source addresses, not more");
                    if (!v4.isEmpty())
                        srcIps =
                                TargetParser.parseSourceAddresses(
                                        String.join(",", v4), MAX_SOURCES);
                    if (!v6.isEmpty()) srcIps6 = v6.toArray(IpAddress[]::new);
                } catch (IllegalArgumentException e) {
                    throw bad("-S/--source-ip", e.getMessage());
                }
            }
            byte[] gw = mac("-G/--gateway-mac", gatewayMac), src = mac("--source-mac", sourceMac);
            fileName("-b/--blocklist-file", blocklistFile);
            fileName("-w/--allowlist-file", allowlistFile);
            fileName("-I/--list-of-ips-file", listOfIpsFile);
            List<ProbeModules> modules;
            try {
                modules = ProbeModules.listed(mptcpVersions);
            } catch (IllegalArgumentException e) {
                throw bad("--mptcp-versions", e.getMessage());
            }
            int[] sports = sourcePortRange(sourcePorts);
            name("--label", label);
            name("--vantage", vantage);
            name("--campaign", campaign);
            return new ScanConfig(
                    this,
                    targets,
                    new ScanConfig.TargetFiles(blocklistFile, allowlistFile, listOfIpsFile),
                    portList,
                    parsedRate(),
                    probes,
                    seed,
                    new ScanConfig.Shard(shard, shards),
                    parsedMaxTargets(portList.length),
                    maxRuntime,
                    cooldown,
                    senderThreads,
                    new ScanConfig.LinkChoice(
                            iface, srcIps, sports[0], sports[1], gw, src, srcIps6),
                    modules,
                    probeTtl == null ? DEFAULT_TTL : probeTtl,
                    maxResults,
                    label,
                    vantage,
                    campaign,
                    dryrun,
                    qdiscBypass,
                    secret0,
                    secret1);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(e.getMessage());
        }
    }

    private ScanConfig.Rate parsedRate() throws ScanException {
        if (bandwidth != null) return new ScanConfig.Rate.BitsPerSecond(bitsPerSecond(bandwidth));
        if (!(rate >= 0 && rate <= ScanConfig.MAX_RATE))
            throw bad(
                    "-r/--rate",
                    "packets per second are 0 (no limit) to 100,000,000, not " + number(rate));
        return rate == 0
                ? new ScanConfig.Rate.Unlimited()
                : new ScanConfig.Rate.PacketsPerSecond(rate);
    }

    /**
     * -n: a number, or zmap's percentage of the search space (2^32 addresses times the ports), as
     * zmap computes it.
     */
    private long parsedMaxTargets(int portCount) throws ScanException {
        String t = maxTargets == null ? "0" : maxTargets.trim();
        boolean percent = t.endsWith("%");
        String digits = percent ? t.substring(0, t.length() - 1) : t;
        double v;
        try {
            if (!digits.matches(percent ? "[0-9]+(\\.[0-9]*)?" : "[0-9]+"))
                throw new NumberFormatException();
            v = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw bad(
                    "-n/--max-targets",
                    "takes a number of targets or a percentage of the address space (10%), not "
                            + Text.quote(maxTargets));
        }
        double space = (double) (1L << 32) * portCount;
        if (percent && v > 100)
            throw bad(
                    "-n/--max-targets", "a percentage is 0 to 100, not " + Text.quote(maxTargets));
        if (percent) v = v * space / 100;
        return (long) Math.min(v, space);
    }

    /** -s: a port or a range, e.g. 32768-61000. */
    static int[] sourcePortRange(String text) throws ScanException {
        try {
            String t = text.trim();
            int dash = t.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim()),
                    hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1).trim());
            if (lo < 1 || hi > 65535 || lo > hi) throw new NumberFormatException();
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw bad(
                    "-s/--source-port",
                    "takes a port or a range like 32768-61000 (ports 1 to 65535), not "
                            + Text.quote(text));
        }
    }

    /** -B's text: bits per second with an optional K, M or G suffix, 1 to 1T. */
    static double bitsPerSecond(String text) throws ScanException {
        String b = text.trim().toUpperCase();
        double mult = 1;
        if (b.endsWith("G")) mult = 1e9;
        else if (b.endsWith("M")) mult = 1e6;
        else if (b.endsWith("K")) mult = 1e3;
        String digits = mult == 1 ? b : b.substring(0, b.length() - 1);
        double bps;
        try {
            // Digits only: Java would also take NaN, Infinity, hex floats and a trailing 'd'.
            if (!digits.matches("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?"))
                throw new NumberFormatException();
            bps = Double.parseDouble(digits) * mult;
        } catch (NumberFormatException e) {
            throw bad(
                    "-B/--bandwidth",
                    "takes bits per second like 10M or 1G, not " + Text.quote(text));
        }
        if (!(bps >= 1 && bps <= ScanConfig.MAX_BANDWIDTH))
            throw bad("-B/--bandwidth", "1 bit/s to 1000G, not " + Text.quote(text));
        return bps;
    }

    private static byte[] mac(String option, String text) throws ScanException {
        if (text == null) return null;
        try {
            return LinkSetup.parseMac(text);
        } catch (IllegalArgumentException e) {
            throw bad(option, e.getMessage() + " (give it as 02:00:5e:00:53:01)");
        }
    }

    private static void fileName(String option, String file) throws ScanException {
        if (file != null && file.isEmpty()) throw bad(option, "the file name is empty");
    }

    private static void name(String option, String value) throws ScanException {
        try {
            Text.requireName(option, value);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(e.getMessage());
        }
    }

    static ScanException bad(String option, String why) {
        return ScanException.badInput(option + ": " + why);
    }

    private static String number(double d) {
        return d == (long) d ? String.valueOf((long) d) : String.valueOf(d);
    }
}
