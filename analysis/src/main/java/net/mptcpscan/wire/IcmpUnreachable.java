package net.mptcpscan.wire;

/**
 * A destination unreachable (ICMP type 3, ICMPv6 type 1) with the start of our probe quoted inside:
 * its source/destination and the TCP ports and sequence number (the first 8 TCP bytes). quotedSeq
 * is -1 when the quote was cut short of it.
 */
public record IcmpUnreachable(
        boolean v6,
        int type,
        int code,
        IpAddress quotedSrc,
        IpAddress quotedDst,
        int quotedProtocol,
        int quotedSrcPort,
        int quotedDstPort,
        long quotedSeq) {
    public String codeName() {
        if (v6)
            return switch (code) {
                case 0 -> "no-route";
                case 1 -> "admin-prohibited";
                case 2 -> "beyond-scope";
                case 3 -> "address-unreachable";
                case 4 -> "port-unreachable";
                case 5 -> "source-policy-failed";
                case 6 -> "reject-route";
                default -> "code-" + code;
            };
        return switch (code) {
            case 0 -> "net-unreachable";
            case 1 -> "host-unreachable";
            case 2 -> "protocol-unreachable";
            case 3 -> "port-unreachable";
            case 9, 10, 13 -> "admin-prohibited";
            default -> "code-" + code;
        };
    }
}
