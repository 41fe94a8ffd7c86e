package net.mptcpscan.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Decodes the option area of a TCP header into {@link TcpOption} values, reporting defects. */
public final class TcpOptions {
    private TcpOptions() {}

    /**
     * Decodes b[off, off+len). Each well-formed option is added to out; a malformed one adds a
     * defect and, when its length cannot be trusted, ends the walk (nothing after it is reliable).
     * base is the offset of the IPv4 header, so defect offsets are relative to it.
     */
    public static void decode(
            byte[] b, int off, int len, int base, List<TcpOption> out, List<Defect> defects) {
        int i = off, end = off + len;
        while (i < end) {
            int kind = b[i] & 0xFF;
            if (kind == TcpOption.KIND_EOL) {
                out.add(new TcpOption.EndOfList());
                return;
            }
            if (kind == TcpOption.KIND_NOP) {
                out.add(new TcpOption.Nop());
                i++;
                continue;
            }
            if (i + 1 >= end) {
                defects.add(
                        new Defect(
                                "tcp-option",
                                i - base,
                                "option kind " + kind + " has no length byte"));
                return;
            }
            int olen = b[i + 1] & 0xFF;
            if (olen < 2) {
                defects.add(
                        new Defect(
                                "tcp-option",
                                i - base,
                                "option kind " + kind + " has length " + olen));
                return;
            }
            if (i + olen > end) {
                defects.add(
                        new Defect(
                                "tcp-option",
                                i - base,
                                "option kind "
                                        + kind
                                        + " length "
                                        + olen
                                        + " runs past the header"));
                return;
            }
            TcpOption opt = decodeOne(b, i, olen, kind, base, defects);
            if (opt != null) out.add(opt);
            i += olen;
        }
    }

    private static TcpOption decodeOne(
            byte[] b, int i, int olen, int kind, int base, List<Defect> defects) {
        switch (kind) {
            case TcpOption.KIND_MSS:
                if (olen != 4) break;
                return new TcpOption.Mss(Bytes.u16(b, i + 2));
            case TcpOption.KIND_WSCALE:
                if (olen != 3) break;
                return new TcpOption.WindowScale(b[i + 2] & 0xFF);
            case TcpOption.KIND_SACK_PERM:
                if (olen != 2) break;
                return new TcpOption.SackPermitted();
            case TcpOption.KIND_SACK:
                {
                    if ((olen - 2) % 8 != 0) break;
                    long[] edges = new long[(olen - 2) / 4];
                    for (int k = 0; k < edges.length; k++) edges[k] = Bytes.u32(b, i + 2 + 4 * k);
                    return new TcpOption.Sack(edges);
                }
            case TcpOption.KIND_TIMESTAMPS:
                if (olen != 10) break;
                return new TcpOption.Timestamps(Bytes.u32(b, i + 2), Bytes.u32(b, i + 6));
            case TcpOption.KIND_MPTCP:
                return decodeMptcp(b, i, olen, base, defects);
            default:
                return new TcpOption.Unknown(kind, Arrays.copyOfRange(b, i + 2, i + olen));
        }
        defects.add(
                new Defect("tcp-option", i - base, "option kind " + kind + " has length " + olen));
        return null;
    }

