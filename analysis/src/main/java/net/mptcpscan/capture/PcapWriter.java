package net.mptcpscan.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a classic little-endian microsecond pcap file (what tcpdump and tshark read). */
public final class PcapWriter implements AutoCloseable {
    private final OutputStream out;
    private final byte[] hdr = new byte[16];

    public PcapWriter(Path file, int linkType) throws IOException {
        this(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), linkType);
    }

    public PcapWriter(OutputStream out, int linkType) throws IOException {
        this.out = out;
        byte[] g = new byte[24];
        FileOrder.put32(g, 0, 0xa1b2c3d4);
        g[4] = 2;
        g[6] = 4;
        FileOrder.put32(g, 16, 262144);
        FileOrder.put32(g, 20, linkType);
        out.write(g);
    }

    public synchronized void write(long timestampMicros, byte[] b, int off, int len)
            throws IOException {
        FileOrder.put32(hdr, 0, (int) (timestampMicros / 1_000_000L));
        FileOrder.put32(hdr, 4, (int) (timestampMicros % 1_000_000L));
        FileOrder.put32(hdr, 8, len);
        FileOrder.put32(hdr, 12, len);
        out.write(hdr);
        out.write(b, off, len);
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
