package net.mptcpscan.classify;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpSegment;

/**
 * What a server sent within stage 2's window, after our third ACK: stored per target as a set
 * ({@code events}, names joined by commas in this order). One bit each.
 */
public enum HandshakeEvent {
    /** A segment acknowledging our third ACK (the answer to our keepalive, or any later one). */
    ACK("ack"),
    /** An MPTCP data-level acknowledgement (DSS): the connection is MPTCP, not fallen back. */
    DSS("dss"),
    ADD_ADDR("add_addr"),
    REMOVE_ADDR("remove_addr"),
    MP_PRIO("mp_prio"),
    MP_FAIL("mp_fail"),
    MP_FASTCLOSE("mp_fastclose"),
    MP_TCPRST("mp_tcprst"),
    /** Another MPTCP subtype (MP_JOIN, experimental, unknown). */
    OTHER_MPTCP("other_mptcp"),
    /** Payload bytes (a banner). */
    DATA("data"),
    FIN("fin"),
    RST("rst"),
    /** The SYN-ACK again: our third ACK did not arrive (or was not accepted). */
    SYN_ACK_AGAIN("syn_ack_again"),
    /** A segment with a defect: a malformed option (such as an ADD_ADDR of a wrong length). */
    MALFORMED("malformed");

    public final String wireName;

    HandshakeEvent(String wireName) {
        this.wireName = wireName;
    }

    /** The event an MPTCP option of a server's segment is. */
    public static HandshakeEvent of(MptcpOption m) {
        return switch (m.subtype()) {
            case MptcpOption.DSS -> DSS;
            case MptcpOption.ADD_ADDR -> ADD_ADDR;
            case MptcpOption.REMOVE_ADDR -> REMOVE_ADDR;
            case MptcpOption.MP_PRIO -> MP_PRIO;
            case MptcpOption.MP_FAIL -> MP_FAIL;
            case MptcpOption.MP_FASTCLOSE -> MP_FASTCLOSE;
            case MptcpOption.MP_TCPRST -> MP_TCPRST;
            default -> OTHER_MPTCP;
        };
    }

    /** The events a server's segment after the handshake shows (ACK aside: that needs state). */
    public static int of(DecodedPacket p) {
        TcpSegment t = p.tcp();
        int e = 0;
        if (p.hasDefects()) e |= MALFORMED.bit();
        if (t.isRst()) e |= RST.bit();
        if (t.payloadLength() > 0) e |= DATA.bit();
        if ((t.flags() & TcpSegment.FIN) != 0) e |= FIN.bit();
        for (TcpOption o : t.options()) if (o instanceof MptcpOption m) e |= of(m).bit();
        return e;
    }

    /** Events that mean the server ended the connection. */
    public static final int RESETS = RST.bit() | MP_FASTCLOSE.bit() | MP_TCPRST.bit();

    public int bit() {
        return 1 << ordinal();
    }

    /** The comma-joined names of a set of bits. */
    public static String names(int bits) {
        List<String> out = new ArrayList<>();
        for (HandshakeEvent e : values()) if ((bits & e.bit()) != 0) out.add(e.wireName);
        return String.join(",", out);
    }

    /** The bits of comma-joined names (unknown names are ignored: a newer writer's). */
    public static int bits(String names) {
        int b = 0;
        if (names == null || names.isEmpty()) return 0;
        for (String n : names.split(","))
            for (HandshakeEvent e : values()) if (e.wireName.equals(n)) b |= e.bit();
        return b;
    }
}
