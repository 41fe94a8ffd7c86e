package net.mptcpscan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.send.AfPacketSink;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The path's ceiling for scripts/bench: one prepared frame sent in sendmmsg batches, no targets, no
 * pacing.
 */
@Command(
        name = "bench-sender",
        hidden = true,
        mixinStandardHelpOptions = true,
        description =
                "Send one SYN repeatedly, as fast as the path takes it (benchmark reference).")
public final class BenchSenderCommand implements Callable<Integer> {
    @Option(names = "-i", required = true)
    String iface;

    @Option(names = "-G", required = true)
    String gatewayMac;

    @Option(names = "-S", required = true)
    String source;

    @Option(names = "-d", required = true)
    String destination;

    @Option(names = "-t", defaultValue = "5")
    double seconds;

    @Option(names = "-T", defaultValue = "1")
    int threads;

    @Override
    public Integer call() throws Exception {
        // IPv4 or IPv6 frames (-S and -d of the same family): the ceiling for either.
        IpAddress src = AddressParser.parse(source), dst = AddressParser.parse(destination);
        if (src.v6() != dst.v6())
            throw new IllegalArgumentException("-S and -d must be of the same family");
        LinkSetup.Link link =
                LinkSetup.resolve(
                        iface, src.v6() ? null : src.v4(), LinkSetup.parseMac(gatewayMac));
        SynProbe probe =
                SynProbe.mptcpV1(
                        ProbeContext.defaults(
                                link.sourceMac(), link.gatewayMac(), link.sourceIp(), 1));
        int n = AfPacketSink.MAX_BATCH, len = dst.v6() ? probe.frameLength6() : probe.frameLength();
        byte[] batch = new byte[n * len];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            if (dst.v6())
                probe.write6(
                        batch, i * len, src.hi(), src.lo(), dst.hi(), dst.lo(), 443, 40000 + i, i,
                        0);
            else probe.write(batch, i * len, src.v4(), dst.v4(), 443, 40000 + i, i, 0);
            lengths[i] = len;
        }
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> ts = new ArrayList<>();
        long[] sent = new long[threads];
        for (int t = 0; t < threads; t++) {
            final int id = t;
            AfPacketSink sink = new AfPacketSink(iface, len, true);
            Thread th =
                    new Thread(
                            () -> {
                                try {
                                    while (System.nanoTime() < end) {
                                        sink.send(batch, len, lengths, n);
                                        sent[id] += n;
                                    }
                                } catch (Exception e) {
                                    System.err.println("bench-sender: " + e.getMessage());
                                } finally {
                                    sink.close();
                                }
                            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        long total = 0;
        for (long s : sent) total += s;
        System.out.printf("%d frames in %.1f s%n", total, seconds);
        return 0;
    }
}
