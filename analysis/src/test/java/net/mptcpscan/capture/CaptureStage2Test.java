package net.mptcpscan.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.TestSupport;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage 2 read offline from real captures, as a live scan records it: the handshake's status and
 * what the server sent after the third ACK, and the server's announcements with their HMAC verdict.
 */
class CaptureStage2Test {
    static CaptureAnalyzer.Summary analyze(String capture) throws Exception {
        return CaptureAnalyzer.analyze(TestSupport.captures().resolve(capture), r -> {});
    }

    @ParameterizedTest(name = "{0}: {1}:{2} {3} ({4})")
    @CsvSource({
        "tcpdump-mptcp-aa-v1.pcap, 192.168.125.165, 55555, completed, 'ack,dss,add_addr,data,fin'",
        "tcpdump-mptcp-v0.pcap, 10.1.1.2, 22, completed, 'ack,dss,add_addr,data'",
        "tcpdump-mptcp-v1.pcap, 10.0.2.1, 10004, completed, 'ack,dss,data,fin'",
        "tcpdump-mptcp-fclose.pcap, 10.2.1.2, 2002, reset, 'ack,dss,data,rst'",
    })
    void aCapturedHandshakeHasTheStatusALiveScanWouldStore(
            String capture, String server, int port, String status, String events)
            throws Exception {
        List<HandshakeRecord> hs = analyze(capture).handshakes();
        assertEquals(1, hs.size(), hs.toString());
        HandshakeRecord h = hs.get(0);
        assertEquals(server, h.target().toString());
        assertEquals(port, h.targetPort());
        assertEquals(status, h.status().wireName);
        assertEquals(events, HandshakeEvent.names(h.events()));
    }

    @ParameterizedTest(name = "{0}: {1} announces {2} id {3}: {4}")
    @CsvSource({
        "tcpdump-mptcp-aa-v1.pcap, 192.168.125.165, 192.168.136.225, 1, valid-legacy",
        "tcpdump-mptcp-v0.pcap, 10.1.1.2, 10.1.2.2, 1, none",
    })
    void aServersAnnouncementIsStoredWithItsHmacVerdict(
            String capture, String server, String address, int id, String hmac) throws Exception {
        List<AnnouncementRecord> as = analyze(capture).serverAnnouncements();
        assertEquals(1, as.size(), as.toString());
        assertEquals(server, as.get(0).target().toString());
        assertEquals(address, as.get(0).address());
        assertEquals(id, as.get(0).addressId());
        assertEquals(hmac, as.get(0).hmac());
    }
}
