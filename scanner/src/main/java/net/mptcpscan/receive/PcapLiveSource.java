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
 * Live capture through pcap4j/libpcap: immediate mode (no batching delay), a large kernel
 * buffer, a BPF filter so only possible replies cross into Java, and raw bytes handed
 * straight to the handler (pcap4j's parsed packets cost microseconds each).
 */
public final class PcapLiveSource implements PacketSource {
    private final PcapHandle handle;
    private final LinkType link;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile long lastDrops;

    public PcapLiveSource(String ifname, String bpf, int bufferBytes) throws ReceiveException {
        try {
            PcapHandle h = new PcapHandle.Builder(ifname)
                    .snaplen(256)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(50)
                    .bufferSize(bufferBytes)
                    .immediateMode(true)
                    .build();
            try {
                h.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
                // Only frames coming in: our own SYNs would otherwise cross into Java too.
                try { h.setDirection(PcapHandle.PcapDirection.IN); } catch (PcapNativeException ignored) { }
            } catch (PcapNativeException | NotOpenException e) {
                h.close();
                throw new ReceiveException("bad capture filter '" + bpf + "': " + e.getMessage());
            }
            handle = h;
        } catch (PcapNativeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ermission") || m.contains("not permitted")) throw new ReceiveException("capturing on " + ifname + " needs root or CAP_NET_RAW: " + m);
            if (m.contains("No such device") || m.contains("doesn't exist")) throw new ReceiveException("no such interface: " + ifname);
            throw new ReceiveException("cannot capture on " + ifname + ": " + m);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new ReceiveException("libpcap not found: install it with 'apt-get install libpcap0.8' (" + e.getMessage() + ")");
        }
        LinkType lt = LinkType.of(handle.getDlt().value());
        if (lt == null) { handle.close(); throw new ReceiveException(ifname + " has link type " + handle.getDlt() + ", which the decoder does not read"); }
        link = lt;
    }

    @Override public LinkType linkType() { return link; }

    @Override
    public void run(FrameHandler h) throws ReceiveException {
        RawPacketListener l = packet -> h.onFrame(packet, packet.length, 0);
        try {
            while (!stopped.get()) {
                try {
                    handle.loop(-1, l);
                } catch (InterruptedException e) {
                    if (stopped.get()) break;   // breakLoop() from stop()
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
            try { handle.breakLoop(); } catch (NotOpenException ignored) { }
        }
    }

    @Override
    public long drops() {
        try {
            PcapStat s = handle.getStats();
            lastDrops = s.getNumPacketsDropped() + s.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException | UnsupportedOperationException ignored) { }
        return lastDrops;
    }

    @Override public void close() { stop(); handle.close(); }
}
