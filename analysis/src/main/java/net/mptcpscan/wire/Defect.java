package net.mptcpscan.wire;

/**
 * Something malformed in a packet: where (the layer and byte offset from the start of the IPv4
 * header) and why. Decoders report defects; they never throw.
 */
public record Defect(String layer, int offset, String reason) {
    @Override
    public String toString() {
        return layer + "@" + offset + ": " + reason;
    }
}
