package net.mptcpscan.wire;

/**
 * ICMP destination unreachable (type 3) with the start of our probe quoted inside: its IPv4
 * source/destination and the TCP ports and sequence number (the first 8 TCP bytes). quotedSeq is -1
 * when the quote was cut short of it.
 */
public record IcmpUnreachable(
        int type,
        int code,
        int quotedSrc,
        int quotedDst,
        int quotedProtocol,
        int quotedSrcPort,
        int quotedDstPort,
        long quotedSeq) {
    public String codeName() {
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
