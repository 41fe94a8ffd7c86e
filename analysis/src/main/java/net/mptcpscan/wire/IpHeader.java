package net.mptcpscan.wire;

/**
 * What both IP versions' headers tell a scanner: who, to whom, what follows, how many hops left.
 */
public sealed interface IpHeader permits Ipv4Header, Ipv6Header {
    IpAddress source();

    IpAddress destination();

    /** The upper-layer protocol (for IPv6 the last next-header after extension headers). */
    int protocol();

    /** IPv4's TTL, IPv6's hop limit. */
    int ttl();

    default boolean v6() {
        return this instanceof Ipv6Header;
    }
}
