package net.mptcpscan.scan;

import java.util.List;
import net.mptcpscan.probe.ProbeModules;
import net.mptcpscan.wire.IpAddress;

/**
 * What a scan does, typed and checked: built only by {@link ScanRequest#parse()}, which reads the
 * options as given; the record's own checks keep an invalid one from existing at all. asGiven is
 * the request it came from: stored with the scan (so --resume re-reads exactly the same options)
 * and shown in -m. The secret keys reply validation and is never printed.
 */
public record ScanConfig(
        ScanRequest asGiven,
        List<String> targets,
        TargetFiles files,
        int[] ports,
        Rate rate,
        int probesPerVersion,
        long seed,
        Shard shard,
        long maxTargets,
        double maxRuntime,
        double cooldown,
        int senderThreads,
        LinkChoice link,
        List<ProbeModules> probes,
        int probeTtl,
        long maxResults,
        String label,
        String vantage,
        String campaign,
        boolean dryrun,
        boolean qdiscBypass,
        long secret0,
        long secret1) {

    public static final double MAX_RATE = 100_000_000,
            MAX_BANDWIDTH = 1e12,
            MAX_RUNTIME = 100L * 365 * 86400,
            MAX_COOLDOWN = 86400;
    public static final int MAX_THREADS = 64, MAX_SHARDS = 65535;

    public ScanConfig {
        targets = List.copyOf(targets);
        probes = List.copyOf(probes);
        ports = ports.clone();
        if (ports.length == 0) throw new IllegalArgumentException("-p/--target-ports: no ports");
        if (probesPerVersion < 1 || probesPerVersion * probes.size() > 255) {
            throw new IllegalArgumentException(
                    "-P/--probes: SYNs per target and version are 1 to "
                            + 255 / Math.max(1, probes.size())
                            + (probes.size() > 1
                                    ? " with " + probes.size() + " MP_CAPABLE versions"
                                    : "")
                            + ", not "
                            + probesPerVersion);
        }
        if (maxTargets < 0)
            throw new IllegalArgumentException(
                    "-n/--max-targets: the number of targets is 0 (all) or more, not "
                            + maxTargets);
        if (!(maxRuntime >= 0 && maxRuntime <= MAX_RUNTIME))
            throw new IllegalArgumentException(
                    "-t/--max-runtime: seconds are 0 (no limit) to "
                            + (long) MAX_RUNTIME
                            + ", not "
                            + maxRuntime);
        if (!(cooldown >= 0 && cooldown <= MAX_COOLDOWN))
            throw new IllegalArgumentException(
                    "-c/--cooldown-time: seconds are 0 to "
                            + (long) MAX_COOLDOWN
                            + ", not "
                            + cooldown);
        if (senderThreads < 1 || senderThreads > MAX_THREADS)
            throw new IllegalArgumentException(
                    "-T/--sender-threads: threads are 1 to "
                            + MAX_THREADS
                            + ", not "
                            + senderThreads);
        if (probeTtl < 1 || probeTtl > 255)
            throw new IllegalArgumentException("--probe-ttl: 1 to 255, not " + probeTtl);
        if (maxResults < 0)
            throw new IllegalArgumentException(
                    "-N/--max-results: 0 (no limit) or more, not " + maxResults);
        int sports = link.sourcePortLast() - link.sourcePortFirst() + 1;
        if (sports < probesPerVersion * probes.size()) {
            throw new IllegalArgumentException(
                    "-s/--source-port: each of a target's "
                            + probesPerVersion * probes.size()
                            + " SYNs needs its own source port; "
                            + link.sourcePortFirst()
                            + "-"
                            + link.sourcePortLast()
                            + " has fewer");
        }
    }

    /** zmap's -b, -w and -I files (null: not given; without -b the built-in blocklist applies). */
    public record TargetFiles(String blocklist, String allowlist, String listOfIps) {}

    /** -r or -B: packets per second, bits per second, or no limit. */
    public sealed interface Rate {
        /** Packets per second for frames of this average length (0: no limit). */
        double pps(double averageFrameBytes);

        record Unlimited() implements Rate {
            @Override
            public double pps(double averageFrameBytes) {
                return 0;
            }
        }

        record PacketsPerSecond(double pps) implements Rate {
            public PacketsPerSecond {
                if (!(pps > 0 && pps <= MAX_RATE))
                    throw new IllegalArgumentException(
                            "-r/--rate: packets per second are 0 (no limit) to 100,000,000, not "
                                    + pps);
            }

            @Override
            public double pps(double averageFrameBytes) {
                return pps;
            }
        }

        /** Counting each frame's Ethernet overhead (preamble, FCS, gap: 24 bytes) as zmap does. */
        record BitsPerSecond(double bps) implements Rate {
            public BitsPerSecond {
                if (!(bps >= 1 && bps <= MAX_BANDWIDTH))
                    throw new IllegalArgumentException(
                            "-B/--bandwidth: 1 bit/s to 1000G, not " + bps);
            }

            @Override
            public double pps(double averageFrameBytes) {
                return bps / ((averageFrameBytes + 24) * 8);
            }
        }
    }

    /** This machine's shard of a scan split across machines. */
    public record Shard(int index, int total) {
        public Shard {
            if (total < 1 || total > MAX_SHARDS)
                throw new IllegalArgumentException(
                        "--shards: shards are 1 to " + MAX_SHARDS + ", not " + total);
            if (index < 0 || index >= total)
                throw new IllegalArgumentException(
                        "--shard: this shard is 0 to --shards - 1 ("
                                + (total - 1)
                                + "), not "
                                + index);
        }
    }

    /**
     * Where probes leave from: each null means "found in the namespace's route and neighbour
     * tables". sourceIps: -S's addresses (the first is the one the link is resolved for).
     */
    public record LinkChoice(
            String iface,
            int[] sourceIps,
            int sourcePortFirst,
            int sourcePortLast,
            byte[] gatewayMac,
            byte[] sourceMac,
            IpAddress[] sourceIps6) {
        public LinkChoice(
                String iface,
                int[] sourceIps,
                int sourcePortFirst,
                int sourcePortLast,
                byte[] gatewayMac,
                byte[] sourceMac) {
            this(iface, sourceIps, sourcePortFirst, sourcePortLast, gatewayMac, sourceMac, null);
        }

        public LinkChoice {
            if (sourcePortFirst < 1 || sourcePortLast > 65535 || sourcePortFirst > sourcePortLast) {
                throw new IllegalArgumentException(
                        "-s/--source-port: a port or a range within 1 to 65535, not "
                                + sourcePortFirst
                                + "-"
                                + sourcePortLast);
            }
            gatewayMac = gatewayMac == null ? null : gatewayMac.clone();
            sourceMac = sourceMac == null ? null : sourceMac.clone();
            sourceIps = sourceIps == null || sourceIps.length == 0 ? null : sourceIps.clone();
            sourceIps6 = sourceIps6 == null || sourceIps6.length == 0 ? null : sourceIps6.clone();
        }

        /** The first IPv6 -S address, or null to find the interface's. */
        public IpAddress sourceIp6() {
            return sourceIps6 == null ? null : sourceIps6[0];
        }

        /** The first -S address, or null to find the interface's. */
        public Integer sourceIp() {
            return sourceIps == null ? null : sourceIps[0];
        }
    }

    /** The same scan at another rate: --resume -r, or --slow-on-drops going on slower. */
    public ScanConfig withRate(double pps) throws ScanException {
        return asGiven.withRate(pps, null).parse();
    }
}
