package net.mptcpscan.wire;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Encodes option values back into wire bytes, padded with EOL to a 4-byte boundary. */
public final class TcpOptionEncoder {
    private TcpOptionEncoder() {}

    public static byte[] encode(List<? extends TcpOption> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(40);
        for (TcpOption o : options) write(out, o);
        while (out.size() % 4 != 0) out.write(0);
        if (out.size() > 40)
            throw new IllegalArgumentException(
                    "TCP options take " + out.size() + " bytes, more than 40");
        return out.toByteArray();
    }

    /** The v1 SYN form: 4 bytes, flags only (RFC 8684 3.1). */
    public static MptcpOption.MpCapable mpCapableV1Syn(int flags) {
        return new MptcpOption.MpCapable(4, 1, flags, null, null, -1, -1);
    }

    /** The v0 SYN form: 12 bytes with the sender's key (RFC 6824 3.1). */
    public static MptcpOption.MpCapable mpCapableV0Syn(int flags, long key) {
        return new MptcpOption.MpCapable(12, 0, flags, key, null, -1, -1);
    }

    private static void write(ByteArrayOutputStream out, TcpOption o) {
        byte[] b = new byte[Math.max(o.length(), 2)];
        b[0] = (byte) o.kind();
        if (o.length() > 1) b[1] = (byte) o.length();
        if (o instanceof TcpOption.EndOfList) {
            out.write(0);
            return;
        }
        if (o instanceof TcpOption.Nop) {
            out.write(1);
            return;
        }
        if (o instanceof TcpOption.Mss m) Bytes.put16(b, 2, m.mss());
        else if (o instanceof TcpOption.WindowScale w) b[2] = (byte) w.shift();
        else if (o instanceof TcpOption.Sack s) {
            long[] e = s.edges();
            for (int i = 0; i < e.length; i++) Bytes.put32(b, 2 + 4 * i, (int) e[i]);
        } else if (o instanceof TcpOption.Timestamps t) {
            Bytes.put32(b, 2, (int) t.tsval());
            Bytes.put32(b, 6, (int) t.tsecr());
        } else if (o instanceof TcpOption.Unknown u)
            System.arraycopy(u.data(), 0, b, 2, u.data().length);
        else if (o instanceof MptcpOption m) writeMptcp(b, m);
        out.write(b, 0, o.length());
    }

    private static void writeMptcp(byte[] b, MptcpOption m) {
        if (m instanceof MptcpOption.MpCapable c) {
            b[2] = (byte) (c.version() & 0x0F);
            b[3] = (byte) c.flags();
            if (c.length() >= 12) Bytes.put64(b, 4, c.senderKey());
            if (c.length() >= 20) Bytes.put64(b, 12, c.receiverKey());
            if (c.length() >= 22) Bytes.put16(b, 20, c.dataLevelLength());
            if (c.length() >= 24) Bytes.put16(b, 22, c.checksum());
        } else if (m instanceof MptcpOption.AddAddr a) {
            // v0: the low nibble is the IP version; v1: the echo bit. Then id, address, port, HMAC.
            byte[] addr = a.address().getAddress();
            int low = a.version() == 0 ? (addr.length == 4 ? 4 : 6) : (a.echo() ? 1 : 0);
            b[2] = (byte) (MptcpOption.ADD_ADDR << 4 | low);
            b[3] = (byte) a.addressId();
            System.arraycopy(addr, 0, b, 4, addr.length);
            int p = 4 + addr.length;
            if (a.port() >= 0) {
                Bytes.put16(b, p, a.port());
                p += 2;
            }
            if (a.hmac() != null) Bytes.put64(b, p, a.hmac());
        } else if (m instanceof MptcpOption.RemoveAddr r) {
            b[2] = (byte) (MptcpOption.REMOVE_ADDR << 4);
            int[] ids = r.addressIds();
            for (int k = 0; k < ids.length; k++) b[3 + k] = (byte) ids[k];
        } else if (m instanceof MptcpOption.MpPrio p) {
            b[2] = (byte) (MptcpOption.MP_PRIO << 4 | (p.backup() ? 1 : 0));
            if (p.length() == 4) b[3] = (byte) p.addressId();
        } else if (m instanceof MptcpOption.MpFastclose f) {
            b[2] = (byte) (MptcpOption.MP_FASTCLOSE << 4);
            Bytes.put64(b, 4, f.receiverKey());
        } else if (m instanceof MptcpOption.MpTcpRst r) {
            b[2] = (byte) (MptcpOption.MP_TCPRST << 4 | r.flags());
            b[3] = (byte) r.reason();
        } else if (m instanceof MptcpOption.MptcpUnknown u) {
            System.arraycopy(u.data(), 0, b, 2, u.data().length);
        } else {
            throw new IllegalArgumentException(
                    "encoding "
                            + MptcpOption.subtypeName(m.subtype())
                            + " is not needed by any probe or responder");
        }
    }
}
