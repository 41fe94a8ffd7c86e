package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.AddAddrHmac;
import net.mptcpscan.send.PacketSink;
import net.mptcpscan.store.AnnouncementRecord;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.DecodedPacket;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import net.mptcpscan.wire.TcpOptionEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One handshake through stage 2 segment by segment, without the run loop: what a server that
 * resends its ADD_ADDR (our echo was late) leaves in the store and on the wire.
 */
class Stage2Test {
    static final byte[] MAC = {2, 0, 0, 0, 0, 1};
    static final IpAddress US = IpAddress.v4(Ipv4.parse("198.18.0.2")),
            SERVER = IpAddress.v4(Ipv4.parse("198.18.7.12"));
    static final int PORT = 443, OUR_PORT = 40_000, OUR_ISN = 1_000, THEIR_ISN = 5_000;
    static final long OUR_KEY = 0x1122334455667788L, SERVER_KEY = 0x0102030405060708L;

    final List<DecodedPacket> sent = new ArrayList<>();
    Stage2 stage2;

    @BeforeEach
    void open() {
        PacketSink sink =
                new PacketSink() {
                    @Override
                    public void send(byte[] buf, int stride, int[] lengths, int count) {
                        for (int i = 0; i < count; i++)
                            sent.add(
                                    PacketDecoder.decode(
                                            LinkType.ETHERNET,
                                            buf.clone(),
                                            i * stride,
                                            lengths[i]));
                    }

                    @Override
                    public long retries() {
                        return 0;
                    }

                    @Override
                    public void close() {}
                };
        stage2 = new Stage2(sink, MAC, MAC, MAC, 64, 1000, 10);
        MptcpOption.MpCapable mpc =
                new MptcpOption.MpCapable(12, 1, MptcpOption.FLAG_H, SERVER_KEY, null, -1, -1);
        assertTrue(
                stage2.synAck(
                        US,
                        SERVER,
                        PORT,
                        OUR_PORT,
                        OUR_ISN,
                        fromServer(THEIR_ISN, 0x12, TcpOptionEncoder.encode(List.of(mpc))),
                        OUR_KEY,
                        SERVER_KEY,
                        1,
                        1));
    }

    @AfterEach
    void close() {
        stage2.close();
    }

    /** A segment from the server acknowledging our third ACK (or the SYN-ACK, for flags 0x12). */
    static DecodedPacket fromServer(int seq, int flags, byte[] options) {
        byte[] f =
                FrameEncoder.encode(
                        new FrameEncoder.TcpFrame(
                                MAC,
                                MAC,
                                SERVER,
                                US,
                                64,
                                0,
                                PORT,
                                OUR_PORT,
                                seq,
                                OUR_ISN + 1,
                                flags,
                                65160,
                                options));
        return PacketDecoder.decode(LinkType.ETHERNET, f, 0, f.length);
    }

    /** The server's v1 ADD_ADDR of 198.18.8.(id) with id, its HMAC right. */
    static DecodedPacket addAddr(int id) throws Exception {
        byte[] addr = new byte[4];
        Bytes.put32(addr, 0, Ipv4.parse("198.18.8.0") + id);
        long hmac = Bytes.u64(AddAddrHmac.hmac(SERVER_KEY, OUR_KEY, id, addr, 0), 24);
        MptcpOption.AddAddr a =
                new MptcpOption.AddAddr(16, 1, false, id, InetAddress.getByAddress(addr), -1, hmac);
        return fromServer(THEIR_ISN + 1, 0x10, TcpOptionEncoder.encode(List.of(a)));
    }

    void later(DecodedPacket p) {
        stage2.later(Stage2.key(SERVER, PORT, OUR_PORT), p, 2);
    }

    long echoesSent() {
        stage2.flush();
        return sent.stream()
                .map(p -> p.tcp().option(MptcpOption.AddAddr.class))
                .filter(a -> a != null && a.echo())
                .count();
    }

    @Test
    void aResentAnnouncementIsStoredOnce() throws Exception {
        later(addAddr(1));
        later(addAddr(1));
        List<AnnouncementRecord> stored = stage2.take().announcements();
        assertEquals(1, stored.size(), stored.toString());
        assertEquals("valid", stored.get(0).hmac());
    }

    @Test
    void aResentAnnouncementIsEchoedAgain() throws Exception {
        later(addAddr(1));
        later(addAddr(1));
        assertEquals(2, echoesSent(), "each copy is acknowledged, or the server keeps resending");
    }

    @Test
    void aResentAnnouncementIsCountedAsResentNotAsAnnounced() throws Exception {
        later(addAddr(1));
        later(addAddr(1));
        assertEquals(List.of(1L, 1L), List.of(stage2.announced, stage2.announcedAgain));
    }

    @Test
    void aSecondAddressInTheSameHandshakeIsASecondAnnouncement() throws Exception {
        later(addAddr(1));
        later(addAddr(2));
        assertEquals(2, stage2.take().announcements().size());
    }
}
