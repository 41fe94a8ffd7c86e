package net.mptcpscan.send;

/**
 * Where a sender thread's frames go, like zmap's send modules: a raw AF_PACKET socket, a pcap file
 * (dry run), or nowhere. One sink per sender thread; not thread-safe.
 */
public interface PacketSink extends AutoCloseable {
    /**
     * Sends count frames; frame i starts at buf[i * stride] and is lengths[i] bytes long. Returns
     * when all were accepted; retries internally on a full send buffer.
     */
    void send(byte[] buf, int stride, int[] lengths, int count) throws SendException;

    /** Times the kernel's send buffer was full and a batch had to be retried. */
    long retries();

    @Override
    void close();
}
