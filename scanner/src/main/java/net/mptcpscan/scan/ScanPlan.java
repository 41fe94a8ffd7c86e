package net.mptcpscan.scan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.io.Text;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.send.SendException;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.Ipv4;

/**
 * Everything a scan needs, resolved and checked once before anything is opened or sent:
 * the target space and each sender thread's walk, the link (interface, addresses, gateway),
 * the probe modules, the validation keys and the packet rate.
 */
record ScanPlan(ScanConfig cfg, TargetSpace space, Ipv4RangeSet blocklist, String fingerprint, Ipv4RangeSet optedOut, int[] sourcePorts,
                LinkSetup.Link link, ProbeModule[] probes, ProbeKeys keys, double pps, TargetSpace.Walk[] walks) {

    /** startPositions: a resumed scan's checkpoint (null for a new scan); stored: its walk, if it has one. */
    static ScanPlan resolve(ScanConfig cfg, long[] startPositions, StoredWalk stored, long scanId, PrintStream err) throws ScanException {
        TargetSetup.Result ts = TargetSetup.build(cfg, stored == null ? null : stored.blocklist());
        String fingerprint = TargetSetup.fingerprint(ts.space(), cfg.seed());
        Ipv4RangeSet optedOut = stored == null ? null : stored.optedOutSince(cfg, scanId, fingerprint, err);
        List<Integer> versions = TargetSetup.versions(cfg.mptcpVersions());
        int[] sports = sourcePorts(cfg.sourcePorts());
        LinkSetup.Link link = resolveLink(cfg);
        long tsval = (cfg.secret0() >>> 33) | 1;
        ProbeModule[] probes = probes(versions, ProbeContext.defaults(link.sourceMac(), link.gatewayMac(), link.sourceIp(), tsval));
        ProbeKeys keys = new ProbeKeys(cfg.secret0(), cfg.secret1(), sports[0], sports[1], probes.length * cfg.probes());
        return new ScanPlan(cfg, ts.space(), ts.blocklist(), fingerprint, optedOut, sports, link, probes, keys, packetRate(cfg, probes),
                walks(cfg, ts.space(), startPositions));
    }

    int slots() { return probes.length * cfg.probes(); }

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

    /** Only replies to our address and source ports cross into Java. */
    String captureFilter() {
        String me = Ipv4.toString(link.sourceIp());
        return "(tcp and dst host " + me + " and dst portrange " + sourcePorts[0] + "-" + sourcePorts[1] + ") or (icmp and dst host " + me + ")";
    }

    List<String> probeNames() {
        List<String> n = new ArrayList<>();
        for (ProbeModule p : probes) n.add(p.name());
        return n;
    }

    /** Where we send from and to: given by the user, or found in the namespace's route and neighbour tables. */
    private static LinkSetup.Link resolveLink(ScanConfig cfg) throws ScanException {
        try {
            Integer srcIp = cfg.sourceIp() == null ? null : Ipv4.parse(cfg.sourceIp());
            byte[] gw = cfg.gatewayMac() == null ? null : LinkSetup.parseMac(cfg.gatewayMac());
            if (cfg.dryrun() && (cfg.iface() == null || !LinkSetup.interfaceExists(cfg.iface())) && srcIp != null) {
                return new LinkSetup.Link(cfg.iface() == null ? "dryrun" : cfg.iface(), srcIp, new byte[6], 0, gw == null ? new byte[6] : gw);
            }
            return LinkSetup.resolve(cfg.iface(), srcIp, gw);
        } catch (IllegalArgumentException | SendException e) {
            throw ScanException.badInput(e.getMessage());
        }
    }

    /** One probe module per MP_CAPABLE version asked for, in slot order. */
    private static ProbeModule[] probes(List<Integer> versions, ProbeContext ctx) {
        ProbeModule[] probes = new ProbeModule[versions.size()];
        for (int i = 0; i < probes.length; i++) {
            int v = versions.get(i);
            probes[i] = v == 1 ? SynProbe.mptcpV1(ctx) : v == 0 ? SynProbe.mptcpV0(ctx) : SynProbe.plain(ctx);
        }
        return probes;
    }

    /** Each sender thread's walk of this shard, from its stored position when resuming; -n split across threads. */
    private static TargetSpace.Walk[] walks(ScanConfig cfg, TargetSpace space, long[] startPositions) {
        int threads = cfg.senderThreads();
        TargetSpace.Walk[] walks = new TargetSpace.Walk[threads];
        for (int t = 0; t < threads; t++) {
            long start = startPositions != null && t < startPositions.length ? startPositions[t] : 0;
            // -n split exactly: with fewer targets than threads, some threads send nothing.
            long cap = cfg.maxTargets() <= 0 ? Long.MAX_VALUE : cfg.maxTargets() / threads + (t < cfg.maxTargets() % threads ? 1 : 0);
            walks[t] = space.walk(cfg.shard(), cfg.shards(), t, threads, start, cap);
        }
        return walks;
    }

    static int[] sourcePorts(String text) throws ScanException {
        try {
            String t = text.trim();
            int dash = t.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim()), hi = dash < 0 ? lo : Integer.parseInt(t.substring(dash + 1).trim());
            if (lo < 1 || hi > 65535 || lo > hi) throw new NumberFormatException();
            return new int[] {lo, hi};
        } catch (NumberFormatException e) {
            throw ScanException.badInput("-s/--source-port: takes a port or a range like 32768-61000 (ports 1 to 65535), not " + Text.quote(text));
        }
    }

    /** Packets per second from -r, or from -B counting each frame's Ethernet overhead (preamble, FCS, gap) as zmap does. */
    static double packetRate(ScanConfig cfg, ProbeModule[] probes) throws ScanException {
        if (cfg.bandwidth() == null) return cfg.rate();
        double bps = bitsPerSecond(cfg.bandwidth());
        double avg = 0;
        for (ProbeModule p : probes) avg += p.frameLength();
        avg /= probes.length;
        return bps / ((avg + 24) * 8);
    }

    /** -B's text: bits per second with an optional K, M or G suffix, 1 to 1T. */
    static double bitsPerSecond(String text) throws ScanException {
        String b = text.trim().toUpperCase();
        double mult = 1;
        if (b.endsWith("G")) mult = 1e9; else if (b.endsWith("M")) mult = 1e6; else if (b.endsWith("K")) mult = 1e3;
        String digits = mult == 1 ? b : b.substring(0, b.length() - 1);
        double bps;
        try {
            // Digits only: Java would also take NaN, Infinity, hex floats and a trailing 'd'.
            if (!digits.matches("[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?")) throw new NumberFormatException();
            bps = Double.parseDouble(digits) * mult;
        } catch (NumberFormatException e) {
            throw ScanException.badInput("-B/--bandwidth: takes bits per second like 10M or 1G, not " + Text.quote(text));
        }
        if (!(bps >= 1 && bps <= ScanConfig.MAX_BANDWIDTH)) throw ScanException.badInput("-B/--bandwidth: 1 bit/s to 1000G, not " + Text.quote(text));
        return bps;
    }
}
