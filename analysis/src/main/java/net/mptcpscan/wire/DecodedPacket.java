package net.mptcpscan.wire;

import java.util.List;

/**
 * One frame as the decoder understood it. ip is null when the frame carries no readable IPv4 or
 * IPv6; exactly one of tcp and icmp is set for the packets a scanner cares about.
 */
public record DecodedPacket(
        IpHeader ip, TcpSegment tcp, IcmpUnreachable icmp, List<Defect> defects) {
    public DecodedPacket {
        defects = List.copyOf(defects);
    }

    public boolean hasDefects() {
        return !defects.isEmpty();
    }
}
