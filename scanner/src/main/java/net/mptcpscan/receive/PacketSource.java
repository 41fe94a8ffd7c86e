package net.mptcpscan.receive;

import net.mptcpscan.wire.LinkType;

/** Where replies come from: a live libpcap capture, or a pcap file for offline tests. */
public interface PacketSource extends AutoCloseable {
    LinkType linkType();

    /** Delivers frames to h until {@link #stop()} is called or the source ends. */
    void run(FrameHandler h) throws ReceiveException;

    /** Makes run() return soon; safe from any thread. */
    void stop();

    /**
     * Frames lost before we could read them: the capture buffer's and the interface's drops
     * together.
     */
    long drops();

    /** Of those, the ones the interface itself dropped (rx_dropped, ps_ifdrop). */
    default long interfaceDrops() {
        return 0;
    }

    @Override
    void close();
}
