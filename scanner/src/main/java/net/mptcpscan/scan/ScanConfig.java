package net.mptcpscan.scan;

import java.util.List;
import net.mptcpscan.io.Text;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.wire.Ipv4;

/**
 * Everything a scan was asked to do, as given (text, not parsed): stored with the scan as
 * JSON so a resumed scan runs with exactly the same settings, and written to -m metadata.
 * The secret keys reply validation; it is never printed.
 */
public record ScanConfig(List<String> targets, String ports, double rate, String bandwidth, int probes, long seed,
                         int shards, int shard, long maxTargets, double maxRuntime, double cooldown, int senderThreads,
                         String iface, String sourceIp, String sourcePorts, String gatewayMac, String blocklistFile,
                         String allowlistFile, String listOfIpsFile, String mptcpVersions, String label, String vantage,
                         boolean dryrun, boolean qdiscBypass, long secret0, long secret1) {

    /** The documented ranges, in --help and here. */
    public static final double MAX_RATE = 100_000_000, MAX_BANDWIDTH = 1e12, MAX_RUNTIME = 100L * 365 * 86400, MAX_COOLDOWN = 86400;
    public static final int MAX_THREADS = 64, MAX_SHARDS = 65535;

    public ScanConfig withSecret(long s0, long s1) {
        return new ScanConfig(targets, ports, rate, bandwidth, probes, seed, shards, shard, maxTargets, maxRuntime, cooldown,
                senderThreads, iface, sourceIp, sourcePorts, gatewayMac, blocklistFile, allowlistFile, listOfIpsFile,
                mptcpVersions, label, vantage, dryrun, qdiscBypass, s0, s1);
    }

    /** The same scan at another rate (-r or -B given to --resume: a scan stopped for drops goes on slower). */
    public ScanConfig withRate(double r, String b) {
        return new ScanConfig(targets, ports, r, b, probes, seed, shards, shard, maxTargets, maxRuntime, cooldown,
                senderThreads, iface, sourceIp, sourcePorts, gatewayMac, blocklistFile, allowlistFile, listOfIpsFile,
                mptcpVersions, label, vantage, dryrun, qdiscBypass, secret0, secret1);
    }

    /** The same scan, sending nothing (-d given to --resume). */
    public ScanConfig asDryRun() {
        return new ScanConfig(targets, ports, rate, bandwidth, probes, seed, shards, shard, maxTargets, maxRuntime, cooldown,
                senderThreads, iface, sourceIp, sourcePorts, gatewayMac, blocklistFile, allowlistFile, listOfIpsFile,
                mptcpVersions, label, vantage, true, qdiscBypass, secret0, secret1);
    }

    /**
     * Checks every value against its documented range before anything is opened, stored or
     * sent: one line naming the option, exit 2. (Target files are read, and checked, later,
     * still before anything is stored.)
     */
    public ScanConfig validate() throws ScanException {
        for (String t : targets) if (t == null || t.isBlank()) throw bad("TARGET", "an empty target: give an address or a CIDR block");
        try { TargetParser.parsePorts(ports); } catch (IllegalArgumentException e) { throw bad("-p/--target-ports", e.getMessage() + " (ports are 1 to 65535)"); }
        if (!(rate >= 0 && rate <= MAX_RATE)) throw bad("-r/--rate", "packets per second are 0 (no limit) to 100,000,000, not " + number(rate));
        if (bandwidth != null) ScanPlan.bitsPerSecond(bandwidth);
        if (probes < 1 || probes > 255) throw bad("-P/--probes", "SYNs per target and version are 1 to 255, not " + probes);
        if (shards < 1 || shards > MAX_SHARDS) throw bad("--shards", "shards are 1 to " + MAX_SHARDS + ", not " + shards);
        if (shard < 0 || shard >= shards) throw bad("--shard", "this shard is 0 to --shards - 1 (" + (shards - 1) + "), not " + shard);
        if (maxTargets < 0) throw bad("-n/--max-targets", "the number of targets is 0 (all) or more, not " + maxTargets);
        if (!(maxRuntime >= 0 && maxRuntime <= MAX_RUNTIME)) throw bad("-t/--max-runtime", "seconds are 0 (no limit) to " + (long) MAX_RUNTIME + ", not " + number(maxRuntime));
        if (!(cooldown >= 0 && cooldown <= MAX_COOLDOWN)) throw bad("-c/--cooldown-time", "seconds are 0 to " + (long) MAX_COOLDOWN + ", not " + number(cooldown));
        if (senderThreads < 1 || senderThreads > MAX_THREADS) throw bad("-T/--sender-threads", "threads are 1 to " + MAX_THREADS + ", not " + senderThreads);
        if (iface != null && (iface.isEmpty() || iface.length() > 15 || iface.contains("/") || iface.isBlank() || !iface.strip().equals(iface)))
            throw bad("-i/--interface", Text.quote(iface) + " is not an interface name");
        if (sourceIp != null) {
            try { Ipv4.parse(sourceIp); } catch (IllegalArgumentException e) { throw bad("-S/--source-ip", e.getMessage()); }
        }
        if (gatewayMac != null) {
            try { LinkSetup.parseMac(gatewayMac); } catch (IllegalArgumentException e) { throw bad("-G/--gateway-mac", e.getMessage() + " (give it as 02:00:5e:00:53:01)"); }
        }
        fileName("-b/--blocklist-file", blocklistFile);
        fileName("-w/--allowlist-file", allowlistFile);
        fileName("-I/--list-of-ips-file", listOfIpsFile);
        List<Integer> versions = TargetSetup.versions(mptcpVersions);
        int[] sports = ScanPlan.sourcePorts(sourcePorts);
        if (sports[1] - sports[0] + 1 < probes * versions.size()) {
            throw bad("-s/--source-port", "each of a target's " + probes * versions.size() + " SYNs needs its own source port; " + sourcePorts + " has fewer");
        }
        if (probes * versions.size() > 255) throw bad("-P/--probes", "at most " + 255 / versions.size() + " with " + versions.size() + " MP_CAPABLE versions, not " + probes);
        name("--label", label);
        name("--vantage", vantage);
        return this;
    }

    private static void fileName(String option, String file) throws ScanException {
        if (file != null && file.isEmpty()) throw bad(option, "the file name is empty");
    }

    private static void name(String option, String value) throws ScanException {
        try { Text.requireName(option, value); } catch (IllegalArgumentException e) { throw ScanException.badInput(e.getMessage()); }
    }

    static ScanException bad(String option, String why) { return ScanException.badInput(option + ": " + why); }

    private static String number(double d) { return d == (long) d ? String.valueOf((long) d) : String.valueOf(d); }
}
