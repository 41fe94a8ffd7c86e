package net.mptcpscan.capture;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.mptcpscan.wire.LinkType;

/**
 * Streams the records of a capture file: classic pcap (either byte order, micro- or nanosecond
 * timestamps) or pcapng (Wireshark's default; one link type across its interfaces). A reused buffer
 * holds each frame: callers copy what they keep.
 */
public final class PcapReader implements AutoCloseable {
    /** Receives each record; buf[0, capLen) is the frame as captured. */
    public interface FrameHandler {
        void onFrame(long timestampMicros, byte[] buf, int capLen, int origLen);
    }

    private final InputStream in;
    private final boolean swapped, nanos;
    private final boolean ng;
    private final int linkTypeNumber;
    private final LinkType linkType;
    private final byte[] hdr = new byte[16];

    /** pcapng: each interface's timestamp resolution (if_tsresol), by interface id. */
    private byte[] tsresol = new byte[0];

    private byte[] buf = new byte[65536];
    private long records;

    private PcapReader(InputStream in, boolean swapped, boolean nanos, int linkType, boolean ng) {
        this.in = in;
        this.swapped = swapped;
        this.nanos = nanos;
        this.linkTypeNumber = linkType;
        this.linkType = LinkType.of(linkType);
        this.ng = ng;
    }

