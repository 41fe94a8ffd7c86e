package net.mptcpscan.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;
import net.mptcpscan.wire.TcpSegment;

/**
 * Answers SYNs for emulated hosts: a pure function from a SYN frame to the reply frame (or null),
 * so the same code is unit-tested without privileges and run live in the testbed. Open ports get a
 * SYN-ACK shaped by the host's role; other ports a RST.
 */
public final class Responder {
    private final Map<Integer, Role> roles;
    private final Set<Integer> openPorts;
    private final SplittableRandom random;

    public Responder(Map<Integer, Role> roles, Set<Integer> openPorts, long seed) {
        this.roles = Map.copyOf(roles);
        this.openPorts = Set.copyOf(openPorts);
        this.random = new SplittableRandom(seed);
    }

    /** The Ethernet reply to an Ethernet SYN frame, or null when it is not for one of our hosts. */
    public byte[] answer(byte[] frame, int len) {
        DecodedPacket p = PacketDecoder.decode(LinkType.ETHERNET, frame, 0, len);
        if (p.ip() == null || p.tcp() == null || !p.tcp().isSyn()) return null;
        Role role = roles.get(p.ip().dst());
        if (role == null) return null;
        TcpSegment syn = p.tcp();
        byte[] dstMac = java.util.Arrays.copyOfRange(frame, 6, 12),
                srcMac = java.util.Arrays.copyOfRange(frame, 0, 6);
        int ack = (int) (syn.seq() + 1);
        if (!openPorts.contains(syn.dstPort())) {
            return FrameEncoder.encode(
                    new FrameEncoder.TcpFrame(
                            srcMac,
                            dstMac,
                            p.ip().dst(),
                            p.ip().src(),
                            64,
                            0,
                            syn.dstPort(),
                            syn.srcPort(),
                            0,
                            ack,
                            0x14,
                            0,
                            new byte[0]));
        }
        byte[] options = options(role, syn);
        return FrameEncoder.encode(
                new FrameEncoder.TcpFrame(
                        srcMac,
                        dstMac,
                        p.ip().dst(),
                        p.ip().src(),
                        64,
                        random.nextInt(65536),
                        syn.dstPort(),
                        syn.srcPort(),
                        random.nextInt(),
                        ack,
                        0x12,
                        65160,
                        options));
    }

    private byte[] options(Role role, TcpSegment syn) {
        MptcpOption.MpCapable mpc = syn.option(MptcpOption.MpCapable.class);
        if (role == Role.ECHO_ALL) return syn.optionBytes();
        List<TcpOption> o = base(syn);
        int v = mpc == null ? -1 : mpc.version();
        switch (role) {
            case V0:
                if (v == 0 && mpc.length() == 12)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12,
                                    0,
                                    MptcpOption.FLAG_A | MptcpOption.FLAG_H,
                                    key(),
                                    null,
                                    -1,
                                    -1));
                break;
            case DUAL:
                if (v == 0 && mpc.length() == 12)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12,
                                    0,
                                    MptcpOption.FLAG_A | MptcpOption.FLAG_H,
                                    key(),
                                    null,
                                    -1,
                                    -1));
                else if (v == 1)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12, 1, MptcpOption.FLAG_H, key(), null, -1, -1));
                break;
            case ECHO_MPC:
                if (mpc != null) o.add(mpc);
                break;
            case MALFORMED_B:
                if (v >= 0)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12,
                                    v,
                                    MptcpOption.FLAG_B | MptcpOption.FLAG_H,
                                    key(),
                                    null,
                                    -1,
                                    -1));
                break;
            case MALFORMED_ZERO_KEY:
                if (v >= 0)
                    o.add(new MptcpOption.MpCapable(12, v, MptcpOption.FLAG_H, 0L, null, -1, -1));
                break;
            case MALFORMED_NO_H:
                if (v >= 0) o.add(new MptcpOption.MpCapable(12, v, 0, key(), null, -1, -1));
                break;
            case MALFORMED_LENGTH:
                if (v >= 0) {
                    byte[] raw = new byte[6];
                    raw[0] = (byte) (v & 0x0F);
                    raw[1] = 0x01;
                    Bytes.put32(raw, 2, random.nextInt());
                    o.add(new MptcpOption.MptcpUnknown(8, 0, raw));
                }
                break;
            default:
                break;
        }
        return TcpOptionEncoder.encode(o);
    }

    /** A Linux server's SYN-ACK options; the timestamp echoes the SYN's as TCP requires. */
    private List<TcpOption> base(TcpSegment syn) {
        List<TcpOption> o = new ArrayList<>();
        o.add(new TcpOption.Mss(1460));
        o.add(new TcpOption.SackPermitted());
        TcpOption.Timestamps ts = syn.option(TcpOption.Timestamps.class);
        if (ts != null) o.add(new TcpOption.Timestamps(random.nextInt() & 0xFFFFFFFFL, ts.tsval()));
        o.add(new TcpOption.Nop());
        o.add(new TcpOption.WindowScale(7));
        return o;
    }

    private long key() {
        long k;
        do {
            k = random.nextLong();
        } while (k == 0);
        return k;
    }
}
