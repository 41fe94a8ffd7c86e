package net.mptcpscan.scan;

import java.util.List;

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

    public ScanConfig withSecret(long s0, long s1) {
        return new ScanConfig(targets, ports, rate, bandwidth, probes, seed, shards, shard, maxTargets, maxRuntime, cooldown,
                senderThreads, iface, sourceIp, sourcePorts, gatewayMac, blocklistFile, allowlistFile, listOfIpsFile,
                mptcpVersions, label, vantage, dryrun, qdiscBypass, s0, s1);
    }
}
