package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.store.HandshakeRecord;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.testbed.Responder;
import net.mptcpscan.testbed.Role;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage 2 through the whole run loop without privileges: the testbed's responders play the servers
 * Linux cannot (an id-0 load balancer, a wrong or legacy HMAC, a v0 ADD_ADDR, a reset, silence, a
 * malformed ADD_ADDR), and every handshake's stored status, events and announcements are checked in
 * a real H2 file.
 */
class Stage2LoopTest {
    @TempDir static Path dir;
    static List<HandshakeRecord> handshakes;
    static final List<DecodedPacket> sent = new ArrayList<>();
    static List<AnnouncementRecord> announcements;

    static final Map<IpAddress, Role> ROLES = new HashMap<>();

    static {
        Role[] r = {
            Role.LB_ID0,
            Role.BAD_HMAC,
            Role.LEGACY_HMAC,
            Role.V0_ADD_ADDR,
            Role.RESET_AFTER,
            Role.MUTE_AFTER,
            Role.MALFORMED_ADD_ADDR,
            Role.DUAL,
            Role.V0,
            Role.ECHO_MPC,
            Role.V6_ADD_ADDR,
            Role.PRIO_REMOVE
        };
        for (int i = 0; i < r.length; i++)
            ROLES.put(IpAddress.v4(Ipv4.parse("198.18.6.1") + i), r[i]);
    }

    static ScanLoopTest loop(Path d) {
        ScanLoopTest t = new ScanLoopTest();
        t.dir = d;
        return t;
    }

    static final Responder responder = new Responder(ROLES, Set.of(443), 3);

    @BeforeAll
    static void scan() throws Exception {
        ScanLoopTest t = loop(dir);
        new ScanService(
                        new PrintStream(new ByteArrayOutputStream()),
                        new ScanLoopTest.Loopback(
                                (frame, len) -> {
                                    synchronized (sent) {
                                        sent.add(
                                                PacketDecoder.decode(
                                                        LinkType.ETHERNET, frame, 0, len));
                                    }
                                    return responder.answer(frame, len);
                                },
                                -1))
                .run(t.request(0.3, "443"), t.options(null), null);
        try (JdbcResultStore s = JdbcResultStore.openExisting(dir.resolve("db").toString())) {
            ScanRecord scan = s.scan("latest");
            handshakes = s.handshakes(scan.id());
            announcements = s.announcements(scan.id());
        }
    }

    static HandshakeRecord handshake(String host) {
        for (HandshakeRecord h : handshakes)
            if (h.target().equals(IpAddress.v4(Ipv4.parse(host)))) return h;
        return null;
    }

    @ParameterizedTest(name = "{0} ({1}): {2}, events {3}")
    @CsvSource({
        "198.18.6.1, lb-id0, completed, 'ack,add_addr'",
        "198.18.6.2, bad-hmac, completed, 'ack,add_addr'",
        "198.18.6.3, legacy-hmac, completed, 'ack,add_addr'",
        "198.18.6.4, v0-addaddr, completed, 'ack,add_addr'",
        "198.18.6.5, reset-after, reset, rst",
        "198.18.6.6, mute-after, timeout, ''",
        "198.18.6.7, malformed-addaddr, completed, 'ack,malformed'",
        "198.18.6.8, dual, completed, ack",
        "198.18.6.9, v0, completed, ack",
        "198.18.6.11, v6-addaddr, completed, 'ack,add_addr'",
        "198.18.6.12, prio-remove, completed, 'ack,remove_addr,mp_prio'",
    })
    void everyGenuineServerGetsAHandshakeWithItsOutcome(
            String host, String role, String status, String events) {
        HandshakeRecord h = handshake(host);
        assertNotNull(h, "a handshake with " + host + " (" + role + "): " + handshakes);
        assertEquals(status, h.status().wireName, role);
        assertEquals(events == null ? "" : events, HandshakeEvent.names(h.events()), role);
    }

    @Test
    void aMiddleboxThatEchoesIsNeverHandshaken() {
        assertNull(handshake("198.18.6.10"), "echo-mpc is not genuine: " + handshakes);
    }

    @ParameterizedTest(name = "{0}: {1} id {2}, hmac {3}")
    @CsvSource({
        "198.18.6.1, 198.18.254.1, 0, valid",
        "198.18.6.2, 198.18.254.2, 1, invalid",
        "198.18.6.3, 198.18.254.3, 1, valid-legacy",
        "198.18.6.4, 198.18.254.4, 1, none",
        "198.18.6.11, 2001:2::6:11, 2, valid",
    })
    void announcementsAreStoredWithTheirHmacVerdict(
            String host, String address, int id, String hmac) {
        List<AnnouncementRecord> of = new ArrayList<>();
        for (AnnouncementRecord a : announcements)
            if (a.target().equals(IpAddress.v4(Ipv4.parse(host)))) of.add(a);
        assertEquals(1, of.size(), host + ": " + announcements);
        assertEquals(address, of.get(0).address());
        assertEquals(id, of.get(0).addressId());
        assertEquals(hmac, of.get(0).hmac());
    }

