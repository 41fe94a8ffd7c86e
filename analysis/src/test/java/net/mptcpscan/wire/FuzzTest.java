package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.mptcpscan.Frames;
import net.mptcpscan.TestSupport;
import net.mptcpscan.capture.CaptureFormatException;
import net.mptcpscan.capture.PcapReader;
import net.mptcpscan.classify.Classifier;
import net.mptcpscan.classify.ProbeSent;
import net.mptcpscan.wire.MptcpOption.MpCapable;
import org.junit.jupiter.api.Test;

/**
 * Millions of mutated and truncated frames (seeded: a failure reproduces) through every entry point
 * a hostile network reaches: no exception may escape, and anything the decoder could not read must
 * come back as a defect, not as an exception.
 */
class FuzzTest {
    static final long SEED = 0x5eed_2026L;
    static final int ROUNDS = 2_000_000;

    static List<byte[]> corpus() throws Exception {
        List<byte[]> c = new ArrayList<>();
        for (Path f : TestSupport.captureFiles()) {
            try (PcapReader r = PcapReader.open(f)) {
                if (r.linkType() != LinkType.ETHERNET) continue;
                r.forEach((ts, buf, cap, orig) -> c.add(Arrays.copyOf(buf, cap)));
            }
        }
        c.add(
                Frames.tcp(
                        0x12,
                        TcpOptionEncoder.encode(
                                List.of(new MpCapable(12, 1, 0x21, 42L, null, -1, -1)))));
        c.add(
                Frames.tcp(
                        0x02,
                        TcpOptionEncoder.encode(List.of(TcpOptionEncoder.mpCapableV1Syn(1)))));
        c.add(Frames.tcp(0x14, new byte[0]));
        return c;
    }

    @Test
    void mutatedFramesNeverThrow() throws Exception {
        List<byte[]> corpus = corpus();
        SplittableRandom rnd = new SplittableRandom(SEED);
        ReplyFields fields = new ReplyFields();
        ProbeSent probe =
                new ProbeSent(
                        0,
                        1,
                        0x1122334455667788L,
                        77,
                        new byte[] {30, 12, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8});
        long defects = 0, decoded = 0;
        byte[] buf = new byte[2048];
        for (int i = 0; i < ROUNDS; i++) {
            byte[] base = corpus.get(rnd.nextInt(corpus.size()));
            int len = Math.min(base.length, buf.length);
            System.arraycopy(base, 0, buf, 0, len);
            int mutations = 1 + rnd.nextInt(8);
            for (int m = 0; m < mutations; m++) {
                switch (rnd.nextInt(5)) {
                    case 0 -> buf[rnd.nextInt(len)] ^= (byte) (1 << rnd.nextInt(8)); // bit flip
                    case 1 -> buf[rnd.nextInt(len)] = (byte) rnd.nextInt(256); // random byte
                    case 2 -> len = rnd.nextInt(len + 1); // truncation
                    case 3 -> {
                        int at = 34 + rnd.nextInt(Math.max(1, len - 34));
                        if (at < len) buf[at] = (byte) (rnd.nextBoolean() ? 30 : rnd.nextInt(3));
                    } // option kinds, zero lengths
                    default -> {
                        int at = Math.min(len, 54 + rnd.nextInt(40));
                        if (at + 1 < buf.length) {
                            buf[at] = 30;
                            buf[at + 1] = (byte) rnd.nextInt(48);
                            len = Math.max(len, at + 2 + rnd.nextInt(30));
                        }
                    }
                }
                if (len == 0) break;
            }
            int cut = len;
            LinkType link = LinkType.values()[rnd.nextInt(LinkType.values().length)];
            if (rnd.nextInt(4) != 0) link = LinkType.ETHERNET;
            DecodedPacket p = PacketDecoder.decode(link, buf, 0, cut);
            if (p.defects().stream().anyMatch(d -> d.layer().equals("decoder")))
                fail("round " + i + ": decoder bug escaped as " + p.defects());
            defects += p.defects().size();
            if (p.tcp() != null || p.icmp() != null) decoded++;
            fields.read(link, buf, 0, cut);
            Classifier.classify(probe, p);
            Classifier.classify(ProbeSent.UNKNOWN, p);
        }
        assertTrue(defects > ROUNDS / 10, "mutations produce reported defects (" + defects + ")");
        assertTrue(decoded > ROUNDS / 4, "most mutated frames still decode (" + decoded + ")");
    }

    @Test
    void mutatedPcapFilesFailWithAClearMessage() throws Exception {
        mutateAndRead(Files.readAllBytes(TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap")));
    }

    @Test
    void mutatedPcapngFilesFailWithAClearMessage(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path ng = dir.resolve("v1.pcapng");
        TestSupport.run(
                "editcap",
                "-F",
                "pcapng",
                TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap").toString(),
                ng.toString());
        mutateAndRead(Files.readAllBytes(ng));
    }

    private static void mutateAndRead(byte[] file) throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int clean = 0, rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] f = Arrays.copyOf(file, rnd.nextInt(file.length + 1));
            for (int m = 0; m < 4 && f.length > 0; m++)
                f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
            try (PcapReader r = PcapReader.open(new ByteArrayInputStream(f), "fuzz.pcap")) {
                LinkType lt = r.linkType() == null ? LinkType.RAW : r.linkType();
                r.forEach((ts, buf, cap, orig) -> PacketDecoder.decode(lt, buf, 0, cap));
                clean++;
            } catch (CaptureFormatException e) {
                assertFalse(e.getMessage().isBlank());
                assertFalse(e.getMessage().contains("\n"), "one line");
                rejected++;
            }
        }
        assertTrue(clean > 0 && rejected > 0, clean + " read, " + rejected + " rejected");
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        assertThrows(
                CaptureFormatException.class,
                () -> PcapReader.open(new ByteArrayInputStream(empty.toByteArray()), "empty"));
    }
}
