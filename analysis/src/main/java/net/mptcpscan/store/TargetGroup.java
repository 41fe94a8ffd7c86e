package net.mptcpscan.store;

import java.util.Set;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;

/**
 * How many of an ended scan's targets share everything a report counts them by: address family,
 * port, verdict, MPTCP versions ("0,1"), the C and A bits, and echo evidence. A report sums these
 * instead of reading every target.
 */
public record TargetGroup(
        boolean v6,
        int port,
        ReplyClass verdict,
        String versions,
        boolean cBit,
        boolean aBit,
        Set<Evidence> evidence,
        long targets) {

    /** One target as a group of one. */
    public static TargetGroup of(net.mptcpscan.classify.TargetVerdict v) {
        return new TargetGroup(
                v.address().v6(),
                v.port(),
                v.verdict(),
                v.versions(),
                v.cBit(),
                v.aBit(),
                v.evidence(),
                1);
    }
}
