package net.mptcpscan.scan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.send.SendException;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;

/**
 * Everything a scan needs, resolved and checked once before anything is opened or sent: the target
 * space and each sender thread's walk, the link (interface, addresses, gateway), the probe modules,
 * the validation keys and the packet rate.
 */
record ScanPlan(
        ScanConfig cfg,
        TargetSpace space,
        TargetParser.AddressBlocks blocklist,
        String fingerprint,
        TargetParser.AddressBlocks optedOut,
        int[] sourcePorts,
        LinkSetup.Link link,
        ProbeModule[] probes,
        ProbeKeys keys,
        double pps,
        TargetSpace.Walk[] walks) {

    /**
     * startPositions: a resumed scan's checkpoint (null for a new scan); stored: its walk, if it
     * has one.
     */
    static ScanPlan resolve(
            ScanConfig cfg,
            long[] startPositions,
            StoredWalk stored,
            long scanId,
            PrintStream err,
            PacketIo io)
            throws ScanException {
        TargetSetup.Result ts = TargetSetup.build(cfg, stored == null ? null : stored.blocklist());
        String fingerprint = TargetSetup.fingerprint(ts.space(), cfg.seed());
        TargetParser.AddressBlocks optedOut =
                stored == null ? null : stored.optedOutSince(cfg, scanId, fingerprint, err);
        int[] sports = {cfg.link().sourcePortFirst(), cfg.link().sourcePortLast()};
        boolean v6 = ts.space().addresses6().size() > 0;
        LinkSetup.Link link = resolveLink(cfg, io, v6);
        long tsval = (cfg.secret0() >>> 33) | 1;
        ProbeContext ctx =
                ProbeContext.defaults(link.sourceMac(), link.gatewayMac(), link.sourceIp(), tsval)
                        .withTtl(cfg.probeTtl())
                        .withGateway6(
                                link.gatewayMac6() != null
                                        ? link.gatewayMac6()
                                        : link.gatewayMac());
        ProbeModule[] probes =
                cfg.probes().stream().map(m -> m.build(ctx)).toArray(ProbeModule[]::new);
        ProbeKeys keys =
                new ProbeKeys(
                        cfg.secret0(),
                        cfg.secret1(),
                        sports[0],
                        sports[1],
                        probes.length * cfg.probesPerVersion());
        return new ScanPlan(
                cfg,
                ts.space(),
                new TargetParser.AddressBlocks(ts.blocklist(), ts.blocklist6()),
                fingerprint,
                optedOut,
                sports,
                link,
                probes,
                keys,
                packetRate(cfg, probes),
                walks(cfg, ts.space(), startPositions));
    }

    int slots() {
        return probes.length * cfg.probesPerVersion();
    }

    /** Targets in all walks of this shard. */
    long total() {
        long n = 0;
        for (TargetSpace.Walk w : walks) n += w.total();
        return n;
    }

    /** Each walk's position at the start: a resumed scan's checkpoint, else zeros. */
    long[] startPositions() {
        long[] p = new long[walks.length];
        for (int t = 0; t < p.length; t++) p[t] = walks[t].position();
        return p;
    }

    boolean allWalksDone() {
        for (TargetSpace.Walk w : walks) if (w.position() < w.total()) return false;
        return true;
    }

    /** The addresses probes leave from: -S's, or the interface's, per family. */
    SourceAddresses sources() {
        int[] given = cfg.link().sourceIps();
        int[] v4 = given != null ? given : new int[] {link.sourceIp()};
        IpAddress[] given6 = cfg.link().sourceIps6();
        IpAddress[] v6 =
                given6 != null
                        ? given6
                        : link.sourceIp6() != null
                                ? new IpAddress[] {link.sourceIp6()}
                                : new IpAddress[0];
        return SourceAddresses.of(v4, v6);
    }

    /**
     * Only replies to our addresses and source ports cross into Java. IPv6 is let through to our
     * address whatever follows its header: extension headers hide the TCP header from a BPF "tcp".
     */
    String captureFilter() {
        SourceAddresses s = sources();
        String to = toUs(s.v4());
        String v4 =
                "(tcp and "
                        + to
                        + " and dst portrange "
                        + sourcePorts[0]
                        + "-"
                        + sourcePorts[1]
                        + ") or (icmp and "
                        + to
                        + ")";
        if (s.v6Count() == 0 || space.addresses6().size() == 0) return v4;
        List<String> to6 = new ArrayList<>();
        for (int i = 0; i < s.v6Count(); i++) to6.add("ip6 dst host " + s.v6(i));
        return v4 + " or " + String.join(" or ", to6);
    }

    /**
     * A BPF test for "sent to one of these addresses": a host, or ranges of the IPv4 destination
     * field.
     */
    static String toUs(int[] addrs) {
        if (addrs.length == 1) return "dst host " + Ipv4.toString(addrs[0]);
        long[] sorted =
                java.util.Arrays.stream(addrs).mapToLong(a -> a & 0xFFFFFFFFL).sorted().toArray();
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) j++;
            ranges.add(
                    sorted[i] == sorted[j]
                            ? "ip[16:4] = " + sorted[i]
                            : "(ip[16:4] >= " + sorted[i] + " and ip[16:4] <= " + sorted[j] + ")");
            i = j + 1;
        }
        return "(" + String.join(" or ", ranges) + ")";
    }

    List<String> probeNames() {
        List<String> n = new ArrayList<>();
        for (ProbeModule p : probes) n.add(p.name());
        return n;
    }

    /**
     * Where we send from and to: given by the user, or found in the namespace's route and neighbour
     * tables.
     */
    private static LinkSetup.Link resolveLink(ScanConfig cfg, PacketIo io, boolean v6)
            throws ScanException {
        ScanConfig.LinkChoice c = cfg.link();
        try {
            LinkSetup.Link link;
            if (cfg.dryrun()
                    && (c.iface() == null || !LinkSetup.interfaceExists(c.iface()))
                    && c.sourceIp() != null) {
                link =
                        new LinkSetup.Link(
                                c.iface() == null ? "dryrun" : c.iface(),
                                c.sourceIp(),
                                new byte[6],
                                0,
                                c.gatewayMac() == null ? new byte[6] : c.gatewayMac(),
                                c.sourceIp6(),
                                c.gatewayMac() == null ? new byte[6] : c.gatewayMac());
                if (v6 && c.sourceIp6() == null)
                    throw ScanException.badInput(
                            "--dryrun without an interface: give an IPv6 -S address too (the scan"
                                    + " has IPv6 targets)");
            } else {
                link = io.link(c, v6);
            }
            // --source-mac: zmap's, for interfaces whose own address is not the one to send from.
            return c.sourceMac() == null
                    ? link
                    : new LinkSetup.Link(
                            link.iface(),
                            link.sourceIp(),
                            c.sourceMac(),
                            link.gateway(),
                            link.gatewayMac(),
                            link.sourceIp6(),
                            link.gatewayMac6());
        } catch (IllegalArgumentException | SendException e) {
            throw ScanException.badInput(e.getMessage());
        }
    }

    /**
     * Each sender thread's walk of this shard, from its stored position when resuming; -n split
     * across threads.
     */
    private static TargetSpace.Walk[] walks(
            ScanConfig cfg, TargetSpace space, long[] startPositions) {
        int threads = cfg.senderThreads();
        TargetSpace.Walk[] walks = new TargetSpace.Walk[threads];
        for (int t = 0; t < threads; t++) {
            long start =
                    startPositions != null && t < startPositions.length ? startPositions[t] : 0;
            // -n split exactly: with fewer targets than threads, some threads send nothing.
            long cap =
                    cfg.maxTargets() <= 0
                            ? Long.MAX_VALUE
                            : cfg.maxTargets() / threads + (t < cfg.maxTargets() % threads ? 1 : 0);
            walks[t] = space.walk(cfg.shard().index(), cfg.shard().total(), t, threads, start, cap);
        }
        return walks;
    }

    /** Packets per second from -r, or from -B for the average frame of these probes. */
    static double packetRate(ScanConfig cfg, ProbeModule[] probes) {
        double avg = 0;
        for (ProbeModule p : probes) avg += p.frameLength();
        return cfg.rate().pps(avg / probes.length);
    }
}
