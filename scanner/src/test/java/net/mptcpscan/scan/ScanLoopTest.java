package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.receive.FrameHandler;
import net.mptcpscan.receive.PacketSource;
import net.mptcpscan.send.LinkSetup;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.send.SendException;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.testbed.Responder;
import net.mptcpscan.testbed.Role;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole run loop without privileges: the scan's packet I/O is a loopback where the testbed's
 * own responder answers every SYN, so counters, the cooldown, a second Ctrl-C, a sender that fails,
 * the stored scan and its resume point are checked with a real H2 file.
 */
class ScanLoopTest {
    @TempDir Path dir;

    static final int SRC = Ipv4.parse("198.18.0.2");
    static final byte[] MAC = {2, 0, 0, 0, 0, 1}, GW = {2, 0, 0, 0, 0, 2};

    /**
     * Frames sent go to the responder; its answers come back through the source. failAfter: frames
     * the sink takes before it fails (-1: never).
     */
    static final class Loopback implements PacketIo {
        /** What answers a frame sent (null: nothing). */
        interface Answerer {
            byte[] answer(byte[] frame, int len);
        }

        final Answerer responder;
        final long failAfter;
        final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
        final AtomicLong frames = new AtomicLong();
        final java.util.Set<String> sources = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Loopback(Answerer responder, long failAfter) {
            this.responder = responder;
            this.failAfter = failAfter;
        }

        @Override
        public LinkSetup.Link link(ScanConfig.LinkChoice c, boolean v6) {
            return new LinkSetup.Link("loop0", SRC, MAC, Ipv4.parse("198.18.0.1"), GW);
        }

        @Override
        public PacketSink sink(String iface, int maxFrame, boolean qdiscBypass) {
            return new PacketSink() {
                @Override
                public void send(byte[] buf, int stride, int[] lengths, int count)
                        throws SendException {
                    for (int i = 0; i < count; i++) {
                        if (failAfter >= 0 && frames.get() >= failAfter)
                            throw new SendException("sendmmsg failed: Network is down (errno 100)");
                        frames.incrementAndGet();
                        sources.add(
                                Ipv4.toString(net.mptcpscan.wire.Bytes.s32(buf, i * stride + 26)));
                        byte[] r =
                                responder.answer(
                                        java.util.Arrays.copyOfRange(
                                                buf, i * stride, i * stride + lengths[i]),
                                        lengths[i]);
                        if (r != null) replies.add(r);
                    }
                }

                @Override
                public long retries() {
                    return 0;
                }

                @Override
                public void close() {}
            };
        }

        /** Nothing to quiet: no kernel sees the loopback's frames. */
        @Override
        public AutoCloseable quietKernel(
                SourceAddresses sources, int portFirst, int portLast, String[] why) {
            return () -> {};
        }

        @Override
        public PacketSource source(String iface, String bpf, int bufferBytes) {
            return new PacketSource() {
                volatile boolean stopped;

                @Override
                public LinkType linkType() {
                    return LinkType.ETHERNET;
                }

                @Override
                public void run(FrameHandler h) {
                    try {
                        while (!stopped) {
                            byte[] f = replies.poll(5, TimeUnit.MILLISECONDS);
                            if (f != null) h.onFrame(f, f.length, 0);
                            if (replies.isEmpty()) h.batchEnd();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void stop() {
                    stopped = true;
                }

                @Override
                public long drops() {
                    return 0;
                }

                @Override
                public void close() {
                    stopped = true;
                }
            };
        }
    }

    /** 64 dual-version hosts at 198.18.6.0/26, port 443 open. */
    static Responder dualHosts() {
        Map<IpAddress, Role> roles = new HashMap<>();
        for (int i = 0; i < 64; i++)
            roles.put(IpAddress.v4(Ipv4.parse("198.18.6.0") + i), Role.DUAL);
        return new Responder(roles, Set.of(443), 1);
    }

    ScanRequest request(double cooldown, String ports) {
        return request(cooldown, ports, "198.18.0.2");
    }

    ScanRequest request(double cooldown, String ports, String sources) {
        return request(cooldown, ports, sources, "198.18.6.0/26", "1,0");
    }

    ScanRequest request(
            double cooldown, String ports, String sources, String target, String versions) {
        return request(cooldown, ports, sources, List.of(target), versions);
    }

    ScanRequest request(
            double cooldown, String ports, String sources, List<String> target, String versions) {
        return new ScanRequest(
                target,
                ports,
                0,
                null,
                1,
                7,
                1,
                0,
                "0",
                0,
                cooldown,
                1,
                "loop0",
                sources,
                "32768-61000",
                "02:00:00:00:00:02",
                "/dev/null",
                null,
                null,
                versions,
                "loop",
                null,
                null,
                false,
                true,
                0,
                0,
                null,
                null,
                0);
    }

    ScanOptions options(Path meta) {
        return new ScanOptions(
                dir.resolve("db").toString(),
                dir.resolve("o.csv").toString(),
                "csv",
                null,
                meta == null ? null : meta.toString(),
                null,
                null,
                true,
                1,
                64,
                null,
                null,
                false,
                0,
                0,
                false,
                null,
                3,
                true,
                1000,
                1);
    }

    ScanRecord stored() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.openExisting(dir.resolve("db").toString())) {
            return s.scan("latest");
        }
    }

