package net.mptcpscan.send;

import java.io.IOException;
import net.mptcpscan.capture.PcapWriter;

/**
 * The dry run with --pcap-out: every frame that would be sent, into a pcap file. Shared by threads.
 */
public final class PcapFileSink implements PacketSink {
    private final PcapWriter out;

    public PcapFileSink(PcapWriter out) {
        this.out = out;
    }

    @Override
    public void send(byte[] buf, int stride, int[] lengths, int count) throws SendException {
        long now = System.currentTimeMillis() * 1000;
        try {
            for (int i = 0; i < count; i++) out.write(now, buf, i * stride, lengths[i]);
        } catch (IOException e) {
            throw new SendException("writing the dry-run capture failed: " + e.getMessage());
        }
    }

    @Override
    public long retries() {
        return 0;
    }

    @Override
    public void close() {}
}
