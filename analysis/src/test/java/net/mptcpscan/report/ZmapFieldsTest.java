package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.capture.PcapReader;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.Ipv4Header;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** zmap's fields read from real SYN-ACKs (a capture made by others), with zmap's meanings. */
class ZmapFieldsTest {
    static DecodedPacket synAck;

    @BeforeAll
    static void firstSynAckOfARealCapture() throws Exception {
        List<DecodedPacket> found = new ArrayList<>();
        try (PcapReader r =
                PcapReader.open(
                        net.mptcpscan.TestSupport.captures().resolve("tcpdump-mptcp-aa-v1.pcap"))) {
            LinkType link = r.linkType();
            r.forEach(
                    (ts, buf, len, orig) -> {
                        DecodedPacket p = PacketDecoder.decode(link, buf, 0, len);
                        if (found.isEmpty() && p.tcp() != null && p.tcp().isSynAck()) found.add(p);
                    });
        }
        assertFalse(found.isEmpty(), "the capture has a SYN-ACK");
        synAck = found.get(0);
    }

    @Test
    void synAckIsASuccessClassifiedSynack() {
        assertEquals(true, ZmapFields.get("success", synAck, false, false, 0));
        assertEquals("synack", ZmapFields.get("classification", synAck, false, false, 0));
    }

    @Test
    void headerFieldsAreThePacketsOwn() {
        assertEquals(synAck.tcp().seq(), ZmapFields.get("seqnum", synAck, false, false, 0));
        assertEquals(synAck.tcp().ack(), ZmapFields.get("acknum", synAck, false, false, 0));
        assertEquals(
                ((Ipv4Header) synAck.ip()).identification(),
                ZmapFields.get("ipid", synAck, false, false, 0));
        assertNull(
                ZmapFields.get("icmp_type", synAck, false, false, 0),
                "no ICMP fields on a TCP reply");
    }

    @Test
    void windowScaleIsTheFactorAsZmapWritesIt() {
        TcpOption.WindowScale ws = synAck.tcp().option(TcpOption.WindowScale.class);
        assertNotNull(ws, "the capture's SYN-ACK scales its window");
        assertEquals(1L << ws.shift(), ZmapFields.get("tcpopt_wscale", synAck, false, false, 0));
    }

    @Test
    void rawAddressIsNetworkOrderReadLittleEndian() {
        int src = ((Ipv4Header) synAck.ip()).src();
        long expected =
                (src & 0xFF) << 24
                        | ((src >>> 8) & 0xFF) << 16
                        | ((src >>> 16) & 0xFF) << 8
                        | (src >>> 24);
        assertEquals(expected & 0xFFFFFFFFL, ZmapFields.get("saddr_raw", synAck, false, false, 0));
    }

    @Test
    void timestampsSplitSecondsAndMicroseconds() {
        long micros = 1_700_000_000_123_456L;
        assertEquals(1_700_000_000L, ZmapFields.get("timestamp_ts", synAck, false, false, micros));
        assertEquals(123_456L, ZmapFields.get("timestamp_us", synAck, false, false, micros));
        assertTrue(
                ((String) ZmapFields.get("timestamp_str", synAck, false, false, micros))
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123[+-]\\d{4}"));
    }

    @Test
    void storedTimestampsHaveSixDecimalsAlways() {
        assertEquals("2023-11-14T22:13:20.000000Z", ExportRows.timestamp(1_700_000_000_000_000L));
        assertEquals("2023-11-14T22:13:20.120000Z", ExportRows.timestamp(1_700_000_000_120_000L));
    }

    /**
     * The second's text is kept between calls: replies in and out of order, across seconds, days
     * and years, each come out as the full formatter writes them.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            longs = {
                1_700_000_000_000_005L,
                1_700_000_000_999_999L,
                1_700_000_001_000_000L,
                1_700_000_000_000_123L,
                1_704_067_199_999_999L,
                1_704_067_200_000_001L,
                1L
            })
    void timestampsMatchTheFullFormatWhateverCameBefore(long micros) {
        var full =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC);
        for (long before :
                new long[] {micros - 1, micros + 1_000_000, micros - 86_400_000_000L, micros})
            if (before > 0) ExportRows.timestamp(before);
        assertEquals(
                full.format(
                        java.time.Instant.ofEpochSecond(
                                micros / 1_000_000, micros % 1_000_000 * 1000)),
                ExportRows.timestamp(micros));
    }

    /**
     * Times in no order (replies in address order), from 1970 to the year 9999: each as the full
     * formatter writes it.
     */
    @Test
    void timestampsInAnyOrderMatchTheFullFormat() {
        var full =
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                        .withZone(java.time.ZoneOffset.UTC);
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 200_000; i++) {
            long micros = 1 + (long) (r.nextDouble() * 253_402_300_799_999_999L); // to 9999-12-31
            assertEquals(
                    full.format(
                            java.time.Instant.ofEpochSecond(
                                    micros / 1_000_000, micros % 1_000_000 * 1000)),
                    ExportRows.timestamp(micros),
                    "micros " + micros);
        }
    }
}
