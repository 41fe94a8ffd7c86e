package net.mptcpscan.capture;

/**
 * Byte order of capture files: pcap and pcapng fields are in the writer's order, told by the magic
 * number (swapped: the file is little-endian, read on this big-endian view). Network fields inside
 * packets are big-endian and read with wire.Bytes instead.
 */
final class FileOrder {
    private FileOrder() {}

    static int read16(byte[] b, int off, boolean swapped) {
        return swapped
                ? (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8
                : (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static int read32(byte[] b, int off, boolean swapped) {
        if (swapped)
            return (b[off] & 0xFF)
                    | ((b[off + 1] & 0xFF) << 8)
                    | ((b[off + 2] & 0xFF) << 16)
                    | ((b[off + 3] & 0xFF) << 24);
        return ((b[off] & 0xFF) << 24)
                | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    /** Our captures are written little-endian, as tcpdump on x86 writes them. */
    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
