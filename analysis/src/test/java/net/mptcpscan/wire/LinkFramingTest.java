package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.Frames;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same SYN-ACK behind each link framing a capture may use decodes to the same packet, read by
 * the full decoder and the receive path's field reader alike.
 */
class LinkFramingTest {
    enum Framing {
        ETHERNET,
        VLAN_8021Q,
        LINUX_COOKED_V1,
        LINUX_COOKED_V2,
        RAW_IP
    }

    /** The Ethernet SYN-ACK's IP packet, framed; returns {link type dlt, frame}. */
    static Object[] framed(Framing f) {
        byte[] eth = Frames.tcp(0x12, TcpOptionEncoder.encode(Frames.linux(4242, 777)));
        byte[] ip = java.util.Arrays.copyOfRange(eth, 14, eth.length);
        switch (f) {
            case ETHERNET:
                return new Object[] {LinkType.ETHERNET, eth};
            case VLAN_8021Q:
                {
                    byte[] v = new byte[eth.length + 4];
                    System.arraycopy(eth, 0, v, 0, 12);
                    Bytes.put16(v, 12, 0x8100);
                    Bytes.put16(v, 14, 42); // VLAN 42
                    System.arraycopy(eth, 12, v, 16, eth.length - 12);
                    return new Object[] {LinkType.ETHERNET, v};
                }
            case LINUX_COOKED_V1:
                {
                    byte[] s = new byte[16 + ip.length];
                    Bytes.put16(s, 0, 0); // addressed to us
                    Bytes.put16(s, 2, 1); // ARPHRD_ETHER
                    Bytes.put16(s, 4, 6);
                    Bytes.put16(s, 14, 0x0800);
                    System.arraycopy(ip, 0, s, 16, ip.length);
                    return new Object[] {LinkType.LINUX_SLL, s};
                }
            case LINUX_COOKED_V2:
                {
                    byte[] s = new byte[20 + ip.length];
                    Bytes.put16(s, 0, 0x0800); // protocol first in v2
                    Bytes.put32(s, 4, 3); // interface index
                    Bytes.put16(s, 8, 1); // ARPHRD_ETHER
                    s[10] = 0; // to us
                    s[11] = 6;
                    System.arraycopy(ip, 0, s, 20, ip.length);
                    return new Object[] {LinkType.LINUX_SLL2, s};
                }
            default:
                return new Object[] {LinkType.RAW, ip};
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Framing.class)
    void theDecoderFindsTheSynAck(Framing f) {
        Object[] x = framed(f);
        byte[] frame = (byte[]) x[1];
        DecodedPacket p = PacketDecoder.decode((LinkType) x[0], frame, 0, frame.length);
        assertNotNull(p.tcp(), f + ": " + p.defects());
        assertTrue(p.tcp().isSynAck());
        assertEquals(IpAddress.v4(Frames.THEM), p.ip().source());
        assertEquals(List.of(), p.defects());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(Framing.class)
    void theReceivePathReadsTheSameFields(Framing f) {
        Object[] x = framed(f);
        byte[] frame = (byte[]) x[1];
        ReplyFields r = new ReplyFields();
        assertEquals(
                ReplyFields.TCP, r.read((LinkType) x[0], frame, 0, frame.length), f.toString());
        assertEquals(Frames.THEM, r.target);
        assertEquals(Frames.US, r.dst);
    }
}
