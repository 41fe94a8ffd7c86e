package net.mptcpscan.testbed;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.PacketDecoder;
import org.junit.jupiter.api.Test;

/** The emulated hosts answer as their roles say, and the classifier sees each for what it is. */
class ResponderTest {
    static final int HOST = 0xC6120A0A;
    static final ProbeContext CTX =
            ProbeContext.defaults(
                    new byte[] {2, 0, 0, 0, 0, 1}, new byte[] {2, 0, 0, 0, 0, 2}, 0xC6120002, 99);
    static final long KEY = 0x0102030405060708L;

    Classification probe(Role role, ProbeModule probe, int port) {
        Responder r = new Responder(Map.of(IpAddress.v4(HOST), role), Set.of(443), 1);
        byte[] syn = new byte[probe.frameLength()];
        probe.write(syn, 0, HOST, port, 40000, 1000, KEY);
        byte[] reply = r.answer(syn, syn.length);
        assertNotNull(reply);
        var p = PacketDecoder.decode(LinkType.ETHERNET, reply, 0, reply.length);
        assertTrue(
                p.tcp().checksumValid()
                        && ((net.mptcpscan.wire.Ipv4Header) p.ip()).checksumValid());
        assertEquals(1001, p.tcp().ack(), "acknowledges the SYN");
        return Classifier.classify(probe.sent(KEY), p);
    }

    TargetVerdict verdict(Role role) {
        return TargetVerdict.aggregate(
                IpAddress.v4(HOST),
                443,
                java.util.List.of(
                        probe(role, SynProbe.mptcpV1(CTX), 443),
                        probe(role, SynProbe.mptcpV0(CTX), 443)));
    }

    @Test
    void rolesGiveTheirVerdicts() {
        assertEquals("0", verdict(Role.V0).versions());
        assertTrue(verdict(Role.V0).aBit(), "the old stack required checksums");
        assertEquals(
                ReplyClass.TCP,
                probe(Role.V0, SynProbe.mptcpV1(CTX), 443).replyClass(),
                "a v0-only server ignores a v1 SYN");
        assertEquals("0,1", verdict(Role.DUAL).versions());
        assertEquals(ReplyClass.ECHO, verdict(Role.ECHO_ALL).verdict());
        assertEquals(
                ReplyClass.ECHO, probe(Role.ECHO_MPC, SynProbe.mptcpV0(CTX), 443).replyClass());
        assertEquals(
                ReplyClass.ECHO, probe(Role.ECHO_MPC, SynProbe.mptcpV1(CTX), 443).replyClass());
        for (Role r :
                new Role[] {
                    Role.MALFORMED_B,
                    Role.MALFORMED_ZERO_KEY,
                    Role.MALFORMED_LENGTH,
                    Role.MALFORMED_NO_H
                }) {
            assertEquals(ReplyClass.ANOMALOUS, verdict(r).verdict(), r.name);
        }
    }

    @Test
    void closedPortsAnswerRstAndOtherHostsNothing() {
        assertEquals(ReplyClass.CLOSED, probe(Role.DUAL, SynProbe.mptcpV1(CTX), 8443).replyClass());
        Responder r = new Responder(Map.of(IpAddress.v4(HOST + 1), Role.V0), Set.of(443), 1);
        byte[] syn = new byte[78];
        SynProbe.mptcpV1(CTX).write(syn, 0, HOST, 443, 40000, 1000, KEY);
        assertNull(r.answer(syn, syn.length));
    }

    /** On the path, a middlebox answers its hosts' open ports and leaves closed ones to them. */
    @Test
    void onThePathOnlyOpenPortsAreAnswered() {
        Responder r =
                new Responder(Map.of(IpAddress.v4(HOST), Role.ECHO_ALL), Set.of(443), 1, true);
        byte[] syn = new byte[78];
        SynProbe.mptcpV1(CTX).write(syn, 0, HOST, 8443, 40000, 1000, KEY);
        assertNull(r.answer(syn, syn.length), "the closed port is the host's to answer");
        SynProbe.mptcpV1(CTX).write(syn, 0, HOST, 443, 40000, 1000, KEY);
        byte[] reply = r.answer(syn, syn.length);
        assertNotNull(reply);
        var p = PacketDecoder.decode(LinkType.ETHERNET, reply, 0, reply.length);
        assertEquals(
                ReplyClass.ECHO,
                Classifier.classify(SynProbe.mptcpV1(CTX).sent(KEY), p).replyClass());
    }
}
