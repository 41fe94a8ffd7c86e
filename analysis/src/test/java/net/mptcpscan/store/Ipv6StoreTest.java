package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.CompareService;
import net.mptcpscan.report.Comparison;
import net.mptcpscan.report.ExportService;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both families in the same tables (schema V4), and an IPv4-only database from before it. */
class Ipv6StoreTest {
    @TempDir Path dir;

    static ReplyRecord reply(String addr, ReplyClass c) {
        Classification cl =
                c == ReplyClass.MPTCP
                        ? new Classification(c, null, 1, 0x81, 0x1234L, Set.of())
                        : Classification.of(c);
        return new ReplyRecord(
                AddressParser.parse(addr),
                443,
                40001,
                1,
                cl,
                60,
                1000,
                "SA",
                1_700_000_000_000_000L);
    }

    @Test
    void ipv6RepliesComeBackWithTheirAddressesAfterTheIpv4Ones() throws Exception {
        String db = dir.resolve("r").toString();
        List<ReplyRecord> in =
                List.of(
                        reply("2001:2::1", ReplyClass.MPTCP),
                        reply("198.18.0.1", ReplyClass.TCP),
                        // the same low 64 bits as an IPv4 address's value: only saddr_hi tells
                        reply("2001:2::c612:1", ReplyClass.TCP),
                        reply("2001:2:ffff::1", ReplyClass.ECHO));
        long id;
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            id = s.beginScan(StoreTest.scan("v6"));
            s.append(id, in);
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            List<IpAddress> back = new ArrayList<>();
            s.replies(id, List.of(), r -> back.add(r.reply().target()));
            assertEquals(
                    List.of(
                            AddressParser.parse("198.18.0.1"),
                            AddressParser.parse("2001:2::1"),
                            AddressParser.parse("2001:2::c612:1"),
                            AddressParser.parse("2001:2:ffff::1")),
                    back);
        }
    }

    @Test
    void verdictCountsKeepTargetsOfBothFamiliesApart() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("r").toString())) {
            long id = s.beginScan(StoreTest.scan("v6"));
            // 198.18.0.1 is 0xc6120001: the IPv6 address ::c612:1 would share its low half
            s.append(
                    id,
                    List.of(
                            reply("198.18.0.1", ReplyClass.TCP),
                            new ReplyRecord(
                                    IpAddress.v6(1L << 48, 0xC6120001L),
                                    443,
                                    40001,
                                    1,
                                    Classification.of(ReplyClass.CLOSED),
                                    60,
                                    0,
                                    "R",
                                    1)));
            long[] v = s.verdictCounts(id);
            assertEquals(1, v[ReplyClass.TCP.rank()]);
            assertEquals(1, v[ReplyClass.CLOSED.rank()]);
        }
    }

    @Test
    void exportsWriteCanonicalIpv6Text() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("r").toString())) {
            long id = s.beginScan(StoreTest.scan("v6"));
            s.append(
                    id,
                    List.of(reply("2001:0002:0000:0000:0000:0000:0000:00A1", ReplyClass.MPTCP)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExportService.export(
                    s, id, "targets", "csv", List.of("saddr", "class"), List.of(), out);
            assertEquals(
                    "\"saddr\",\"class\"\n\"2001:2::a1\",\"mptcp\"\n",
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void handshakesAndAnnouncementsOfIpv6TargetsComeBack() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("r").toString())) {
            long id = s.beginScan(StoreTest.scan("v6"));
            IpAddress t = AddressParser.parse("2001:2::7");
            s.appendHandshakes(
                    id, List.of(new HandshakeRecord(t, 443, 1, HandshakeStatus.COMPLETED, 1, 5)));
            s.appendAnnouncements(
                    id,
                    List.of(new AnnouncementRecord(t, 443, 2, "2001:2::8", -1, false, "valid", 6)));
            assertEquals(t, s.handshakes(id).get(0).target());
            assertEquals(t, s.announcements(id).get(0).target());
        }
    }

    @Test
    void aDatabaseFromBeforeIpv6IsMigratedAndComparesWithANewScan() throws Exception {
        String db = dir.resolve("old").toString();
        // A version 3 database, as the previous release left it, with one IPv4 scan.
        try (Connection c = DriverManager.getConnection(DbLocation.urlFor(db));
                Statement st = c.createStatement()) {
            for (String f : List.of("V1__init.sql", "V2__announcements.sql", "V3__handshakes.sql"))
                for (String sql : statements(f)) st.execute(sql);
            st.execute(
                    "INSERT INTO scans (label, source, status, started_at) VALUES ('old', 'scan',"
                            + " 'complete', 1)");
            st.execute(
                    "INSERT INTO replies (id, scan_id, saddr, sport, dport, probe_version,"
                            + " reply_class, class_rank, c_bit, a_bit) VALUES (1099511627776, 1,"
                            + " 3323068417, 443, 40001, 1, 'tcp', 4, FALSE, FALSE)");
        }
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            List<IpAddress> back = new ArrayList<>();
            s.replies(1, List.of(), r -> back.add(r.reply().target()));
            assertEquals(List.of(AddressParser.parse("198.18.0.1")), back);
            long id = s.beginScan(StoreTest.scan("new"));
            s.append(
                    id,
                    List.of(
                            reply("198.18.0.1", ReplyClass.MPTCP),
                            reply("2001:2::1", ReplyClass.TCP)));
            Comparison cmp = CompareService.compare(s, 1, id, null);
            assertEquals(1L, cmp.transitions().get("tcp -> mptcp"), cmp.transitions().toString());
            assertEquals(1L, cmp.transitions().get("none -> tcp"), cmp.transitions().toString());
        }
    }

    @Test
    void compareSplitsTransitionsPerFamily() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("r").toString())) {
            long a = s.beginScan(StoreTest.scan("a")), b = s.beginScan(StoreTest.scan("b"));
            s.append(
                    a,
                    List.of(
                            reply("198.18.0.1", ReplyClass.TCP),
                            reply("2001:2::1", ReplyClass.TCP)));
            s.append(
                    b,
                    List.of(
                            reply("198.18.0.1", ReplyClass.MPTCP),
                            reply("2001:2::1", ReplyClass.ECHO)));
            Comparison cmp = CompareService.compare(s, a, b, null);
            assertEquals(
                    java.util.Map.of(
                            "ipv4", java.util.Map.of("tcp -> mptcp", 1L),
                            "ipv6", java.util.Map.of("tcp -> echo", 1L)),
                    cmp.transitionsPerFamily());
        }
    }

    @Test
    void reportCountsVerdictsPerFamily() throws Exception {
        try (JdbcResultStore s = JdbcResultStore.open(dir.resolve("r").toString())) {
            long a = s.beginScan(StoreTest.scan("a"));
            s.append(
                    a,
                    List.of(
                            reply("198.18.0.1", ReplyClass.TCP),
                            reply("2001:2::1", ReplyClass.MPTCP),
                            reply("2001:2::2", ReplyClass.MPTCP)));
            net.mptcpscan.report.ScanReport r =
                    net.mptcpscan.report.ReportService.build(s, s.scan(String.valueOf(a)), null);
            assertEquals(2L, r.perFamily().get("ipv6").get("mptcp"));
            assertEquals(0L, r.perFamily().get("ipv4").get("mptcp"));
            assertEquals(1L, r.perFamily().get("ipv4").get("tcp"));
        }
    }

    private static List<String> statements(String file) throws Exception {
        try (InputStream in =
                Ipv6StoreTest.class.getResourceAsStream("/results-schema/sql/" + file)) {
            String text =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .replaceAll("(?m)--.*$", "");
            List<String> out = new ArrayList<>();
            for (String s : text.split(";")) if (!s.isBlank()) out.add(s.trim());
            return out;
        }
    }
}
