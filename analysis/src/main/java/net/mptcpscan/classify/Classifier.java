package net.mptcpscan.classify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.Defect;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.MptcpOption.MpCapable;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptions;
import net.mptcpscan.wire.TcpSegment;

/**
 * Classifies one reply to one probe (see ../shared/NOTES.md section 2 for the rules' origin). Pure
 * function of its inputs: the live scanner and the offline capture analysis call the same code.
 */
public final class Classifier {
    private Classifier() {}

    /**
     * The class of reply given the probe it answers; null when reply is neither TCP nor ICMP
     * unreachable.
     */
    public static Classification classify(ProbeSent probe, DecodedPacket reply) {
        if (reply.icmp() != null) {
            return new Classification(
                    ReplyClass.UNREACHABLE,
                    "icmp " + reply.icmp().codeName(),
                    null,
                    null,
                    null,
                    EnumSet.noneOf(Evidence.class));
        }
        TcpSegment tcp = reply.tcp();
        if (tcp == null) return null;
        EnumSet<Evidence> ev = otherEchoes(probe, tcp);
        if (tcp.isRst()) return new Classification(ReplyClass.CLOSED, null, null, null, null, ev);
        if (!tcp.isSynAck())
            return anomalous("unexpected TCP flags [" + tcp.flagString() + "]", null, ev);

        List<MpCapable> mpcs = new ArrayList<>(1);
        for (TcpOption o : tcp.options()) if (o instanceof MpCapable c) mpcs.add(c);
        if (mpcs.isEmpty()) {
            for (Defect d : reply.defects()) {
                if (d.reason().startsWith("MP_CAPABLE")) return anomalous(d.reason(), null, ev);
            }
            return new Classification(ReplyClass.TCP, null, null, null, null, ev);
        }
        MpCapable c = mpcs.get(0);
        if (mpcs.size() > 1) return anomalous(mpcs.size() + " MP_CAPABLE options", c, ev);

        // Echo first: a middlebox copying our option would otherwise pass for a server.
        if (c.length() == 4) {
            if (probe.version() == 1 && c.version() == 1 && c.flags() == probe.mpcFlags()) {
                ev.add(Evidence.MPC_ECHO);
                return new Classification(ReplyClass.ECHO, null, 1, c.flags(), null, ev);
            }
            if (probe.version() == 1) {
                ev.add(Evidence.PARTIAL_ECHO);
                return anomalous(
                        "4-byte MP_CAPABLE in a SYN-ACK, not identical to our v1 option", c, ev);
            }
            if (!probe.known()) {
                ev.add(Evidence.MPC_ECHO);
                return new Classification(
                        ReplyClass.ECHO,
                        "v1 SYN form in a SYN-ACK",
                        c.version(),
                        c.flags(),
                        null,
                        ev);
            }
            return anomalous("4-byte MP_CAPABLE in a SYN-ACK", c, ev);
        }
        if (probe.key() != null
                && c.senderKey() != null
                && c.senderKey().longValue() == probe.key().longValue()) {
            if (c.length() == 12 && c.version() == 0 && c.flags() == probe.mpcFlags()) {
                ev.add(Evidence.MPC_ECHO);
                return new Classification(
                        ReplyClass.ECHO,
                        probe.version() == 1 ? "our v0 option returned to the v1 probe" : null,
                        0,
                        c.flags(),
                        c.senderKey(),
                        ev);
            }
            ev.add(Evidence.PARTIAL_ECHO);
            return anomalous("our key returned with " + differences(c, probe), c, ev);
        }
        if (c.length() != 12)
            return anomalous("MP_CAPABLE length " + c.length() + " in a SYN-ACK", c, ev);
        if (c.extensibility()) return anomalous("B (extensibility) bit set", c, ev);
        if (!c.hmacSha()) return anomalous("no crypto algorithm bit (H) set", c, ev);
        if (c.version() > 1) return anomalous("unknown MPTCP version " + c.version(), c, ev);
        int reserved =
                c.flags() & (c.version() >= 1 ? MptcpOption.RESERVED_V1 : MptcpOption.RESERVED_V0);
        if (reserved != 0)
            return anomalous(String.format("reserved flag bits 0x%02x set", reserved), c, ev);
        if (c.senderKey() == 0L) return anomalous("zero key", c, ev);
        if (probe.version() == 0 && c.version() == 1)
            return anomalous("v1 reply to a v0 probe", c, ev);
        if (probe.version() < 0 && probe.known())
            return anomalous("MP_CAPABLE in reply to a SYN without it", c, ev);
        if (probe.version() == 1 && c.version() == 0) ev.add(Evidence.VERSION_DOWNGRADE);
        return new Classification(
                ReplyClass.MPTCP, null, c.version(), c.flags(), c.senderKey(), ev);
    }

    private static Classification anomalous(String reason, MpCapable c, EnumSet<Evidence> ev) {
        return new Classification(
                ReplyClass.ANOMALOUS,
                reason,
                c == null ? null : c.version(),
                c == null ? null : c.flags(),
                c == null ? null : c.senderKey(),
                ev);
    }

    private static String differences(MpCapable c, ProbeSent p) {
        List<String> d = new ArrayList<>();
        if (c.length() != 12) d.add("length " + c.length());
        if (c.version() != 0) d.add("version " + c.version());
        if (c.flags() != p.mpcFlags())
            d.add(String.format("flags 0x%02x instead of 0x%02x", c.flags(), p.mpcFlags()));
        return d.isEmpty() ? "changes" : String.join(", ", d);
    }

    /** Echoes other than MP_CAPABLE's: our TSval, our whole option area, an unknown kind. */
    private static EnumSet<Evidence> otherEchoes(ProbeSent probe, TcpSegment tcp) {
        EnumSet<Evidence> ev = EnumSet.noneOf(Evidence.class);
        TcpOption.Timestamps ts = tcp.option(TcpOption.Timestamps.class);
        if (ts != null && probe.tsval() >= 0 && ts.tsval() == probe.tsval())
            ev.add(Evidence.TSVAL_ECHO);
        byte[] sent = probe.rawOptionBytes(); // read only here: no defensive copy per reply
        if (sent != null && sent.length > 0) {
            if (tcp.sameOptionsAs(sent)) ev.add(Evidence.ALL_OPTIONS_ECHO);
            // Our own options are decoded only when the reply carries an unknown kind (rare): not
            // per reply.
            if (tcp.count(TcpOption.Unknown.class) > 0) {
                List<TcpOption> sentOpts = new ArrayList<>();
                TcpOptions.decode(sent, 0, sent.length, 0, sentOpts, new ArrayList<>());
                for (TcpOption o : tcp.options()) {
                    if (o instanceof TcpOption.Unknown && sentOpts.contains(o)) {
                        ev.add(Evidence.UNKNOWN_OPTION_ECHO);
                        break;
                    }
                }
            }
        }
        return ev;
    }
}
