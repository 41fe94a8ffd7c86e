package net.mptcpscan.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.LinkType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real IPv6 capture of the Linux kernel's MPTCP stack made in namespaces of ours
 * (scripts/captures/make-ipv6-capture): an MPTCP v1 server announcing a second IPv6 address, a
 * plain TCP server, a closed port, a port rejected with ICMPv6. analyze must give each target the
 * verdict it gives IPv4 ones, whatever the capture's link type.
 */
class Ipv6CaptureTest {
    @TempDir Path dir;

    static Path capture() throws Exception {
        return Path.of(
                Ipv6CaptureTest.class.getResource("/captures/testbed-mptcp-ipv6.pcap").toURI());
    }

    /** The verdict per target (address:port) of a capture, as the stored report computes it. */
    static Map<String, String> verdicts(Path file) throws Exception {
        List<ReplyRecord> replies = new ArrayList<>();
        CaptureAnalyzer.analyze(file, replies::add);
        return CaptureAnalyzerTest.ours(replies);
    }

    @ParameterizedTest(name = "{0}:{1} is {2}")
    @CsvSource({
        "2001:2:c::2, 8080, mptcp v1",
        "2001:2:c::2, 8082, tcp",
        "2001:2:c::2, 8083, closed",
        "2001:2:c::2, 8081, unreachable",
    })
    void eachIpv6TargetHasItsVerdict(String address, int port, String verdict) throws Exception {
        Map<String, String> v = verdicts(capture());
        assertEquals(verdict, v.get(address + ":" + port), v.toString());
    }

    @org.junit.jupiter.api.Test
    void theJoinOfTheSecondSubflowIsNotAServer() throws Exception {
        Map<String, String> v = verdicts(capture());
        assertEquals(4, v.size(), v.toString());
    }

    @org.junit.jupiter.api.Test
    void theIpv6HandshakeIsRecordedAsStage2WouldRecordIt() throws Exception {
        List<HandshakeRecord> hs = CaptureAnalyzer.analyze(capture(), r -> {}).handshakes();
        assertEquals(1, hs.size(), hs.toString());
        assertEquals("2001:2:c::2", hs.get(0).target().toString());
        assertEquals(8080, hs.get(0).targetPort());
        assertEquals("completed", hs.get(0).status().wireName);
    }

    @org.junit.jupiter.api.Test
    void theIpv6AddAddrIsVerifiedWithTheConnectionsKeys() throws Exception {
        List<AnnouncementRecord> as =
                CaptureAnalyzer.analyze(capture(), r -> {}).serverAnnouncements();
        assertEquals(1, as.size(), as.toString());
        assertEquals("2001:2:c::3", as.get(0).address());
        assertEquals(1, as.get(0).addressId());
        assertEquals("valid", as.get(0).hmac());
    }

    enum Framing {
        LINUX_COOKED_V1,
        LINUX_COOKED_V2,
        RAW_IP,
        RAW_IPV6,
        BSD_LOOPBACK
    }

    /** The same IPv6 packets under another link header. */
    static byte[] reframe(Framing f, byte[] eth) {
        byte[] ip = Arrays.copyOfRange(eth, 14, eth.length);
        byte[] out;
        switch (f) {
            case LINUX_COOKED_V1:
                out = new byte[16 + ip.length];
                Bytes.put16(out, 2, 1);
                Bytes.put16(out, 4, 6);
                Bytes.put16(out, 14, 0x86DD);
                System.arraycopy(ip, 0, out, 16, ip.length);
                return out;
            case LINUX_COOKED_V2:
                out = new byte[20 + ip.length];
                Bytes.put16(out, 0, 0x86DD);
                Bytes.put32(out, 4, 3);
                Bytes.put16(out, 8, 1);
                out[11] = 6;
                System.arraycopy(ip, 0, out, 20, ip.length);
                return out;
            case BSD_LOOPBACK:
                out = new byte[4 + ip.length];
                out[0] = 30; // AF_INET6 on macOS, host order (little-endian)
                System.arraycopy(ip, 0, out, 4, ip.length);
                return out;
            default:
                return ip;
        }
    }

    static int dlt(Framing f) {
        return switch (f) {
            case LINUX_COOKED_V1 -> LinkType.LINUX_SLL.dlt;
            case LINUX_COOKED_V2 -> LinkType.LINUX_SLL2.dlt;
            case RAW_IP -> LinkType.RAW.dlt;
            case RAW_IPV6 -> LinkType.IPV6.dlt;
            case BSD_LOOPBACK -> LinkType.NULL.dlt;
        };
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Framing.class)
    void everyLinkTypeGivesTheSameVerdicts(Framing f) throws Exception {
        Path out = dir.resolve(f + ".pcap");
        try (PcapReader r = PcapReader.open(capture());
                PcapWriter w = new PcapWriter(out, dlt(f))) {
            r.forEach(
                    (ts, buf, cap, orig) -> {
                        byte[] x = reframe(f, Arrays.copyOf(buf, cap));
                        try {
                            w.write(ts, x, 0, x.length);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertTrue(Files.size(out) > 24);
        assertEquals(verdicts(capture()), verdicts(out));
    }
}