    long[] verdicts(long id) throws Exception {
        try (JdbcResultStore s = JdbcResultStore.openExisting(dir.resolve("db").toString())) {
            return s.verdictCounts(id);
        }
    }

    /** 64 dual-version hosts at 198.18.6.0/26 and 64 at 2001:2:0:6::/122, port 443 open. */
    static Responder dualHostsBothFamilies() {
        Map<IpAddress, Role> roles = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            roles.put(IpAddress.v4(Ipv4.parse("198.18.6.0") + i), Role.DUAL);
            roles.put(IpAddress.v6(0x2001_0002_0000_0006L, i), Role.DUAL);
        }
        return new Responder(roles, Set.of(443), 1);
    }

    @Test
    void aScanOfBothFamiliesStoresEachTargetWithItsVerdict() throws Exception {
        Path meta = dir.resolve("m.json");
        Loopback io = new Loopback(dualHostsBothFamilies()::answer, -1);
        ScanService.Outcome o =
                new ScanService(new PrintStream(new ByteArrayOutputStream()), io)
                        .run(
                                request(
                                        0.3,
                                        "443,80",
                                        "198.18.0.2,2001:2::2",
                                        List.of("198.18.6.0/26", "2001:2:0:6::/122"),
                                        "1,0"),
                                options(meta),
                                null);
        assertEquals(ScanStatus.COMPLETE, o.status());
        assertEquals(512, o.sent(), "128 hosts x 2 ports x 2 versions");
        assertEquals(512, o.stored(), "every reply of both families stored");
        ScanRecord s = stored();
        long[] v = verdicts(s.id());
        assertEquals(128, v[net.mptcpscan.classify.ReplyClass.MPTCP.rank()]);
        assertEquals(128, v[net.mptcpscan.classify.ReplyClass.CLOSED.rank()]);
        java.util.Set<String> mptcp6 = new java.util.TreeSet<>();
        try (JdbcResultStore st = JdbcResultStore.openExisting(dir.resolve("db").toString())) {
            st.replies(
                    s.id(),
                    List.of(net.mptcpscan.classify.ReplyClass.MPTCP),
                    r -> {
                        if (r.reply().target().v6())
                            mptcp6.add(r.reply().target() + " v" + r.reply().probeVersion());
                    });
        }
        assertEquals(128, mptcp6.size(), "each IPv6 host answers both versions: " + mptcp6);
        assertTrue(mptcp6.contains("2001:2:0:6::3f v0"), mptcp6.toString());
    }

    @Test
    void anIpv6PrefixWiderThanAWalkIsRefusedWithOneLine() {
        ScanException e =
                assertThrows(
                        ScanException.class,
                        () ->
                                new ScanService(
                                                new PrintStream(new ByteArrayOutputStream()),
                                                new Loopback(dualHosts()::answer, -1))
                                        .run(
                                                request(
                                                        0.3,
                                                        "443",
                                                        "198.18.0.2,2001:2::2",
                                                        List.of("2001:2::/64"),
                                                        "1"),
                                                options(null),
                                                null));
        assertTrue(e.getMessage().contains("hitlist"), e.getMessage());
        assertEquals(2, e.exitCode);
    }

