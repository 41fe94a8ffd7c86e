package net.mptcpscan.testbed;

import java.util.Map;
import java.util.Set;
import net.mptcpscan.receive.PcapLiveSource;
import net.mptcpscan.receive.ReceiveException;
import net.mptcpscan.send.AfPacketSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.wire.IpAddress;

/**
 * Runs the emulated hosts of one namespace: SYNs in through libpcap, replies out through AF_PACKET,
 * until killed.
 */
public final class TestbedServer {
    private TestbedServer() {}

    public static void emulate(
            String iface, Map<IpAddress, Role> roles, Set<Integer> openPorts, boolean onPath)
            throws SendException, ReceiveException {
        Responder responder = new Responder(roles, openPorts, System.nanoTime(), onPath);
        try (AfPacketSink out = new AfPacketSink(iface, 128, false);
                PcapLiveSource in = new PcapLiveSource(iface, "tcp", 16 << 20)) {
            int[] len = new int[1];
            System.err.println("testbed-serve: emulating " + roles.size() + " hosts on " + iface);
            in.run(
                    (buf, n, ts) -> {
                        byte[] reply = responder.answer(buf, n);
                        if (reply == null) return;
                        len[0] = reply.length;
                        try {
                            out.send(reply, reply.length, len, 1);
                        } catch (SendException e) {
                            System.err.println("testbed-serve: " + e.getMessage());
                        }
                    });
        }
    }
}
