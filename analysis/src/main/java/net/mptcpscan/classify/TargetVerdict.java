package net.mptcpscan.classify;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.mptcpscan.wire.IpAddress;

/**
 * One verdict per target (address and port) from all the replies its probes got: the
 * highest-precedence class, and for mptcp the versions seen ("1", "0", "0,1").
 */
public record TargetVerdict(
        IpAddress address,
        int port,
        ReplyClass verdict,
        String versions,
        boolean cBit,
        boolean aBit,
        int replies,
        Set<Evidence> evidence) {

    public static TargetVerdict aggregate(
            IpAddress address, int port, Collection<Classification> replies) {
        if (replies.isEmpty())
            throw new IllegalArgumentException("a verdict needs at least one reply");
        ReplyClass best = null;
        TreeSet<Integer> versions = new TreeSet<>();
        boolean c = false, a = false;
        EnumSet<Evidence> ev = EnumSet.noneOf(Evidence.class);
        for (Classification r : replies) {
            if (best == null || r.replyClass().compareTo(best) < 0) best = r.replyClass();
            ev.addAll(r.evidence());
            if (r.replyClass() == ReplyClass.MPTCP) {
                if (r.mptcpVersion() != null) versions.add(r.mptcpVersion());
                c |= r.cBit();
                a |= r.aBit();
            }
        }
        return new TargetVerdict(
                address, port, best, versionsText(versions), c, a, replies.size(), ev);
    }

    /** The order of every target stream: address (IPv4 first), then port. */
    public static final java.util.Comparator<TargetVerdict> ORDER =
            java.util.Comparator.comparing(TargetVerdict::address)
                    .thenComparingInt(TargetVerdict::port);

    /** One target seen in two scans read as one (overlapping shards): its verdict over both. */
    public static TargetVerdict combine(TargetVerdict x, TargetVerdict y) {
        TreeSet<Integer> versions = new TreeSet<>();
        for (String v : (x.versions + "," + y.versions).split(","))
            if (!v.isEmpty()) versions.add(Integer.parseInt(v));
        EnumSet<Evidence> ev = EnumSet.noneOf(Evidence.class);
        ev.addAll(x.evidence);
        ev.addAll(y.evidence);
        return new TargetVerdict(
                x.address,
                x.port,
                x.verdict.compareTo(y.verdict) <= 0 ? x.verdict : y.verdict,
                versionsText(versions),
                x.cBit || y.cBit,
                x.aBit || y.aBit,
                x.replies + y.replies,
                ev);
    }

    public static String versionsText(Collection<Integer> versions) {
        return versions.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
    }
}
