package net.mptcpscan.classify;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.Frames;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.MptcpOption.MpCapable;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;
import org.junit.jupiter.api.Test;

/**
 * Every classification rule, with crafted replies (ClassifierTest names the rule each case pins
 * down).
 */
class ClassifierTest {
    static final long OUR_KEY = 0x1122334455667788L, THEIR_KEY = 0x0badc0ffee123456L, TSVAL = 777;

    static ProbeSent v1Probe() {
        List<TcpOption> o = Frames.linux(TSVAL, 0);
        o.add(TcpOptionEncoder.mpCapableV1Syn(0x01));
        return new ProbeSent(1, 0x01, OUR_KEY, TSVAL, TcpOptionEncoder.encode(o));
    }

    static ProbeSent v0Probe() {
        List<TcpOption> o = Frames.linux(TSVAL, 0);
        o.add(TcpOptionEncoder.mpCapableV0Syn(0x01, OUR_KEY));
        return new ProbeSent(0, 0x01, OUR_KEY, TSVAL, TcpOptionEncoder.encode(o));
    }

    static DecodedPacket reply(TcpOption... mptcp) {
        List<TcpOption> o = Frames.linux(4242, TSVAL);
        o.addAll(List.of(mptcp));
        return Frames.synAck(o);
    }

    static MpCapable mpc(int version, int flags, long key) {
        return new MpCapable(12, version, flags, key, null, -1, -1);
    }

    @Test
    void genuineV1() {
        Classification c = Classifier.classify(v1Probe(), reply(mpc(1, 0x01, THEIR_KEY)));
        assertEquals(ReplyClass.MPTCP, c.replyClass());
        assertEquals(1, c.mptcpVersion());
        assertEquals(0x01, c.mpcFlags());
        assertEquals(THEIR_KEY, c.key());
        assertFalse(c.cBit());
        assertFalse(c.aBit());
        assertTrue(c.evidence().isEmpty());
    }

    @Test
    void cBitIsTheLoadBalancerFlag() {
        Classification c = Classifier.classify(v1Probe(), reply(mpc(1, 0x21, THEIR_KEY)));
        assertEquals(ReplyClass.MPTCP, c.replyClass());
        assertTrue(c.cBit());
        assertFalse(c.aBit());
    }

    @Test
    void aBitIsChecksumRequired() {
        Classification c = Classifier.classify(v1Probe(), reply(mpc(1, 0x81, THEIR_KEY)));
        assertEquals(ReplyClass.MPTCP, c.replyClass());
        assertTrue(c.aBit());
    }

    @Test
    void genuineV0() {
        Classification c = Classifier.classify(v0Probe(), reply(mpc(0, 0x81, THEIR_KEY)));
        assertEquals(ReplyClass.MPTCP, c.replyClass());
        assertEquals(0, c.mptcpVersion());
        assertTrue(c.aBit());
        assertFalse(c.cBit(), "v0 has no C bit");
    }

    @Test
    void v1OptionReturnedInSynAckIsAnEcho() {
        Classification c =
                Classifier.classify(v1Probe(), reply(TcpOptionEncoder.mpCapableV1Syn(0x01)));
        assertEquals(ReplyClass.ECHO, c.replyClass());
        assertTrue(c.evidence().contains(Evidence.MPC_ECHO));
    }

    @Test
    void v1OptionReturnedWithChangedFlagsIsAPartialEcho() {
        Classification c =
                Classifier.classify(v1Probe(), reply(TcpOptionEncoder.mpCapableV1Syn(0x81)));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        assertTrue(c.evidence().contains(Evidence.PARTIAL_ECHO));
    }

    @Test
    void v0KeyReturnedIsAnEcho() {
        Classification c = Classifier.classify(v0Probe(), reply(mpc(0, 0x01, OUR_KEY)));
        assertEquals(ReplyClass.ECHO, c.replyClass());
    }

    @Test
    void ourKeyWithFlagsChangedIsAnomalous() {
        Classification c = Classifier.classify(v0Probe(), reply(mpc(0, 0x81, OUR_KEY)));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        assertTrue(c.reason().contains("our key"), c.reason());
        assertTrue(c.evidence().contains(Evidence.PARTIAL_ECHO));
    }

    @Test
    void v1ProbeAnsweredWithOurV0KeyIsAnEcho() {
        Classification c = Classifier.classify(v1Probe(), reply(mpc(0, 0x01, OUR_KEY)));
        assertEquals(ReplyClass.ECHO, c.replyClass());
    }

