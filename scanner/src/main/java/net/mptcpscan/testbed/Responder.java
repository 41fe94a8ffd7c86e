package net.mptcpscan.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.mptcpscan.classify.AddAddrHmac;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
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
    private final Map<IpAddress, Role> roles;
    private final Set<Integer> openPorts;
    private final SplittableRandom random;
    private final boolean onPath;

    public Responder(Map<IpAddress, Role> roles, Set<Integer> openPorts, long seed) {
        this(roles, openPorts, seed, false);
    }

    /**
     * onPath: a middlebox on the path, not the hosts themselves: it answers the SYNs to its hosts'
     * open ports (as a SYN proxy that echoes options would) and nothing else, leaving the rest to
     * the real hosts behind it.
     */
    public Responder(
            Map<IpAddress, Role> roles, Set<Integer> openPorts, long seed, boolean onPath) {
        this.roles = Map.copyOf(roles);
        this.openPorts = Set.copyOf(openPorts);
        this.random = new SplittableRandom(seed);
        this.onPath = onPath;
    }

    /** The Ethernet reply to an Ethernet SYN frame, or null when it is not for one of our hosts. */
    public byte[] answer(byte[] frame, int len) {
        DecodedPacket p = PacketDecoder.decode(LinkType.ETHERNET, frame, 0, len);
        if (p.ip() == null || p.tcp() == null) return null;
        Role role = roles.get(p.ip().destination());
        if (role == null) return null;
        byte[] dstMac = java.util.Arrays.copyOfRange(frame, 6, 12),
                srcMac = java.util.Arrays.copyOfRange(frame, 0, 6);
        if (!p.tcp().isSyn()) return onPath ? null : afterHandshake(role, p, srcMac, dstMac);
        TcpSegment syn = p.tcp();
        int ack = (int) (syn.seq() + 1);
        if (!openPorts.contains(syn.dstPort())) {
            if (onPath) return null;
            return FrameEncoder.encode(
                    new FrameEncoder.TcpFrame(
                            srcMac,
                            dstMac,
                            p.ip().destination(),
                            p.ip().source(),
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
                        p.ip().destination(),
                        p.ip().source(),
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

    /** The address a stage-2 role announces: 198.18.254.(the host's last octet). */
    public static int announcedAddress(int host) {
        return 0xC612FE00 | (host & 0xFF);
    }

    /**
     * The IPv6 address a stage-2 role announces: 2001:2::6:NN in the benchmarking prefix, NN the
     * host's last octet written in decimal digits (198.18.6.67 announces 2001:2::6:67).
     */
    public static byte[] announcedAddress6(int host) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[3] = 0x02;
        a[13] = 0x06;
        int nn = Integer.parseInt(Integer.toString(host & 0xFF), 16);
        a[14] = (byte) (nn >> 8);
        a[15] = (byte) nn;
        return a;
    }

    /**
     * Stage 2, statelessly: the third ACK carries both keys (ours as the server's), so what a role
     * sends after it needs no memory; a keepalive (a bare ACK) is acknowledged as TCP does.
     */
    private byte[] afterHandshake(Role role, DecodedPacket p, byte[] srcMac, byte[] dstMac) {
        TcpSegment a = p.tcp();
        if (a.isRst() || (a.flags() & TcpSegment.ACK) == 0 || !openPorts.contains(a.dstPort()))
            return null;
        if (!stage2Capable(role) || role == Role.MUTE_AFTER) return null;
        MptcpOption.MpCapable third = a.option(MptcpOption.MpCapable.class);
        if (third == null) {
            // Our echo of an announcement needs no answer; a keepalive does.
            if (a.option(MptcpOption.AddAddr.class) != null) return null;
            return segment(p, srcMac, dstMac, 0x10, 1, new byte[0]);
        }
        if (third.length() != 20 || third.receiverKey() == null) return null;
        if (role == Role.RESET_AFTER) return segment(p, srcMac, dstMac, 0x04, 0, new byte[0]);
        long serverKey = third.receiverKey(), clientKey = third.senderKey();
        int host = (int) p.ip().destination().lo();
        byte[] addr = role == Role.V6_ADD_ADDR ? announcedAddress6(host) : new byte[4];
        if (addr.length == 4) Bytes.put32(addr, 0, announcedAddress(host));
        int id = role == Role.LB_ID0 ? 0 : role == Role.V6_ADD_ADDR ? 2 : 1;
        byte[] h = AddAddrHmac.hmac(serverKey, clientKey, id, addr, 0);
        long right = Bytes.u64(h, 24), left = Bytes.u64(h, 0);
        MptcpOption option;
        try {
            java.net.InetAddress ia = java.net.InetAddress.getByAddress(addr);
            option =
                    switch (role) {
                        case LB_ID0 -> new MptcpOption.AddAddr(16, 1, false, id, ia, -1, right);
                        case BAD_HMAC -> new MptcpOption.AddAddr(16, 1, false, id, ia, -1, ~right);
                        case LEGACY_HMAC -> new MptcpOption.AddAddr(16, 1, false, id, ia, -1, left);
                        case V6_ADD_ADDR ->
                                new MptcpOption.AddAddr(28, 1, false, id, ia, -1, right);
                        case V0_ADD_ADDR -> new MptcpOption.AddAddr(8, 0, false, id, ia, -1, null);
                        case MALFORMED_ADD_ADDR -> malformedAddAddr();
                        case PRIO_REMOVE -> null;
                        default -> null;
                    };
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        if (role == Role.PRIO_REMOVE)
            return segment(
                    p,
                    srcMac,
                    dstMac,
                    0x10,
                    0,
                    TcpOptionEncoder.encode(
                            List.of(
                                    new MptcpOption.MpPrio(3, true, -1),
                                    new MptcpOption.RemoveAddr(4, new int[] {1}))));
        // As Linux: nothing to announce, nothing sent (a third ACK is not acknowledged).
        if (option == null) return null;
        return segment(p, srcMac, dstMac, 0x10, 0, TcpOptionEncoder.encode(List.of(option)));
    }

    /** An ADD_ADDR of length 11: no valid form (v1 IPv4 is 16, or 8 as an echo). */
    private static MptcpOption malformedAddAddr() {
        byte[] data = new byte[9];
        data[0] = (byte) (MptcpOption.ADD_ADDR << 4);
        data[1] = 1;
        return new MptcpOption.MptcpUnknown(11, MptcpOption.ADD_ADDR, data);
    }

    /** Roles that are MPTCP servers (so go on after the handshake). */
    private static boolean stage2Capable(Role r) {
        return switch (r) {
            case V0,
                    DUAL,
                    LB_ID0,
                    BAD_HMAC,
                    LEGACY_HMAC,
                    V0_ADD_ADDR,
                    RESET_AFTER,
                    MUTE_AFTER,
                    MALFORMED_ADD_ADDR,
                    V6_ADD_ADDR,
                    PRIO_REMOVE ->
                    true;
            default -> false;
        };
    }

    /**
     * A segment answering p: our next sequence number is what p acknowledges; ours acknowledges p's
     * sequence number plus ackPlus (1 for a keepalive, which sits one byte before the next).
     */
    private static byte[] segment(
            DecodedPacket p, byte[] srcMac, byte[] dstMac, int flags, int ackPlus, byte[] options) {
        TcpSegment a = p.tcp();
        return FrameEncoder.encode(
                new FrameEncoder.TcpFrame(
                        srcMac,
                        dstMac,
                        p.ip().destination(),
                        p.ip().source(),
                        64,
                        0,
                        a.dstPort(),
                        a.srcPort(),
                        (int) a.ack(),
                        flags == 0x04 ? 0 : (int) a.seq() + a.payloadLength() + ackPlus,
                        flags,
                        flags == 0x04 ? 0 : 65160,
                        options));
    }

    private byte[] options(Role role, TcpSegment syn) {
        MptcpOption.MpCapable mpc = syn.option(MptcpOption.MpCapable.class);
        if (role == Role.ECHO_ALL) return syn.optionBytes();
        List<TcpOption> o = base(syn);
        int v = mpc == null ? -1 : mpc.version();
        switch (role) {
            case V0:
            case V0_ADD_ADDR:
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
            case LB_ID0:
                if (v == 1)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12,
                                    1,
                                    MptcpOption.FLAG_C | MptcpOption.FLAG_H,
                                    key(),
                                    null,
                                    -1,
                                    -1));
                break;
            case BAD_HMAC:
            case LEGACY_HMAC:
            case RESET_AFTER:
            case MUTE_AFTER:
            case MALFORMED_ADD_ADDR:
            case V6_ADD_ADDR:
            case PRIO_REMOVE:
                if (v == 1)
                    o.add(
                            new MptcpOption.MpCapable(
                                    12, 1, MptcpOption.FLAG_H, key(), null, -1, -1));
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
