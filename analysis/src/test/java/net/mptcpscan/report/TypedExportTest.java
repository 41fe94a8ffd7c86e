package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports keep one type per column whatever the data, as an analyst's typed loader (DuckDB, run
 * here) sees them: 25,000 v1-only servers, then a dual-version one (past DuckDB's 20,480-row
 * sample); Parquet's columns have the types the issue names.
 */
class TypedExportTest {
    @TempDir static Path dir;
    static JdbcResultStore store;
    static long scan;
    static final int N = 25_000;

    static ReplyRecord reply(IpAddress a, int probe, Integer version, long key) {
        Classification c =
                version == null
                        ? Classification.of(ReplyClass.TCP)
                        : new Classification(ReplyClass.MPTCP, null, version, 0x81, key, Set.of());
        return new ReplyRecord(a, 443, 40000, probe, c, 60, 1000, "SA", 1_764_133_200_123_456L);
    }

    @BeforeAll
    static void scanOfManyV1ServersThenADualOne() throws Exception {
        store = JdbcResultStore.open(dir.resolve("db").toString());
        scan =
                store.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header("t", ScanSource.SCAN, 1, 0, 1, null, "t"),
                                1,
                                0,
                                "{}"));
        List<ReplyRecord> rows = new ArrayList<>();
        for (int i = 0; i < N; i++)
            rows.add(reply(IpAddress.v4(0xC6130000 + i), 1, 1, 0x1234567890120000L + i));
        IpAddress dual = AddressParser.parse("2001:2::99");
        rows.add(reply(dual, 1, 1, 0xFFFF_FFFF_FFFF_FFFEL));
        rows.add(reply(dual, 0, 0, 0xFFFF_FFFF_FFFF_FFFEL));
        store.append(scan, rows);
    }

    static Path export(String view, String format) throws Exception {
        Path f = dir.resolve(view + "." + format);
        if (format.equals("parquet"))
            ExportService.exportParquet(
                    store,
                    ScanSet.of(store.scan(Long.toString(scan))),
                    view,
                    ExportRows.fields(view, null),
                    List.of(),
                    f,
                    null);
        else
            try (OutputStream out = Files.newOutputStream(f)) {
                ExportService.export(
                        store, scan, view, format, ExportRows.fields(view, null), List.of(), out);
            }
        return f;
    }

    /** column -> DuckDB type of what read_csv/read_parquet makes of a file. */
    static Map<String, String> types(String reader, Path f) throws Exception {
        Map<String, String> t = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("DESCRIBE SELECT * FROM " + reader + "('" + f + "')")) {
            while (rs.next()) t.put(rs.getString(1), rs.getString(2));
        }
        return t;
    }

    static String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aDualServerAfter25000V1OnesLoadsAsTheSameTypeInCsv() throws Exception {
        Path f = export("targets", "csv");
        assertEquals("VARCHAR", types("read_csv", f).get("versions"));
        assertEquals(
                "[0, 1]",
                query(
                        "SELECT CAST(versions AS INTEGER[]) FROM read_csv('"
                                + f
                                + "') WHERE saddr = '2001:2::99'"));
        assertEquals(
                String.valueOf(N),
                query("SELECT count(*) FROM read_csv('" + f + "') WHERE versions = '[1]'"));
    }

    @Test
    void textWithCommasAfterTheSniffersSampleStaysOneField() throws Exception {
        Path f = export("replies", "csv");
        assertEquals(String.valueOf(N + 2), query("SELECT count(*) FROM read_csv('" + f + "')"));
        assertEquals(
                "1",
                query(
                        "SELECT count(*) FROM read_csv('"
                                + f
                                + "') WHERE saddr = '2001:2::99' AND probe_version = 0"));
    }

    @Test
    void versionsAreAListInJsonl() throws Exception {
        Path f = export("targets", "jsonl");
        assertEquals(
                "INTEGER[]", types("read_json", f).get("versions").replace("BIGINT", "INTEGER"));
    }

    @Test
    void parquetRepliesHaveTypedColumns() throws Exception {
        Path f = export("replies", "parquet");
        Map<String, String> t = types("read_parquet", f);
        assertEquals("VARCHAR", t.get("saddr"));
        assertEquals("BIGINT", t.get("saddr_hi"));
        assertEquals("BIGINT", t.get("saddr_lo"));
        assertEquals("INTEGER", t.get("mpc_flags"));
        assertEquals("BOOLEAN", t.get("c_bit"));
        assertEquals("UBIGINT", t.get("mptcp_key"));
        assertEquals("TIMESTAMP", t.get("timestamp"));
        assertEquals(
                String.valueOf(N + 2), query("SELECT count(*) FROM read_parquet('" + f + "')"));
        assertEquals(
                "18446744073709551614",
                query(
                        "SELECT DISTINCT mptcp_key FROM read_parquet('"
                                + f
                                + "') WHERE saddr = '2001:2::99'"));
        assertEquals(
                "2025-11-26 05:00:00.123456",
                query("SELECT min(timestamp) FROM read_parquet('" + f + "')"));
        assertEquals("129", query("SELECT max(mpc_flags) FROM read_parquet('" + f + "')"));
    }

    @Test
    void parquetTargetsHaveVersionsAsAListAndAddressesAsNumbers() throws Exception {
        Path f = export("targets", "parquet");
        Map<String, String> t = types("read_parquet", f);
        assertEquals("INTEGER[]", t.get("versions"));
        assertEquals(
                "[0, 1]",
                query("SELECT versions FROM read_parquet('" + f + "') WHERE saddr = '2001:2::99'"));
        IpAddress dual = AddressParser.parse("2001:2::99");
        assertEquals(
                dual.hi() + "," + dual.lo(),
                query(
                        "SELECT saddr_hi || ',' || saddr_lo FROM read_parquet('"
                                + f
                                + "') WHERE saddr = '2001:2::99'"));
        assertEquals(
                String.valueOf(0xC6130005L),
                query(
                        "SELECT saddr_lo FROM read_parquet('"
                                + f
                                + "') WHERE saddr = '198.19.0.5' AND saddr_hi IS NULL"));
        assertFalse(
                Files.list(dir).anyMatch(p -> p.getFileName().toString().contains(".rows-")),
                "no scratch file left");
    }
}