    @Test
    void aCompleteScanCountsAndStoresEveryReply() throws Exception {
        Path meta = dir.resolve("m.json");
        ScanService.Outcome o =
                new ScanService(
                                new PrintStream(new ByteArrayOutputStream()),
                                new Loopback(dualHosts()::answer, -1))
                        .run(request(0.3, "443,80"), options(meta), null);
        assertEquals(ScanStatus.COMPLETE, o.status());
        assertEquals(256, o.sent(), "64 hosts x 2 ports x 2 versions");
        assertEquals(256, o.replies(), "every SYN answered: SYN-ACKs on 443, RSTs on 80");
        assertEquals(256, o.stored(), "every reply stored");
        ScanRecord s = stored();
        assertEquals(ScanStatus.COMPLETE, s.status());
        assertEquals(256, s.sent());
        long[] v = verdicts(s.id());
        assertEquals(
                64, v[net.mptcpscan.classify.ReplyClass.MPTCP.rank()], "64 MPTCP targets on 443");
        assertEquals(
                64, v[net.mptcpscan.classify.ReplyClass.CLOSED.rank()], "64 closed targets on 80");
        JsonNode m = new ObjectMapper().readTree(meta.toFile());
        assertEquals(
                50.0,
                m.get("hitrate").asDouble(),
                1e-9,
                "a SYN-ACK to the first probe of half the targets (443 of 443,80)");
        assertEquals(64, m.get("success_total").asLong());
        assertEquals(64, m.get("success_unique").asLong());
    }

    @Test
    void aSendFailureMidScanIsAFailureAndLeavesAResumableScan() throws Exception {
        ScanException e =
                assertThrows(
                        ScanException.class,
                        () ->
                                new ScanService(
                                                new PrintStream(new ByteArrayOutputStream()),
                                                new Loopback(dualHosts()::answer, 100))
                                        .run(request(0.3, "443,80"), options(null), null));
        assertEquals(1, e.exitCode, "a failure, not bad input: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("sending failed: "), e.getMessage());
        ScanRecord s = stored();
        assertEquals(ScanStatus.INTERRUPTED, s.status(), "resumable");
    }

    @Test
    void aSecondInterruptCutsTheCooldownAndTheScanStaysInterrupted() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ScanService service =
                new ScanService(
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new Loopback(dualHosts()::answer, -1));
        Thread stopper =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(1500); // sending ends within a second; then the 60 s
                                // cooldown runs
                                service.interrupt();
                                service.interrupt();
                            } catch (InterruptedException ignored) {
                            }
                        });
        stopper.start();
        long t0 = System.nanoTime();
        ScanService.Outcome o = service.run(request(60, "443"), options(null), null);
        stopper.join();
        assertTrue(
                System.nanoTime() - t0 < 20_000_000_000L,
                "the second interrupt ended the 60 s cooldown");
        assertEquals(
                ScanStatus.INTERRUPTED,
                o.status(),
                "replies may still have been on their way: resumable");
        assertEquals(ScanStatus.INTERRUPTED, stored().status());
    }

    /**
     * zmap's -S range: every probe leaves from one of its addresses, all of them in use, and every
     * reply validates.
     */
    @Test
    void severalSourceAddressesAreAllUsedAndEveryReplyValidates() throws Exception {
        Loopback io = new Loopback(dualHosts()::answer, -1);
        ScanService.Outcome o =
                new ScanService(new PrintStream(new ByteArrayOutputStream()), io)
                        .run(request(0.3, "443", "198.18.0.2-198.18.0.5"), options(null), null);
        assertEquals(ScanStatus.COMPLETE, o.status());
        assertEquals(Set.of("198.18.0.2", "198.18.0.3", "198.18.0.4", "198.18.0.5"), io.sources);
        assertEquals(
                128,
                o.replies(),
                "64 hosts x 2 versions, every reply valid whichever source it came to");
        assertEquals(64, verdicts(stored().id())[net.mptcpscan.classify.ReplyClass.MPTCP.rank()]);
    }
}
