package net.mptcpscan.wire;

/**
 * An IPv4 header as decoded; addresses are the 32 bits in an int (use {@link Ipv4#toString(int)}).
 */
public record Ipv4Header(
        int src,
        int dst,
        int protocol,
        int ttl,
        int headerLength,
        int totalLength,
        int identification,
        boolean checksumValid,
        int optionsLength)
        implements IpHeader {
    @Override
    public IpAddress source() {
        return IpAddress.v4(src);
    }

    @Override
    public IpAddress destination() {
        return IpAddress.v4(dst);
    }
}