    public static PcapReader open(Path file) throws IOException, CaptureFormatException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return open(in, file.toString());
        } catch (IOException | CaptureFormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static PcapReader open(InputStream in, String name)
            throws IOException, CaptureFormatException {
        byte[] g = new byte[24];
        int n = in.readNBytes(g, 0, 24);
        if (n < 4) throw new CaptureFormatException(name + ": not a pcap file (too short)");
        int magic =
                ((g[0] & 0xFF) << 24)
                        | ((g[1] & 0xFF) << 16)
                        | ((g[2] & 0xFF) << 8)
                        | (g[3] & 0xFF);
        boolean swapped, nanos;
        switch (magic) {
            case 0xa1b2c3d4:
                swapped = false;
                nanos = false;
                break;
            case 0xd4c3b2a1:
                swapped = true;
                nanos = false;
                break;
            case 0xa1b23c4d:
                swapped = false;
                nanos = true;
                break;
            case 0x4d3cb2a1:
                swapped = true;
                nanos = true;
                break;
            case 0x0a0d0d0a:
                return PcapNg.open(in, name, g, n);
            default:
                throw new CaptureFormatException(
                        name + ": not a pcap file (magic " + String.format("%08x", magic) + ")");
        }
        if (n < 24) throw new CaptureFormatException(name + ": pcap header cut short");
        int lt = FileOrder.read32(g, 20, swapped) & 0x0FFFFFFF;
        return new PcapReader(in, swapped, nanos, lt, false);
    }

    /** The link type, or null when the decoder cannot read it (see {@link #linkTypeNumber()}). */
    public LinkType linkType() {
        return linkType;
    }

    public int linkTypeNumber() {
        return linkTypeNumber;
    }

    public long records() {
        return records;
    }

    /**
     * Reads every record; a file cut short in the middle of a record ends with a
     * CaptureFormatException.
     */
    public void forEach(FrameHandler h) throws IOException, CaptureFormatException {
        while (next(h)) {}
    }

    /** Reads one record; false at a clean end of file. */
    public boolean next(FrameHandler h) throws IOException, CaptureFormatException {
        if (ng) return nextNg(h);
        int n = in.readNBytes(hdr, 0, 16);
        if (n == 0) return false;
        if (n < 16)
            throw new CaptureFormatException(
                    "capture cut short in the header of record " + (records + 1));
        long sec = FileOrder.read32(hdr, 0, swapped) & 0xFFFFFFFFL,
                frac = FileOrder.read32(hdr, 4, swapped) & 0xFFFFFFFFL;
        int cap = FileOrder.read32(hdr, 8, swapped), orig = FileOrder.read32(hdr, 12, swapped);
        if (cap < 0 || cap > 16 * 1024 * 1024)
            throw new CaptureFormatException(
                    "record " + (records + 1) + " claims " + (cap & 0xFFFFFFFFL) + " bytes");
        if (cap > buf.length) buf = new byte[cap];
        if (in.readNBytes(buf, 0, cap) < cap)
            throw new CaptureFormatException("capture cut short in record " + (records + 1));
        records++;
        h.onFrame(sec * 1_000_000L + (nanos ? frac / 1000 : frac), buf, cap, orig);
        return true;
    }

    /**
     * pcapng: the reader was opened positioned after the first Interface Description Block (see
     * {@link PcapNg}); Enhanced and Simple Packet Blocks carry frames, other blocks are skipped.
     * Timestamps are converted from each interface's if_tsresol (default microseconds).
     */
    private boolean nextNg(FrameHandler h) throws IOException, CaptureFormatException {
        for (; ; ) {
            int n = in.readNBytes(hdr, 0, 8);
            if (n == 0) return false;
            if (n < 8) throw new CaptureFormatException("capture cut short in a block header");
            int type = FileOrder.read32(hdr, 0, swapped), total = FileOrder.read32(hdr, 4, swapped);
            if (total < 12 || total % 4 != 0 || total > 16 * 1024 * 1024)
                throw new CaptureFormatException("pcapng block of length " + (total & 0xFFFFFFFFL));
            int body = total - 12;
            if (body > buf.length) buf = new byte[body];
            if (in.readNBytes(buf, 0, body) < body || in.readNBytes(hdr, 8, 4) < 4)
                throw new CaptureFormatException("capture cut short in a block");
            if (type == 6 && body >= 20) { // Enhanced Packet Block
                int iface = FileOrder.read32(buf, 0, swapped);
                long units =
                        ((FileOrder.read32(buf, 4, swapped) & 0xFFFFFFFFL) << 32)
                                | (FileOrder.read32(buf, 8, swapped) & 0xFFFFFFFFL);
                long ts =
                        PcapNg.toMicros(
                                units,
                                iface >= 0 && iface < tsresol.length
                                        ? tsresol[iface]
                                        : PcapNg.MICROSECONDS);
                int cap = FileOrder.read32(buf, 12, swapped),
                        orig = FileOrder.read32(buf, 16, swapped);
                if (cap < 0 || cap > body - 20)
                    throw new CaptureFormatException(
                            "pcapng packet of " + cap + " bytes in a block of " + body);
                System.arraycopy(buf, 20, buf, 0, cap);
                records++;
                h.onFrame(ts, buf, cap, orig);
                return true;
            }
            if (type == 3 && body >= 4) { // Simple Packet Block: no timestamp
                int orig = FileOrder.read32(buf, 0, swapped), cap = Math.min(orig, body - 4);
                System.arraycopy(buf, 4, buf, 0, cap);
                records++;
                h.onFrame(0, buf, cap, orig);
                return true;
            }
            if (type == 1 && body >= 4) { // another Interface Description Block
                int lt = FileOrder.read16(buf, 0, swapped);
                tsresol = java.util.Arrays.copyOf(tsresol, tsresol.length + 1);
                tsresol[tsresol.length - 1] =
                        PcapNg.tsresol(java.util.Arrays.copyOf(buf, body), swapped);
                if (lt != linkTypeNumber)
                    throw new CaptureFormatException(
                            "pcapng with interfaces of different link types ("
                                    + linkTypeNumber
                                    + " and "
                                    + lt
                                    + ") is not supported");
            }
        }
    }

    /** Creates the reader for a pcapng stream once its first blocks are known. */
    static PcapReader ng(InputStream in, boolean swapped, int linkType, byte firstTsresol) {
        PcapReader r = new PcapReader(in, swapped, false, linkType, true);
        r.tsresol = new byte[] {firstTsresol};
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads a whole file into memory-light callbacks; convenience for tests and tools. */
    public static long readAll(Path file, FrameHandler h)
            throws IOException, CaptureFormatException {
        try (PcapReader r = open(file)) {
            r.forEach(h);
            return r.records();
        } catch (EOFException e) {
            throw new CaptureFormatException(file + ": cut short");
        }
    }
}
