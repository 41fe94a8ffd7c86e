package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.Frames;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ProbeSent;
import net.mptcpscan.classify.ReplyClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IPv6 replies through the full decoder and the hot path's field reader. */
class Ipv6DecodeTest {
    static final byte[] SYN_ACK_OPTS =
            TcpOptionEncoder.encode(
                    List.of(
                            new TcpOption.Mss(1440),
                            new MptcpOption.MpCapable(12, 1, 0x81, 7L, null, -1, -1)));

    @Test
    void anIpv6SynAckDecodesWithAValidChecksum() {
        DecodedPacket p = Frames.decode(Frames.tcp6(0x12, SYN_ACK_OPTS, false));
        assertTrue(p.ip().v6());
        assertEquals(Frames.THEM6, p.ip().source());
        assertEquals(Frames.US6, p.ip().destination());
        assertTrue(p.tcp().isSynAck());
        assertTrue(p.tcp().checksumValid(), "checksum over the IPv6 pseudo-header");
        assertEquals(List.of(), p.defects());
    }

    @Test
    void aCorruptedIpv6AddressFailsTheTcpChecksum() {
        byte[] f = Frames.tcp6(0x12, SYN_ACK_OPTS, false);
        f[14 + 8 + 15] ^= 1; // the source address's last byte: only the pseudo-header covers it
        assertFalse(Frames.decode(f).tcp().checksumValid());
    }

    @ParameterizedTest(name = "extension headers {0}")
    @CsvSource({"0", "60", "0 43", "0 60 44", "43 44 60"})
    void extensionHeadersAreSkippedToTheTcpHeader(String chain) {
        int[] types =
                java.util.Arrays.stream(chain.split(" ")).mapToInt(Integer::parseInt).toArray();
        byte[] f = Frames.withExtensions(Frames.tcp6(0x12, SYN_ACK_OPTS, false), types);
        DecodedPacket p = Frames.decode(f);
        assertNotNull(p.tcp(), p.defects().toString());
        assertTrue(p.tcp().checksumValid());
        assertEquals(443, p.tcp().srcPort());
        assertNotNull(p.tcp().option(MptcpOption.MpCapable.class));
        ReplyFields r = new ReplyFields();
        assertEquals(ReplyFields.TCP, r.read(LinkType.ETHERNET, f, 0, f.length));
        assertEquals(443, r.targetPort);
        assertEquals(40000, r.ourPort);
        assertEquals(1001, r.ackOrQuotedSeq);
    }

    @Test
    void aLaterFragmentIsNotReadAsTcp() {
        byte[] f = Frames.withExtensions(Frames.tcp6(0x12, SYN_ACK_OPTS, false), 44);
        Bytes.put16(f, 14 + 40 + 2, 8 << 3); // fragment offset 8 (x 8 bytes)
        assertNull(Frames.decode(f).tcp());
        assertEquals(ReplyFields.NONE, new ReplyFields().read(LinkType.ETHERNET, f, 0, f.length));
    }

    @Test
    void theHotPathReadsIpv6AddressesAndPorts() {
        byte[] f = Frames.tcp6(0x12, SYN_ACK_OPTS, false);
        ReplyFields r = new ReplyFields();
        assertEquals(ReplyFields.TCP, r.read(LinkType.ETHERNET, f, 0, f.length));
        assertTrue(r.v6);
        assertEquals(Frames.THEM6, IpAddress.v6(r.targetHi, r.targetLo));
        assertEquals(Frames.US6, IpAddress.v6(r.dstHi, r.dstLo));
        assertEquals(0x12, r.tcpFlags);
    }

    @ParameterizedTest(name = "code {0}: {1}")
    @CsvSource({
        "0, no-route",
        "1, admin-prohibited",
        "2, beyond-scope",
        "3, address-unreachable",
        "4, port-unreachable",
        "5, source-policy-failed",
        "6, reject-route",
    })
    void everyIcmpv6UnreachableCodeQuotingOurProbeIsUnreachable(int code, String name) {
        byte[] syn = Frames.tcp6(0x02, new byte[0], true);
        IpAddress router = AddressParser.parse("2001:2::ff");
        byte[] f = Frames.icmp6Unreachable(syn, router, code);
        DecodedPacket p = Frames.decode(f);
        assertNotNull(p.icmp(), p.defects().toString());
        assertEquals(name, p.icmp().codeName());
        assertEquals(Frames.THEM6, p.icmp().quotedDst());
        assertEquals(443, p.icmp().quotedDstPort());
        assertEquals(1000, p.icmp().quotedSeq());
        Classification c = Classifier.classify(new ProbeSent(1, 0x81, null, 1, new byte[0]), p);
        assertEquals(ReplyClass.UNREACHABLE, c.replyClass());
        ReplyFields r = new ReplyFields();
        assertEquals(ReplyFields.ICMP_UNREACH, r.read(LinkType.ETHERNET, f, 0, f.length));
        assertEquals(Frames.THEM6, IpAddress.v6(r.targetHi, r.targetLo));
        assertEquals(40000, r.ourPort);
        assertEquals(443, r.targetPort);
        assertEquals(1000, r.ackOrQuotedSeq);
    }

    @ParameterizedTest(name = "cut at {0}")
    @ValueSource(ints = {14, 30, 53, 54, 60, 73})
    void aTruncatedIpv6FrameIsADefectNotACrash(int len) {
        byte[] f = Frames.tcp6(0x12, SYN_ACK_OPTS, false);
        DecodedPacket p = PacketDecoder.decode(LinkType.ETHERNET, f, 0, len);
        assertNull(p.tcp());
        assertEquals(ReplyFields.NONE, new ReplyFields().read(LinkType.ETHERNET, f, 0, len));
    }

    @Test
    void anEndlessChainOfExtensionHeadersIsADefect() {
        byte[] f =
                Frames.withExtensions(
                        Frames.tcp6(0x12, SYN_ACK_OPTS, false), 60, 60, 60, 60, 60, 60, 60, 60, 60);
        DecodedPacket p = Frames.decode(f);
        assertNull(p.tcp());
        assertFalse(p.defects().isEmpty());
    }
}
