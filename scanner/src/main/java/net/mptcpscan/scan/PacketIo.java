package net.mptcpscan.scan;

import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.receive.PacketSource;
import net.mptcpscan.receive.PcapLiveSource;
import net.mptcpscan.receive.ReceiveException;
import net.mptcpscan.send.AfPacketSink;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.SendException;

/**
 * The scan's packet I/O, the one seam of the run loop: live, it is a raw AF_PACKET socket, a
 * libpcap capture and the namespace's route and neighbour tables; a test gives its own (a loopback
 * to an emulated responder) and runs the whole loop without privileges.
 */
public interface PacketIo {
    /** Where probes leave from: the choices given, the rest found. */
    /** v6: the scan has IPv6 targets, so the link's IPv6 source and gateway are needed too. */
    LinkSetup.Link link(ScanConfig.LinkChoice choice, boolean v6) throws SendException;

    /** A sink for one sender thread. */
    PacketSink sink(String iface, int maxFrame, boolean qdiscBypass) throws SendException;

    /**
     * Keeps this machine's kernel from resetting the connections stage 2 completes (see
     * KernelQuiet); null, with the reason in why[0], when it cannot.
     */
    AutoCloseable quietKernel(SourceAddresses sources, int portFirst, int portLast, String[] why);

    /** The capture of replies. */
    PacketSource source(String iface, String bpf, int bufferBytes) throws ReceiveException;

    PacketIo LIVE =
            new PacketIo() {
                @Override
                public LinkSetup.Link link(ScanConfig.LinkChoice c, boolean v6)
                        throws SendException {
                    return LinkSetup.resolve(
                            c.iface(), c.sourceIp(), c.gatewayMac(), c.sourceIp6(), v6);
                }

                @Override
                public PacketSink sink(String iface, int maxFrame, boolean qdiscBypass)
                        throws SendException {
                    return new AfPacketSink(iface, maxFrame, qdiscBypass);
                }

                @Override
                public AutoCloseable quietKernel(
                        SourceAddresses sources, int portFirst, int portLast, String[] why) {
                    return KernelQuiet.install(sources, portFirst, portLast, why);
                }

                @Override
                public PacketSource source(String iface, String bpf, int bufferBytes)
                        throws ReceiveException {
                    return new PcapLiveSource(iface, bpf, bufferBytes);
                }
            };
}
