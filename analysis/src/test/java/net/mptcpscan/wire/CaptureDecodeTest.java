package net.mptcpscan.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.mptcpscan.TestSupport;
import net.mptcpscan.capture.PcapReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real capture in ../shared/captures decodes, and the MPTCP options found agree, packet by
 * packet, with what tcpdump (an independent dissector) prints for them.
 */
class CaptureDecodeTest {
    private static final Pattern MPTCP =
            Pattern.compile("mptcp (\\d+) ([a-z-]+)((?:\\{[^}]*\\}|[^,\\]{])*)");
    private static final Pattern KEYS = Pattern.compile("\\{([0-9a-fx,]+)\\}");

    static List<DecodedPacket> decodeAll(Path file) throws Exception {
        List<DecodedPacket> out = new ArrayList<>();
        try (PcapReader r = PcapReader.open(file)) {
            assertNotNull(
                    r.linkType(),
                    file + ": link type " + r.linkTypeNumber() + " should be supported");
            r.forEach(
                    (ts, buf, cap, orig) ->
                            out.add(PacketDecoder.decode(r.linkType(), buf, 0, cap)));
        }
        return out;
    }

    static String tcpdumpName(MptcpOption o) {
        if (o instanceof MptcpOption.MpCapable) return "capable";
        if (o instanceof MptcpOption.MpJoin) return "join";
        if (o instanceof MptcpOption.Dss) return "dss";
        if (o instanceof MptcpOption.AddAddr) return "add-addr";
        if (o instanceof MptcpOption.RemoveAddr) return "rem-addr";
        if (o instanceof MptcpOption.MpPrio) return "prio";
        if (o instanceof MptcpOption.MpFail) return "fail";
        if (o instanceof MptcpOption.MpFastclose) return "fast-close";
        if (o instanceof MptcpOption.MpTcpRst) return "tcprst";
        return "unknown";
    }

    @TestFactory
    Stream<DynamicTest> capturesMatchTcpdump() throws Exception {
        return DynamicTest.stream(
                TestSupport.captureFiles().stream(),
                f -> f.getFileName().toString(),
                file -> {
                    List<DecodedPacket> ours = decodeAll(file);
                    List<String> theirs =
                            TestSupport.tcpdumpPackets(
                                    TestSupport.run("tcpdump", "-nn", "-v", "-r", file.toString()));
                    assertEquals(
                            theirs.size(),
                            ours.size(),
                            "tcpdump and we should see the same number of packets");
                    int options = 0;
                    for (int i = 0; i < ours.size(); i++) {
                        DecodedPacket p = ours.get(i);
                        String text = theirs.get(i);
                        List<String[]> expected = new ArrayList<>();
                        Matcher m = MPTCP.matcher(text);
                        while (m.find())
                            expected.add(new String[] {m.group(1), m.group(2), m.group(3)});
                        List<MptcpOption> found = new ArrayList<>();
                        if (p.tcp() != null)
                            for (TcpOption o : p.tcp().options())
                                if (o instanceof MptcpOption mo) found.add(mo);
                        boolean ourDefect =
                                p.defects().stream().anyMatch(d -> d.layer().equals("mptcp"));
                        boolean theirBad = text.contains("[bad opt]");
                        assertEquals(
                                theirBad,
                                ourDefect,
                                "packet "
                                        + (i + 1)
                                        + ": malformed MPTCP option reported by tcpdump and by us: "
                                        + text
                                        + p.defects());
                        if (theirBad) continue;
                        assertEquals(
                                expected.size(),
                                found.size(),
                                "packet " + (i + 1) + " MPTCP options: " + text);
                        for (int k = 0; k < found.size(); k++) {
                            MptcpOption o = found.get(k);
                            assertEquals(
                                    Integer.parseInt(expected.get(k)[0]),
                                    o.length(),
                                    "packet " + (i + 1) + " option length");
                            String name = tcpdumpName(o);
                            // tcpdump 4.99 predates MP_TCPRST and prints it as "unknown".
                            if (!(name.equals("tcprst") && expected.get(k)[1].equals("unknown")))
                                assertEquals(expected.get(k)[1], name, "packet " + (i + 1));
                            if (o instanceof MptcpOption.MpCapable c) {
                                assertTrue(
                                        expected.get(k)[2].contains("v" + c.version()),
                                        "version in " + expected.get(k)[2]);
                                Matcher km = KEYS.matcher(expected.get(k)[2]);
                                if (c.senderKey() != null) {
                                    assertTrue(km.find(), "keys printed for " + expected.get(k)[2]);
                                    String[] keys = km.group(1).split(",");
                                    assertEquals(
                                            Long.parseUnsignedLong(keys[0].substring(2), 16),
                                            c.senderKey().longValue(),
                                            "sender key");
                                    if (c.receiverKey() != null)
                                        assertEquals(
                                                Long.parseUnsignedLong(keys[1].substring(2), 16),
                                                c.receiverKey().longValue(),
                                                "receiver key");
                                }
                            }
                            if (o instanceof MptcpOption.AddAddr a) {
                                assertTrue(
                                        expected.get(k)[2].contains(a.address().getHostAddress()),
                                        "announced address");
                                assertEquals(
                                        a.echo(), expected.get(k)[2].contains("-echo"), "echo bit");
                            }
                            options++;
                        }
                        if (text.contains(" IP "))
                            assertNotNull(
                                    p.ip(),
                                    "packet " + (i + 1) + ": tcpdump read IPv4 here, so must we");
                    }
                    assertTrue(
                            options > 0 || file.getFileName().toString().contains("oobr"),
                            "every capture holds MPTCP options");
                });
    }

    @TestFactory
    Stream<DynamicTest> capturesDecodeWithoutDefectsExceptTheMalformedOne() throws Exception {
        return DynamicTest.stream(
                TestSupport.captureFiles().stream(),
                f -> f.getFileName().toString(),
                file -> {
                    long defects = 0, tcp = 0;
                    for (DecodedPacket p : decodeAll(file)) {
                        defects +=
                                p.defects().stream()
                                        .filter(
                                                d ->
                                                        !d.layer().equals("ipv4")
                                                                || !d.reason().contains("checksum"))
                                        .count();
                        if (p.tcp() != null) tcp++;
                    }
                    assertTrue(tcp > 0, "TCP segments found");
                    if (file.getFileName().toString().contains("dss-oobr"))
                        assertEquals(1, defects, "the 3-byte DSS is reported once");
                    else assertEquals(0, defects, "no defects in a well-formed capture");
                });
    }
}