    @Test
    void v1ProbeAnsweredWithTheServersV0KeyIsADowngradedServer() {
        Classification c = Classifier.classify(v1Probe(), reply(mpc(0, 0x81, THEIR_KEY)));
        assertEquals(ReplyClass.MPTCP, c.replyClass());
        assertEquals(0, c.mptcpVersion());
        assertTrue(c.evidence().contains(Evidence.VERSION_DOWNGRADE));
    }

    @Test
    void v1ReplyToAV0ProbeIsAnomalous() {
        Classification c = Classifier.classify(v0Probe(), reply(mpc(1, 0x01, THEIR_KEY)));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        assertEquals("v1 reply to a v0 probe", c.reason());
    }

    @Test
    void invalidFlagsAndKeysAreAnomalousWithAReason() {
        assertEquals(
                "B (extensibility) bit set",
                Classifier.classify(v1Probe(), reply(mpc(1, 0x41, THEIR_KEY))).reason());
        assertEquals(
                "no crypto algorithm bit (H) set",
                Classifier.classify(v1Probe(), reply(mpc(1, 0x00, THEIR_KEY))).reason());
        assertEquals("zero key", Classifier.classify(v1Probe(), reply(mpc(1, 0x01, 0L))).reason());
        assertEquals(
                "reserved flag bits 0x02 set",
                Classifier.classify(v1Probe(), reply(mpc(1, 0x03, THEIR_KEY))).reason());
        assertEquals(
                "reserved flag bits 0x20 set",
                Classifier.classify(v0Probe(), reply(mpc(0, 0x21, THEIR_KEY))).reason(),
                "C is reserved in v0");
        for (Classification c :
                List.of(
                        Classifier.classify(v1Probe(), reply(mpc(1, 0x41, THEIR_KEY))),
                        Classifier.classify(v1Probe(), reply(mpc(1, 0x01, 0L))))) {
            assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        }
    }

    @Test
    void wrongLengthsAreAnomalous() {
        Classification c =
                Classifier.classify(
                        v1Probe(), reply(new MpCapable(20, 1, 0x01, THEIR_KEY, 5L, -1, -1)));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        assertEquals("MP_CAPABLE length 20 in a SYN-ACK", c.reason());
        // Length 8 has no valid form: the decoder reports it, the classifier keeps the reason.
        byte[] raw = {1, 1, 1, 1, 1, 1, 1, 1, 30, 8, 0x01, 0x01, 9, 9, 9, 9};
        Classification d = Classifier.classify(v1Probe(), Frames.synAckRaw(raw));
        assertEquals(ReplyClass.ANOMALOUS, d.replyClass());
        assertEquals("MP_CAPABLE with length 8", d.reason());
    }

    @Test
    void twoMpCapableOptionsAreAnomalous() {
        Classification c =
                Classifier.classify(
                        v1Probe(),
                        Frames.synAck(List.of(mpc(1, 1, THEIR_KEY), mpc(1, 1, THEIR_KEY + 1))));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
    }

    @Test
    void plainSynAckIsTcpAndRstIsClosedAndIcmpIsUnreachable() {
        assertEquals(ReplyClass.TCP, Classifier.classify(v1Probe(), reply()).replyClass());
        assertEquals(ReplyClass.CLOSED, Classifier.classify(v1Probe(), Frames.rst()).replyClass());
        Classification u = Classifier.classify(v1Probe(), Frames.icmpUnreachable());
        assertEquals(ReplyClass.UNREACHABLE, u.replyClass());
        assertEquals("icmp host-unreachable", u.reason());
    }

    @Test
    void otherEchoesAreRecordedAsEvidence() {
        List<TcpOption> o = Frames.linux(TSVAL, 0); // our own TSval back as theirs
        o.add(mpc(1, 1, THEIR_KEY));
        assertTrue(
                Classifier.classify(v1Probe(), Frames.synAck(o))
                        .evidence()
                        .contains(Evidence.TSVAL_ECHO));
        // A box that returns our whole option area.
        Classification all =
                Classifier.classify(v0Probe(), Frames.synAckRaw(v0Probe().optionBytes()));
        assertEquals(ReplyClass.ECHO, all.replyClass());
        assertTrue(
                all.evidence()
                        .containsAll(
                                List.of(
                                        Evidence.ALL_OPTIONS_ECHO,
                                        Evidence.TSVAL_ECHO,
                                        Evidence.MPC_ECHO)),
                all.evidence().toString());
        // An experimental option we sent, returned unchanged.
        List<TcpOption> sent = Frames.linux(TSVAL, 0);
        sent.add(new TcpOption.Unknown(253, new byte[] {0x12, 0x34}));
        ProbeSent p = new ProbeSent(1, 1, OUR_KEY, TSVAL, TcpOptionEncoder.encode(sent));
        assertTrue(
                Classifier.classify(
                                p,
                                Frames.synAck(
                                        List.of(
                                                new TcpOption.Unknown(
                                                        253, new byte[] {0x12, 0x34}))))
                        .evidence()
                        .contains(Evidence.UNKNOWN_OPTION_ECHO));
        assertFalse(
                Classifier.classify(
                                p,
                                Frames.synAck(
                                        List.of(
                                                new TcpOption.Unknown(
                                                        253, new byte[] {0x12, 0x35}))))
                        .evidence()
                        .contains(Evidence.UNKNOWN_OPTION_ECHO));
    }