    /**
     * Each announcement is acknowledged with the echo form (E set, same id and address, no HMAC),
     * as clients do, before our RST: v1 only (v0 has no echo).
     */
    @ParameterizedTest(name = "{0}: echo of {1} id {2}")
    @CsvSource({"198.18.6.2, 198.18.254.2, 1", "198.18.6.11, 2001:2::6:11, 2"})
    void everyV1AnnouncementIsEchoedBeforeTheRst(String host, String address, int id) {
        List<String> toHost = new ArrayList<>();
        synchronized (sent) {
            for (DecodedPacket p : sent) {
                if (p.tcp() == null || !p.ip().destination().equals(IpAddress.v4(Ipv4.parse(host))))
                    continue;
                var a = p.tcp().option(net.mptcpscan.wire.MptcpOption.AddAddr.class);
                toHost.add(
                        p.tcp().flagString()
                                + (a == null
                                        ? ""
                                        : " echo="
                                                + a.echo()
                                                + " "
                                                + net.mptcpscan.wire.AddressText.of(a.address())
                                                + " id "
                                                + a.addressId()
                                                + " hmac="
                                                + a.hmac()));
            }
        }
        int echo = toHost.indexOf(". echo=true " + address + " id " + id + " hmac=null");
        assertTrue(echo >= 0, "the echo: " + toHost);
        assertEquals("R", toHost.get(toHost.size() - 1), "then our RST: " + toHost);
        assertTrue(echo < toHost.size() - 1, toHost.toString());
    }

    @Test
    void aMalformedAddAddrIsADefectNotAnAnnouncement() {
        for (AnnouncementRecord a : announcements)
            assertNotEquals(Ipv4.parse("198.18.6.7"), a.target(), a.toString());
    }

    /**
     * A server still holding a connection from our port answers the SYN with a bare ACK (a scan
     * killed in stage 2, then resumed): stage 2 resets that connection at the sequence number it
     * acknowledges, probes again, and the target gets its genuine verdict.
     */
    @Test
    void aStaleConnectionIsResetAndTheTargetProbedAgain(@TempDir Path d) throws Exception {
        Responder dual =
                new Responder(
                        Map.of(IpAddress.v4(Ipv4.parse("198.18.6.8")), Role.DUAL), Set.of(443), 5);
        List<String> seen = new ArrayList<>();
        boolean[] challenged = {false};
        ScanLoopTest.Loopback.Answerer stale =
                (frame, len) -> {
                    DecodedPacket p = PacketDecoder.decode(LinkType.ETHERNET, frame, 0, len);
                    if (p.tcp() == null
                            || !p.ip().destination().equals(IpAddress.v4(Ipv4.parse("198.18.6.8"))))
                        return null;
                    synchronized (seen) {
                        seen.add(p.tcp().flagString() + " " + p.tcp().seq());
                        if (p.tcp().isSyn() && !challenged[0]) {
                            challenged[0] = true;
                            // The challenge ACK of an established connection: it acknowledges the
                            // old connection's next byte (our ISN + 1), no SYN.
                            return FrameEncoder.encode(
                                    new FrameEncoder.TcpFrame(
                                            java.util.Arrays.copyOfRange(frame, 0, 6),
                                            java.util.Arrays.copyOfRange(frame, 6, 12),
                                            p.ip().destination(),
                                            p.ip().source(),
                                            64,
                                            0,
                                            p.tcp().dstPort(),
                                            p.tcp().srcPort(),
                                            12345,
                                            (int) p.tcp().seq() + 1,
                                            0x10,
                                            500,
                                            new byte[0]));
                        }
                    }
                    return dual.answer(frame, len);
                };
        ScanLoopTest t = loop(d);
        ScanRequest one = t.request(0.3, "443", "198.18.0.2", "198.18.6.8/32", "1");
        new ScanService(
                        new PrintStream(new ByteArrayOutputStream()),
                        new ScanLoopTest.Loopback(stale, -1))
                .run(one, t.options(null), null);
        long isn;
        synchronized (seen) {
            assertTrue(seen.size() >= 3, seen.toString());
            assertTrue(seen.get(0).startsWith("S "), "the probe: " + seen);
            isn = Long.parseLong(seen.get(0).substring(2));
            assertEquals("R " + ((isn + 1) & 0xFFFFFFFFL), seen.get(1), "the RST: " + seen);
            assertEquals("S " + isn, seen.get(2), "the same probe again: " + seen);
        }
        long[] v = t.verdicts(t.stored().id());
        assertEquals(
                1,
                v[net.mptcpscan.classify.ReplyClass.MPTCP.rank()],
                "the target's genuine verdict, not the challenge ACK's");
        assertEquals(0, v[net.mptcpscan.classify.ReplyClass.ANOMALOUS.rank()]);
    }
}
