package net.mptcpscan.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.mptcpscan.TestSupport;
import net.mptcpscan.capture.PcapWriter;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe frames: patched templates with incrementally completed checksums, checked by us and by
 * tshark.
 */
class SynProbeTest {
    static final ProbeContext CTX =
            ProbeContext.defaults(
                    new byte[] {2, 0, 0, 0, 0, 1},
                    new byte[] {2, 0, 0, 0, 0, 2},
                    0xC6120002,
                    0x1234567L);

    @TempDir Path dir;

    record Sent(int dst, int dport, int sport, int seq, long key, ProbeModule probe) {}

    List<Sent> frames(int n) {
        SplittableRandom r = new SplittableRandom(7);
        List<Sent> out = new ArrayList<>();
        ProbeModule[] probes = {SynProbe.mptcpV1(CTX), SynProbe.mptcpV0(CTX), SynProbe.plain(CTX)};
        for (int i = 0; i < n; i++)
            out.add(
                    new Sent(
                            r.nextInt(),
                            r.nextInt(65536),
                            1 + r.nextInt(65535),
                            r.nextInt(),
                            r.nextLong(),
                            probes[i % 3]));
        return out;
    }

    @Test
    void probeBytesAreWhatNotesSaysLinuxAccepts() {
        byte[] f = new byte[100];
        SynProbe.mptcpV1(CTX).write(f, 0, 1, 443, 40000, 5, 0);
        assertEquals(
                78, SynProbe.mptcpV1(CTX).frameLength(), "a 78-byte frame, as zmap's with options");
        assertArrayEquals(
                new byte[] {0x1e, 0x04, 0x01, 0x01}, java.util.Arrays.copyOfRange(f, 74, 78));
        SynProbe.mptcpV0(CTX).write(f, 0, 1, 443, 40000, 5, 0x0102030405060708L);
        assertArrayEquals(
                new byte[] {0x1e, 0x0c, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8},
                java.util.Arrays.copyOfRange(f, 74, 86));
    }

    @Test
    void patchedFramesDecodeWithValidChecksums() {
        byte[] buf = new byte[128];
        for (Sent s : frames(20_000)) {
            s.probe().write(buf, 0, s.dst(), s.dport(), s.sport(), s.seq(), s.key());
            DecodedPacket p =
                    PacketDecoder.decode(LinkType.ETHERNET, buf, 0, s.probe().frameLength());
            assertTrue(p.defects().isEmpty(), p.defects().toString());
            assertTrue(((net.mptcpscan.wire.Ipv4Header) p.ip()).checksumValid(), "IPv4 checksum");
            assertTrue(p.tcp().checksumValid(), "TCP checksum");
            assertEquals(s.dst(), ((net.mptcpscan.wire.Ipv4Header) p.ip()).dst());
            assertEquals(s.dport(), p.tcp().dstPort());
            assertEquals(s.sport(), p.tcp().srcPort());
            assertEquals(s.seq() & 0xFFFFFFFFL, p.tcp().seq());
            assertTrue(p.tcp().isSyn());
            MptcpOption.MpCapable c = p.tcp().option(MptcpOption.MpCapable.class);
            if (s.probe().mptcpVersion() < 0) assertNull(c);
            else {
                assertEquals(s.probe().mptcpVersion(), c.version());
                if (c.version() == 0) assertEquals(s.key(), c.senderKey().longValue());
                else assertEquals(4, c.length());
            }
            assertEquals(CTX.tsval(), p.tcp().option(TcpOption.Timestamps.class).tsval());
        }
    }

    /** An IPv6 SYN from random 128-bit addresses: the patched template's fields. */
    record Sent6(long sh, long sl, long dh, long dl, Sent s) {}

