package net.mptcpscan.receive;

import java.util.concurrent.atomic.AtomicBoolean;
import net.mptcpscan.wire.LinkType;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

/**
 * Live capture through pcap4j/libpcap: immediate mode (no batching delay), a large kernel buffer, a
 * BPF filter so only possible replies cross into Java, and raw bytes handed straight to the handler
 * (pcap4j's parsed packets cost microseconds each).
 */
public final class PcapLiveSource implements PacketSource {
    private final PcapHandle handle;
    private final LinkType link;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long lastDrops, lastIfDrops;

    /** The interface's rx_dropped when the capture opened: drops below libpcap count too. */
    private final java.nio.file.Path rxDropped;

    private final long rxDroppedAtStart;

    public PcapLiveSource(String ifname, String bpf, int bufferBytes) throws ReceiveException {
        try {
            PcapHandle h =
                    new PcapHandle.Builder(ifname)
                            .snaplen(256)
                            .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                            .timeoutMillis(50)
                            .bufferSize(bufferBytes)
                            .immediateMode(true)
                            .build();
            try {
                h.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
                // Only frames coming in: our own SYNs would otherwise cross into Java too.
                try {
                    h.setDirection(PcapHandle.PcapDirection.IN);
                } catch (PcapNativeException ignored) {
                }
            } catch (PcapNativeException | NotOpenException e) {
                h.close();
                throw new ReceiveException("bad capture filter '" + bpf + "': " + e.getMessage());
            }
            handle = h;
        } catch (PcapNativeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ermission") || m.contains("not permitted"))
                throw new ReceiveException(
                        "capturing on " + ifname + " needs root or CAP_NET_RAW: " + m);
            if (m.contains("No such device") || m.contains("doesn't exist"))
                throw new ReceiveException("no such interface: " + ifname);
            throw new ReceiveException("cannot capture on " + ifname + ": " + m);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new ReceiveException(
                    "libpcap not found: install it with 'apt-get install libpcap0.8' ("
                            + e.getMessage()
                            + ")");
        }
        LinkType lt = LinkType.of(handle.getDlt().value());
        if (lt == null) {
            handle.close();
            throw new ReceiveException(
                    ifname
                            + " has link type "
                            + handle.getDlt()
                            + ", which the decoder does not read");
        }
        link = lt;
        rxDropped = java.nio.file.Path.of("/sys/class/net", ifname, "statistics", "rx_dropped");
        rxDroppedAtStart = readCounter(rxDropped);
    }

    private static long readCounter(java.nio.file.Path p) {
        try {
            return Long.parseLong(java.nio.file.Files.readString(p).trim());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public LinkType linkType() {
        return link;
    }

    @Override
    public void run(FrameHandler h) throws ReceiveException {
        RawPacketListener l = packet -> h.onFrame(packet, packet.length, 0);
        try {
            while (!stopped.get()) {
                try {
                    handle.loop(-1, l);
                } catch (InterruptedException e) {
                    if (stopped.get()) break; // breakLoop() from stop()
                }
            }
        } catch (PcapNativeException | NotOpenException e) {
            if (!stopped.get()) throw new ReceiveException("capture failed: " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            lastDrops = drops();
            try {
                handle.breakLoop();
            } catch (NotOpenException ignored) {
            }
        }
    }

    @Override
    public long drops() {
        try {
            PcapStat s = handle.getStats();
            long rx =
                    rxDroppedAtStart < 0
                            ? 0
                            : Math.max(0, readCounter(rxDropped) - rxDroppedAtStart);
            // libpcap's ps_ifdrop and the interface's rx_dropped count the same frames where both
            // exist: the larger, not the sum.
            lastIfDrops = Math.max(s.getNumPacketsDroppedByIf(), rx);
            lastDrops = s.getNumPacketsDropped() + lastIfDrops;
        } catch (PcapNativeException | NotOpenException | UnsupportedOperationException ignored) {
        }
        return lastDrops;
    }

    @Override
    public long interfaceDrops() {
        return lastIfDrops;
    }

    @Override
    public void close() {
        stop();
        handle.close();
    }
}