    @Test
    void verdictPrecedenceAndVersions() {
        Classification v1 = Classifier.classify(v1Probe(), reply(mpc(1, 0x21, THEIR_KEY)));
        Classification v0 = Classifier.classify(v0Probe(), reply(mpc(0, 0x81, THEIR_KEY)));
        Classification tcp = Classifier.classify(v0Probe(), reply());
        Classification echo =
                Classifier.classify(v1Probe(), reply(TcpOptionEncoder.mpCapableV1Syn(1)));
        Classification anom = Classifier.classify(v1Probe(), reply(mpc(1, 0x41, THEIR_KEY)));
        Classification closed = Classifier.classify(v1Probe(), Frames.rst());
        Classification unreach = Classifier.classify(v1Probe(), Frames.icmpUnreachable());

        TargetVerdict v1only = TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(v1, tcp));
        assertEquals(ReplyClass.MPTCP, v1only.verdict());
        assertEquals("1", v1only.versions());
        assertTrue(v1only.cBit());
        assertFalse(v1only.aBit());
        TargetVerdict dual = TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(v0, v1));
        assertEquals("0,1", dual.versions());
        assertTrue(dual.aBit() && dual.cBit());
        assertEquals(
                "0", TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(tcp, v0)).versions());
        assertEquals(
                ReplyClass.ECHO,
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(tcp, echo)).verdict());
        assertEquals(
                ReplyClass.ANOMALOUS,
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(closed, anom, tcp))
                        .verdict());
        assertEquals(
                ReplyClass.TCP,
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(closed, tcp)).verdict());
        assertEquals(
                ReplyClass.CLOSED,
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(unreach, closed)).verdict());
        assertEquals(
                ReplyClass.UNREACHABLE,
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(unreach)).verdict());
        assertEquals(
                "",
                TargetVerdict.aggregate(IpAddress.v4(1), 443, List.of(echo, tcp)).versions(),
                "versions only count genuine replies");
        // A duplicated reply changes nothing but the count.
        List<Classification> dup = new ArrayList<>(List.of(v1, v1, tcp));
        TargetVerdict d = TargetVerdict.aggregate(IpAddress.v4(1), 443, dup);
        assertEquals(ReplyClass.MPTCP, d.verdict());
        assertEquals("1", d.versions());
    }

    @Test
    void classNamesAreTheSchemaContract() throws Exception {
        var schema =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                getClass()
                                        .getResourceAsStream("/results-schema/reply.schema.json"));
        List<String> names = new ArrayList<>();
        schema.at("/$defs/class/enum").forEach(n -> names.add(n.asText()));
        List<String> ours = new ArrayList<>();
        for (ReplyClass c : ReplyClass.values()) ours.add(c.wireName);
        assertEquals(names, ours);
    }

    /** Our plain SYN (no MP_CAPABLE) answered with a full MP_CAPABLE: no server does that. */
    @Test
    void mptcpInReplyToAPlainSynIsAnomalous() {
        ProbeSent plain =
                new ProbeSent(-1, 0, null, TSVAL, TcpOptionEncoder.encode(Frames.linux(TSVAL, 0)));
        Classification c = Classifier.classify(plain, reply(mpc(1, 0x01, THEIR_KEY)));
        assertEquals(ReplyClass.ANOMALOUS, c.replyClass());
        assertEquals("MP_CAPABLE in reply to a SYN without it", c.reason());
    }

    /**
     * In a capture whose SYN we never saw, a SYN-ACK carrying the 4-byte v1 SYN form was copied
     * from the SYN: an echo.
     */
    @Test
    void v1SynFormInASynAckWithoutTheProbeIsAnEcho() {
        Classification c =
                Classifier.classify(
                        ProbeSent.UNKNOWN, reply(new MpCapable(4, 1, 0x01, null, null, -1, -1)));
        assertEquals(ReplyClass.ECHO, c.replyClass());
        assertEquals("v1 SYN form in a SYN-ACK", c.reason());
        assertTrue(c.evidence().contains(Evidence.MPC_ECHO));
    }
}