    List<Sent6> frames6(int n) {
        SplittableRandom r = new SplittableRandom(11);
        List<Sent6> out = new ArrayList<>();
        for (Sent s : frames(n))
            out.add(new Sent6(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), s));
        return out;
    }

    @Test
    void patchedIpv6FramesDecodeWithValidChecksums() {
        byte[] buf = new byte[128];
        for (Sent6 x : frames6(20_000)) {
            Sent s = x.s();
            s.probe()
                    .write6(
                            buf, 0, x.sh(), x.sl(), x.dh(), x.dl(), s.dport(), s.sport(), s.seq(),
                            s.key());
            assertEquals(s.probe().frameLength() + 20, s.probe().frameLength6());
            DecodedPacket p =
                    PacketDecoder.decode(LinkType.ETHERNET, buf, 0, s.probe().frameLength6());
            assertTrue(p.defects().isEmpty(), p.defects().toString());
            assertTrue(p.ip().v6());
            assertTrue(p.tcp().checksumValid(), "TCP checksum over the IPv6 pseudo-header");
            assertEquals(IpAddress.v6(x.sh(), x.sl()), p.ip().source());
            assertEquals(IpAddress.v6(x.dh(), x.dl()), p.ip().destination());
            assertEquals(CTX.ttl(), p.ip().ttl(), "the hop limit");
            assertEquals(s.dport(), p.tcp().dstPort());
            assertEquals(s.sport(), p.tcp().srcPort());
            assertEquals(s.seq() & 0xFFFFFFFFL, p.tcp().seq());
            MptcpOption.MpCapable c = p.tcp().option(MptcpOption.MpCapable.class);
            if (s.probe().mptcpVersion() < 0) assertNull(c);
            else if (c.version() == 0) assertEquals(s.key(), c.senderKey().longValue());
        }
    }

    @Test
    void tsharkAgreesOnIpv6Probes() throws Exception {
        TestSupport.requireTool("tshark");
        Path pcap = dir.resolve("probes6.pcap");
        List<Sent6> sent = frames6(300);
        byte[] buf = new byte[128];
        try (PcapWriter w = new PcapWriter(pcap, LinkType.ETHERNET.dlt)) {
            for (Sent6 x : sent) {
                Sent s = x.s();
                s.probe()
                        .write6(
                                buf, 0, x.sh(), x.sl(), x.dh(), x.dl(), s.dport(), s.sport(),
                                s.seq(), s.key());
                w.write(1_700_000_000_000_000L, buf, 0, s.probe().frameLength6());
            }
        }
        String out =
                TestSupport.run(
                        "tshark",
                        "-r",
                        pcap.toString(),
                        "-o",
                        "tcp.check_checksum:TRUE",
                        "-T",
                        "fields",
                        "-E",
                        "separator=|",
                        "-e",
                        "tcp.checksum.status",
                        "-e",
                        "ipv6.dst",
                        "-e",
                        "tcp.dstport",
                        "-e",
                        "tcp.options.mptcp.version");
        String[] lines = out.strip().split("\n");
        assertEquals(sent.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split("\\|", -1);
            Sent6 x = sent.get(i);
            assertEquals("1", f[0], "TCP checksum good in frame " + (i + 1) + ": " + lines[i]);
            assertEquals(IpAddress.v6(x.dh(), x.dl()).toString(), f[1], "RFC 5952, as tshark");
            assertEquals(String.valueOf(x.s().dport()), f[2]);
            if (x.s().probe().mptcpVersion() >= 0)
                assertEquals(String.valueOf(x.s().probe().mptcpVersion()), f[3]);
        }
    }

    /** tshark, an independent dissector, agrees: checksums good, MPTCP fields the same. */
    @Test
    void tsharkAgrees() throws Exception {
        TestSupport.requireTool("tshark");
        Path pcap = dir.resolve("probes.pcap");
        List<Sent> sent = frames(300);
        byte[] buf = new byte[128];
        try (PcapWriter w = new PcapWriter(pcap, LinkType.ETHERNET.dlt)) {
            for (Sent s : sent) {
                s.probe().write(buf, 0, s.dst(), s.dport(), s.sport(), s.seq(), s.key());
                w.write(1_700_000_000_000_000L, buf, 0, s.probe().frameLength());
            }
        }
        String out =
                TestSupport.run(
                        "tshark",
                        "-r",
                        pcap.toString(),
                        "-o",
                        "ip.check_checksum:TRUE",
                        "-o",
                        "tcp.check_checksum:TRUE",
                        "-T",
                        "fields",
                        "-E",
                        "separator=|",
                        "-e",
                        "ip.checksum.status",
                        "-e",
                        "tcp.checksum.status",
                        "-e",
                        "ip.dst",
                        "-e",
                        "tcp.dstport",
                        "-e",
                        "tcp.srcport",
                        "-e",
                        "tcp.options.mptcp.version",
                        "-e",
                        "tcp.options.mptcp.sendkey",
                        "-e",
                        "tcp.options.mptcp.sha256.flag",
                        "-e",
                        "tcp.options.mptcp.sha1.flag",
                        "-e",
                        "_ws.expert.severity");
        String[] lines = out.strip().split("\n");
        assertEquals(sent.size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split("\\|", -1);
            Sent s = sent.get(i);
            assertEquals(
                    "1",
                    f[0],
                    "IPv4 checksum good (tshark status 1; 0 is bad) in frame "
                            + (i + 1)
                            + ": "
                            + lines[i]);
            assertEquals("1", f[1], "TCP checksum good in frame " + (i + 1) + ": " + lines[i]);
            assertEquals(net.mptcpscan.wire.Ipv4.toString(s.dst()), f[2]);
            assertEquals(String.valueOf(s.dport()), f[3]);
            assertEquals(String.valueOf(s.sport()), f[4]);
            if (s.probe().mptcpVersion() < 0) assertEquals("", f[5]);
            else assertEquals(String.valueOf(s.probe().mptcpVersion()), f[5]);
            if (s.probe().mptcpVersion() == 0)
                assertEquals(
                        s.key(),
                        f[6].startsWith("0x")
                                ? Long.parseUnsignedLong(f[6].substring(2), 16)
                                : Long.parseUnsignedLong(f[6]),
                        "v0 key");
            if (s.probe().mptcpVersion() == 1) assertEquals("", f[6], "a v1 SYN carries no key");
            if (s.probe().mptcpVersion() >= 0)
                assertTrue(
                        f[7].equals("1")
                                || f[7].equals("True")
                                || f[8].equals("1")
                                || f[8].equals("True"),
                        "H bit: " + lines[i]);
        }
    }
}
