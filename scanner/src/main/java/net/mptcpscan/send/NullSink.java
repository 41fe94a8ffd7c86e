package net.mptcpscan.send;

/** Sends nothing: the dry run without --pcap-out. */
public final class NullSink implements PacketSink {
    @Override
    public void send(byte[] buf, int stride, int[] lengths, int count) {}

    @Override
    public long retries() {
        return 0;
    }

    @Override
    public void close() {}
}
