package net.mptcpscan.receive;

import net.mptcpscan.wire.LinkType;

/** Where replies come from: a live libpcap capture, or a pcap file for offline tests. */
public interface PacketSource extends AutoCloseable {
    LinkType linkType();

    /** Delivers frames to h until {@link #stop()} is called or the source ends. */
    void run(FrameHandler h) throws ReceiveException;

    /** Makes run() return soon; safe from any thread. */
    void stop();

    /** Frames the kernel dropped before we could read them (pcap_stats ps_drop + ps_ifdrop). */
    long drops();

    @Override void close();
}
