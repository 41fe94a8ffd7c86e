package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports parse back and validate against results-schema/; compare gives the exact transition
 * table.
 */
class ExportCompareTest {
    @TempDir Path dir;
    JdbcResultStore store;
    long oldScan, newScan;

    static ReplyRecord r(String addr, int port, int pv, ReplyClass c, Integer version) {
        Classification cl =
                new Classification(
                        c,
                        c == ReplyClass.ANOMALOUS ? "zero key" : null,
                        version,
                        version == null ? null : 0x21,
                        version == null ? null : 0x1234L,
                        Set.of());
        return new ReplyRecord(
                IpAddress.v4(Ipv4.parse(addr)),
                port,
                40001,
                pv,
                cl,
                60,
                1000,
                "S.",
                1_700_000_000_123_456L);
    }

    @BeforeEach
    void twoScans() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        oldScan =
                store.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header("old", ScanSource.SCAN, 1, 0, 1, null, "t"),
                                1,
                                0,
                                "{}"));
        store.append(
                oldScan,
                List.of(
                        r("198.18.1.1", 443, 1, ReplyClass.TCP, null),
                        r("198.18.1.1", 443, 0, ReplyClass.TCP, null), // tcp -> mptcp
                        r("198.18.1.2", 443, 1, ReplyClass.MPTCP, 1),
                        r("198.18.1.2", 443, 0, ReplyClass.TCP, null), // mptcp -> echo
                        r("198.18.1.3", 443, 1, ReplyClass.MPTCP, 1), // mptcp -> none
                        r("198.18.1.4", 80, 1, ReplyClass.CLOSED, null), // closed -> closed
                        r("198.18.1.6", 443, 1, ReplyClass.ANOMALOUS, 1))); // anomalous -> tcp
        store.finishScan(oldScan, ScanStatus.COMPLETE, new ScanCounts(6, 12, 7, 0, 0, 0));
        newScan =
                store.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header("new", ScanSource.SCAN, 1, 0, 1, null, "t"),
                                2,
                                0,
                                "{}"));
        store.append(
                newScan,
                List.of(
                        r("198.18.1.1", 443, 1, ReplyClass.MPTCP, 1),
                        r("198.18.1.1", 443, 0, ReplyClass.MPTCP, 0),
                        r("198.18.1.2", 443, 1, ReplyClass.ECHO, null),
                        r("198.18.1.4", 80, 1, ReplyClass.CLOSED, null),
                        r("198.18.1.5", 443, 1, ReplyClass.MPTCP, 1), // none -> mptcp
                        r("198.18.1.6", 443, 1, ReplyClass.TCP, null)));
        store.finishScan(newScan, ScanStatus.COMPLETE, new ScanCounts(6, 12, 6, 0, 0, 0));
    }

    @Test
    void compareGivesTheExactTransitionTable() throws Exception {
        Comparison c = CompareService.compare(store, oldScan, newScan, null);
        assertEquals(
                Map.of(
                        "tcp -> mptcp",
                        1L,
                        "mptcp -> echo",
                        1L,
                        "mptcp -> none",
                        1L,
                        "closed -> closed",
                        1L,
                        "none -> mptcp",
                        1L,
                        "anomalous -> tcp",
                        1L),
                c.transitions());
        assertEquals(List.of("198.18.1.1:443", "198.18.1.5:443"), c.gained());
        assertEquals(List.of("198.18.1.2:443", "198.18.1.3:443"), c.lost());
        Pfx2As t = new Pfx2As();
        t.add(Ipv4.parse("198.18.1.0"), 24, "64500");
        t.add(Ipv4.parse("198.18.1.4"), 30, "64501");
        Comparison withAs = CompareService.compare(store, oldScan, newScan, t);
        assertArrayEquals(new long[] {1, 2}, withAs.perAs().get("AS64500"));
        assertArrayEquals(new long[] {1, 0}, withAs.perAs().get("AS64501"));
    }

    static JsonSchema schema(String name) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(ExportCompareTest.class.getResourceAsStream("/results-schema/" + name));
    }

    String export(String view, String format, List<String> fields, List<ReplyClass> classes)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportService.export(store, newScan, view, format, fields, classes, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonAndJsonlExportsValidateAgainstTheSchema() throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (String view : List.of("replies", "targets")) {
            JsonSchema s =
                    schema(view.equals("targets") ? "target.schema.json" : "reply.schema.json");
            List<String> fields = ExportRows.fields(view, null);
            JsonNode arr = m.readTree(export(view, "json", fields, List.of()));
            assertTrue(arr.isArray());
            assertEquals(view.equals("targets") ? 5 : 6, arr.size());
            for (JsonNode row : arr) {
                Set<ValidationMessage> errors = s.validate(row);
                assertTrue(errors.isEmpty(), view + " row " + row + ": " + errors);
            }
            String[] lines = export(view, "jsonl", fields, List.of()).split("\n");
            assertEquals(arr.size(), lines.length);
            for (int i = 0; i < lines.length; i++)
                assertEquals(arr.get(i), m.readTree(lines[i]), "jsonl and json agree");
        }
        JsonNode t =
                m.readTree(
                        export("targets", "json", ExportRows.fields("targets", null), List.of()));
        assertEquals("198.18.1.1", t.get(0).get("saddr").asText());
        assertEquals("mptcp", t.get(0).get("class").asText());
        assertEquals("[0,1]", t.get(0).get("versions").toString(), "a list of numbers");
        assertTrue(t.get(0).get("c_bit").asBoolean());
    }

    @Test
    void schemaRejectsWhatItShould() throws Exception {
        JsonNode bad =
                new ObjectMapper()
                        .readTree(
                                "{\"scan_id\": 1, \"saddr\": \"198.18.1.1\", \"sport\": 443,"
                                        + " \"class\": \"mptcp-ish\", \"versions\": \"1\"}");
        assertFalse(
                schema("target.schema.json").validate(bad).isEmpty(),
                "an unknown class name is not valid");
    }

    @Test
    void csvParsesBackWithChosenFieldsAndClasses() throws Exception {
        String csv =
                export(
                        "replies",
                        "csv",
                        ExportRows.fields("replies", "saddr,sport,class,mptcp_version"),
                        List.of(ReplyClass.MPTCP));
        CsvMapper cm = new CsvMapper();
        MappingIterator<Map<String, String>> it =
                cm.readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(csv);
        List<Map<String, String>> rows = new ArrayList<>();
        it.forEachRemaining(rows::add);
        assertEquals(3, rows.size());
        for (Map<String, String> row : rows) {
            assertEquals(
                    List.of("saddr", "sport", "class", "mptcp_version"),
                    new ArrayList<>(row.keySet()));
            assertEquals("mptcp", row.get("class"));
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> ExportRows.fields("replies", "saddr,nonsense"));
    }

    /** --pfx2as adds each row's origin AS as the last field (unrouted: empty). */
    @Test
    void exportedTargetsCarryTheirOriginAs() throws Exception {
        Pfx2As t = new Pfx2As();
        t.add(Ipv4.parse("198.18.1.0"), 30, "714");
        List<String> fields = List.of("saddr", "class", "asn");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportService.export(
                store,
                ScanSet.of(store.scan(String.valueOf(newScan))),
                "targets",
                "csv",
                fields,
                List.of(),
                out,
                t);
        assertEquals(
                List.of(
                        "\"saddr\",\"class\",\"asn\"",
                        "\"198.18.1.1\",\"mptcp\",\"714\"",
                        "\"198.18.1.2\",\"echo\",\"714\"",
                        "\"198.18.1.4\",\"closed\",",
                        "\"198.18.1.5\",\"mptcp\",",
                        "\"198.18.1.6\",\"tcp\","),
                out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void reportCountsVerdictsVersionsAndFlags() throws Exception {
        ScanReport rep = ReportService.build(store, store.scan(String.valueOf(newScan)), null);
        assertEquals(5, rep.targets());
        assertEquals(2L, rep.verdicts().get("mptcp"));
        assertEquals(1L, rep.verdicts().get("echo"));
        assertEquals(Map.of("0,1", 1L, "1", 1L), rep.mptcpVersions());
        assertEquals(2L, rep.flags().get("c_bit"));
        assertEquals(1L, rep.perPort().get(80).get("closed"));
        Pfx2As t = new Pfx2As();
        t.add(Ipv4.parse("198.18.1.0"), 29, "714"); // .1 - .7: 714 is Apple's AS
        ScanReport perAs = ReportService.build(store, store.scan(String.valueOf(newScan)), t);
        assertEquals(2L, perAs.perAs().get("AS714").get("mptcp"));
        assertEquals(1L, perAs.perAs().get("AS714").get("echo"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ReportService.printJson(rep, new java.io.PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals(
                2,
                new ObjectMapper()
                        .readTree(b.toString(StandardCharsets.UTF_8))
                        .at("/verdicts/mptcp")
                        .asInt());
    }

    /**
     * Stage 2 in the report: 198.18.1.1 (C bit) announced another address with id 0, 198.18.1.5 (C
     * bit) completed its handshake and announced nothing; per AS with a prefix table.
     */
    @Test
    void reportHasTheLoadBalancerSectionPerAs() throws Exception {
        store.appendHandshakes(
                newScan,
                List.of(
                        new net.mptcpscan.store.HandshakeRecord(
                                IpAddress.v4(Ipv4.parse("198.18.1.1")),
                                443,
                                1,
                                net.mptcpscan.classify.HandshakeStatus.COMPLETED,
                                5,
                                1),
                        new net.mptcpscan.store.HandshakeRecord(
                                IpAddress.v4(Ipv4.parse("198.18.1.5")),
                                443,
                                1,
                                net.mptcpscan.classify.HandshakeStatus.COMPLETED,
                                1,
                                1)));
        store.appendAnnouncements(
                newScan,
                List.of(
                        new net.mptcpscan.store.AnnouncementRecord(
                                IpAddress.v4(Ipv4.parse("198.18.1.1")),
                                443,
                                0,
                                "198.18.254.1",
                                -1,
                                false,
                                "valid",
                                1)));
        Pfx2As t = new Pfx2As();
        t.add(Ipv4.parse("198.18.1.0"), 30, "714");
        t.add(Ipv4.parse("198.18.1.4"), 30, "64501");
        ScanReport rep = ReportService.build(store, store.scan(String.valueOf(newScan)), t);
        Map<String, Long> s = rep.stage2();
        assertEquals(2L, s.get("handshake_completed"));
        assertEquals(1L, s.get("c_bit_announcing"));
        assertEquals(1L, s.get("c_bit_silent"));
        assertEquals(1L, s.get("announced_ipv4"));
        assertEquals(1L, s.get("lb_bypass"));
        assertEquals(1L, s.get("c_only"));
        assertEquals(1L, s.get("id0"));
        assertEquals(
                Map.of("lb-bypass", 1L, "announces", 0L, "c-only", 0L, "id0", 1L),
                rep.stage2PerAs().get("AS714"));
        assertEquals(
                Map.of("lb-bypass", 0L, "announces", 0L, "c-only", 1L, "id0", 0L),
                rep.stage2PerAs().get("AS64501"));
    }

    @Test
    void trendListsEveryScanAndDrawsAChart() throws Exception {
        List<TrendService.Point> pts = TrendService.trend(store, null);
        assertEquals(2, pts.size());
        assertEquals(2, pts.get(0).count(ReplyClass.MPTCP));
        assertEquals(2, pts.get(1).count(ReplyClass.MPTCP));
        Path svg = dir.resolve("trend.svg");
        TrendService.writeSvg(TrendService.shares(store, pts), false, svg);
        String text = java.nio.file.Files.readString(svg);
        assertTrue(text.startsWith("<svg") && text.contains("mptcp") && text.contains("<path"));
        assertTrue(text.contains("share of the targets"), "shares, not counts, by default");
    }
}
