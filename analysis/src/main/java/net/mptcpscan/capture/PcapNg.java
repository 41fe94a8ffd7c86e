package net.mptcpscan.capture;

import java.io.IOException;
import java.io.InputStream;

/** Reads the start of a pcapng file (Section Header Block, first Interface Description Block). */
final class PcapNg {
    private PcapNg() {}

    /** g holds the first n (up to 24) bytes already read; the stream is positioned after them. */
    static PcapReader open(InputStream in, String name, byte[] g, int n) throws IOException, CaptureFormatException {
        if (n < 12) throw new CaptureFormatException(name + ": pcapng header cut short");
        int bom = ((g[8] & 0xFF) << 24) | ((g[9] & 0xFF) << 16) | ((g[10] & 0xFF) << 8) | (g[11] & 0xFF);
        boolean swapped;
        if (bom == 0x1A2B3C4D) swapped = false;
        else if (bom == 0x4D3C2B1A) swapped = true;
        else throw new CaptureFormatException(name + ": not a pcapng file (byte-order magic " + String.format("%08x", bom) + ")");
        int shbLen = PcapReader.read32(g, 4, swapped);
        if (shbLen < 28 || shbLen % 4 != 0 || shbLen > 1 << 20) throw new CaptureFormatException(name + ": bad pcapng section header");
        try {
            in.skipNBytes(shbLen - n);
        } catch (java.io.EOFException e) {
            throw new CaptureFormatException(name + ": pcapng section header cut short");
        }
        // The first Interface Description Block gives the link type.
        byte[] h = new byte[8];
        for (;;) {
            if (in.readNBytes(h, 0, 8) < 8) throw new CaptureFormatException(name + ": pcapng file without an interface");
            int type = PcapReader.read32(h, 0, swapped), len = PcapReader.read32(h, 4, swapped);
            if (len < 12 || len % 4 != 0 || len > 1 << 24) throw new CaptureFormatException(name + ": bad pcapng block");
            byte[] body = in.readNBytes(len - 8);
            if (body.length < len - 8) throw new CaptureFormatException(name + ": pcapng block cut short");
            if (type == 1) return PcapReader.ng(in, swapped, PcapReader.read32(body, 0, swapped) & 0xFFFF);
        }
    }
}
