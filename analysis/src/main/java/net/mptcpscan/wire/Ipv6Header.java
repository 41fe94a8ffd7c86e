package net.mptcpscan.wire;

/**
 * An IPv6 header as decoded, with the extension headers before the upper layer skipped:
 * extensionLength is their total size, protocol the next header they end with.
 */
public record Ipv6Header(
        IpAddress source,
        IpAddress destination,
        int protocol,
        int ttl,
        int payloadLength,
        int flowLabel,
        int extensionLength)
        implements IpHeader {}