    /** Decodes one kind-30 option of olen bytes at b[i]; null (and a defect) when malformed. */
    public static MptcpOption decodeMptcp(
            byte[] b, int i, int olen, int base, List<Defect> defects) {
        if (olen < 3) {
            defects.add(
                    new Defect(
                            "mptcp",
                            i - base,
                            "MPTCP option of length " + olen + " has no subtype"));
            return null;
        }
        int subtype = (b[i + 2] & 0xF0) >>> 4, low = b[i + 2] & 0x0F;
        String bad = null;
        switch (subtype) {
            case MptcpOption.MP_CAPABLE:
                {
                    if (olen != 4 && olen != 12 && olen != 20 && olen != 22 && olen != 24) {
                        bad = "length " + olen;
                        break;
                    }
                    int flags = b[i + 3] & 0xFF;
                    Long sk = olen >= 12 ? Bytes.u64(b, i + 4) : null;
                    Long rk = olen >= 20 ? Bytes.u64(b, i + 12) : null;
                    int dll = olen >= 22 ? Bytes.u16(b, i + 20) : -1;
                    int ck = olen >= 24 ? Bytes.u16(b, i + 22) : -1;
                    return new MptcpOption.MpCapable(olen, low, flags, sk, rk, dll, ck);
                }
            case MptcpOption.MP_JOIN:
                {
                    boolean backup = (low & 0x1) != 0;
                    if (olen == 12)
                        return new MptcpOption.MpJoin(
                                olen,
                                backup,
                                b[i + 3] & 0xFF,
                                Bytes.u32(b, i + 4),
                                Bytes.u32(b, i + 8),
                                -1,
                                null);
                    if (olen == 16)
                        return new MptcpOption.MpJoin(
                                olen,
                                backup,
                                b[i + 3] & 0xFF,
                                -1,
                                Bytes.u32(b, i + 12),
                                Bytes.u64(b, i + 4),
                                null);
                    if (olen == 24)
                        return new MptcpOption.MpJoin(
                                olen, false, -1, -1, -1, -1, Arrays.copyOfRange(b, i + 4, i + 24));
                    bad = "length " + olen;
                    break;
                }
            case MptcpOption.DSS:
                {
                    if (olen < 4) {
                        bad = "length " + olen;
                        break;
                    }
                    int flags = b[i + 3] & 0xFF;
                    boolean ackPresent = (flags & 0x01) != 0, ack8 = (flags & 0x02) != 0;
                    boolean mapPresent = (flags & 0x04) != 0, seq8 = (flags & 0x08) != 0;
                    int need =
                            4
                                    + (ackPresent ? (ack8 ? 8 : 4) : 0)
                                    + (mapPresent ? (seq8 ? 8 : 4) + 6 : 0);
                    // The checksum is there only when the connection negotiated it: both lengths
                    // are valid.
                    if (olen != need && !(mapPresent && olen == need + 2)) {
                        bad = "length " + olen + " for flags 0x" + Integer.toHexString(flags);
                        break;
                    }
                    int p = i + 4;
                    Long ack = null, dsn = null, ssn = null;
                    Integer dll = null, ck = null;
                    if (ackPresent) {
                        ack = ack8 ? Bytes.u64(b, p) : Bytes.u32(b, p);
                        p += ack8 ? 8 : 4;
                    }
                    if (mapPresent) {
                        dsn = seq8 ? Bytes.u64(b, p) : Bytes.u32(b, p);
                        p += seq8 ? 8 : 4;
                        ssn = Bytes.u32(b, p);
                        p += 4;
                        dll = Bytes.u16(b, p);
                        p += 2;
                        if (olen == need + 2) ck = Bytes.u16(b, p);
                    }
                    return new MptcpOption.Dss(olen, flags, ack, dsn, ssn, dll, ck);
                }
            case MptcpOption.ADD_ADDR:
                return decodeAddAddr(b, i, olen, low, base, defects);
            case MptcpOption.REMOVE_ADDR:
                {
                    if (olen < 4) {
                        bad = "length " + olen;
                        break;
                    }
                    int[] ids = new int[olen - 3];
                    for (int k = 0; k < ids.length; k++) ids[k] = b[i + 3 + k] & 0xFF;
                    return new MptcpOption.RemoveAddr(olen, ids);
                }
            case MptcpOption.MP_PRIO:
                if (olen == 3) return new MptcpOption.MpPrio(olen, (low & 1) != 0, -1);
                if (olen == 4) return new MptcpOption.MpPrio(olen, (low & 1) != 0, b[i + 3] & 0xFF);
                bad = "length " + olen;
                break;
            case MptcpOption.MP_FAIL:
                if (olen == 12) return new MptcpOption.MpFail(olen, Bytes.u64(b, i + 4));
                bad = "length " + olen;
                break;
            case MptcpOption.MP_FASTCLOSE:
                if (olen == 12) return new MptcpOption.MpFastclose(olen, Bytes.u64(b, i + 4));
                bad = "length " + olen;
                break;
            case MptcpOption.MP_TCPRST:
                if (olen == 4) return new MptcpOption.MpTcpRst(olen, low, b[i + 3] & 0xFF);
                bad = "length " + olen;
                break;
            default:
                return new MptcpOption.MptcpUnknown(
                        olen, subtype, Arrays.copyOfRange(b, i + 2, i + olen));
        }
        defects.add(
                new Defect("mptcp", i - base, MptcpOption.subtypeName(subtype) + " with " + bad));
        return null;
    }

    private static MptcpOption decodeAddAddr(
            byte[] b, int i, int olen, int low, int base, List<Defect> defects) {
        int id = b[i + 3] & 0xFF;
        int version, addrLen;
        boolean echo = false, hmac;
        if (low == 4 || low == 6) {
            // RFC 6824: the low nibble is IPVer; no HMAC, optional port.
            version = 0;
            addrLen = low == 4 ? 4 : 16;
            hmac = false;
            if (olen != 4 + addrLen && olen != 6 + addrLen)
                return addAddrDefect(b, i, olen, base, defects);
        } else if ((low & 0x0E) == 0) {
            // RFC 8684: the low bit is E (echo); an echo carries no HMAC.
            version = 1;
            echo = (low & 1) != 0;
            hmac = !echo;
            int rest = olen - 4 - (hmac ? 8 : 0);
            if (rest == 4 || rest == 6) addrLen = 4;
            else if (rest == 16 || rest == 18) addrLen = 16;
            else return addAddrDefect(b, i, olen, base, defects);
        } else {
            defects.add(
                    new Defect(
                            "mptcp",
                            i - base,
                            "ADD_ADDR with unknown flags 0x" + Integer.toHexString(low)));
            return null;
        }
        int p = i + 4;
        InetAddress addr;
        try {
            addr = InetAddress.getByAddress(Arrays.copyOfRange(b, p, p + addrLen));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        } // only for wrong lengths, excluded above
        p += addrLen;
        int port = -1;
        if (olen - (p - i) - (hmac ? 8 : 0) == 2) {
            port = Bytes.u16(b, p);
            p += 2;
        }
        Long h = hmac ? Bytes.u64(b, p) : null;
        return new MptcpOption.AddAddr(olen, version, echo, id, addr, port, h);
    }

    private static MptcpOption addAddrDefect(
            byte[] b, int i, int olen, int base, List<Defect> defects) {
        defects.add(new Defect("mptcp", i - base, "ADD_ADDR with length " + olen));
        return null;
    }
}
