package net.mptcpscan.capture;

import java.io.IOException;
import java.io.InputStream;

/** Reads the start of a pcapng file (Section Header Block, first Interface Description Block). */
final class PcapNg {
    private PcapNg() {}

    /** Microseconds, the default when an interface has no if_tsresol option. */
    static final byte MICROSECONDS = 6;

    /**
     * The if_tsresol option (code 9) of an Interface Description Block body: 10^-v seconds per
     * unit, or 2^-(v & 0x7f) when the top bit is set. Tools write 9 for nanoseconds.
     */
    static byte tsresol(byte[] body, boolean swapped) {
        int off = 8; // link type, reserved, snaplen
        while (off + 4 <= body.length) {
            int code = FileOrder.read16(body, off, swapped),
                    len = FileOrder.read16(body, off + 2, swapped);
            if (code == 0 || off + 4 + len > body.length)
                break; // opt_endofopt, or damaged: keep the default
            if (code == 9 && len >= 1) return body[off + 4];
            off += 4 + ((len + 3) & ~3);
        }
        return MICROSECONDS;
    }

    /** A timestamp in an interface's units as microseconds since 1970. */
    static long toMicros(long units, byte resol) {
        if ((resol & 0x80) != 0) {
            int shift = resol & 0x7F;
            if (shift == 0) return units * 1_000_000L;
            if (shift >= 63) return 0;
            return (units >>> shift) * 1_000_000L
                    + (((units & ((1L << shift) - 1)) * 1_000_000L) >>> shift);
        }
        long p = 1;
        if (resol >= 6) {
            for (int i = 6; i < resol && i < 24; i++) p *= 10;
            return units / p;
        }
        for (int i = resol; i < 6; i++) p *= 10;
        return units * p;
    }

    /** g holds the first n (up to 24) bytes already read; the stream is positioned after them. */
    static PcapReader open(InputStream in, String name, byte[] g, int n)
            throws IOException, CaptureFormatException {
        if (n < 12) throw new CaptureFormatException(name + ": pcapng header cut short");
        int bom =
                ((g[8] & 0xFF) << 24)
                        | ((g[9] & 0xFF) << 16)
                        | ((g[10] & 0xFF) << 8)
                        | (g[11] & 0xFF);
        boolean swapped;
        if (bom == 0x1A2B3C4D) swapped = false;
        else if (bom == 0x4D3C2B1A) swapped = true;
        else
            throw new CaptureFormatException(
                    name
                            + ": not a pcapng file (byte-order magic "
                            + String.format("%08x", bom)
                            + ")");
        int shbLen = FileOrder.read32(g, 4, swapped);
        if (shbLen < 28 || shbLen % 4 != 0 || shbLen > 1 << 20)
            throw new CaptureFormatException(name + ": bad pcapng section header");
        try {
            in.skipNBytes(shbLen - n);
        } catch (java.io.EOFException e) {
            throw new CaptureFormatException(name + ": pcapng section header cut short");
        }
        // The first Interface Description Block gives the link type.
        byte[] h = new byte[8];
        for (; ; ) {
            if (in.readNBytes(h, 0, 8) < 8)
                throw new CaptureFormatException(name + ": pcapng file without an interface");
            int type = FileOrder.read32(h, 0, swapped), len = FileOrder.read32(h, 4, swapped);
            if (len < 12 || len % 4 != 0 || len > 1 << 24)
                throw new CaptureFormatException(name + ": bad pcapng block");
            byte[] body = in.readNBytes(len - 8);
            if (body.length < len - 8)
                throw new CaptureFormatException(name + ": pcapng block cut short");
            // The link type is a 16-bit field: read as one, so big-endian files (written on such
            // machines) read right too.
            if (type == 1)
                return PcapReader.ng(
                        in, swapped, FileOrder.read16(body, 0, swapped), tsresol(body, swapped));
        }
    }
}
