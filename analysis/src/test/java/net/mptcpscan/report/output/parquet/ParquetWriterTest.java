package net.mptcpscan.report.output.parquet;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.output.DuckDbParquetWriter;
import net.mptcpscan.report.output.RowWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What analysts load: our Parquet files hold the columns, types and rows DuckDB made of the same
 * rows before (the writer it replaced, kept in the tests as the reference), read back by DuckDB.
 */
class ParquetWriterTest {
    @TempDir Path dir;

    private static final String[] TEXT = {
        "",
        "a",
        "tcp",
        "mptcp",
        "mpc-echo,tsval-echo",
        "quote \" and, comma",
        "é€",
        "\ud83d\ude00",
        "x\ny"
    };

    /** A value of the kind the field carries (as ExportRows makes them), or null. */
    private static Object value(String field, Random r, int row) {
        if (r.nextInt(10) == 0 && !field.equals("scan_id")) return null;
        return switch (field) {
            case "scan_id" -> (long) 1 + r.nextInt(3);
            case "saddr" ->
                    r.nextInt(4) == 0
                            ? "2001:2::"
                                    + Integer.toHexString(row >> 16)
                                    + ":"
                                    + Integer.toHexString(row & 0xffff)
                            : "198."
                                    + (18 + (row >> 16 & 1))
                                    + "."
                                    + (row >> 8 & 255)
                                    + "."
                                    + (row & 255);
            case "address" -> "198.19.1." + r.nextInt(256);
            case "sport", "dport", "ttl", "window", "replies", "address_id", "port" ->
                    r.nextInt(65536);
            case "probe_version", "mptcp_version" -> r.nextInt(2);
            case "mpc_flags" -> String.format("0x%02x", r.nextInt(256));
            case "c_bit", "a_bit", "h_bit", "echo" -> r.nextBoolean();
            case "mptcp_key" -> "0x" + Long.toHexString(r.nextLong());
            case "timestamp" ->
                    ExportRows.timestamp(
                            1_700_000_000_000_000L + (long) row * 1_000 + r.nextInt(1000));
            case "versions" ->
                    List.of(List.<Integer>of(), List.of(1), List.of(0), List.of(0, 1))
                            .get(r.nextInt(4));
            // past the first rows, text that is all distinct: the dictionary gives way to PLAIN
            case "reason", "hmac" ->
                    row > 1000 && r.nextBoolean()
                            ? "distinct " + row
                            : TEXT[r.nextInt(TEXT.length)];
            default -> TEXT[r.nextInt(TEXT.length)];
        };
    }

    private static List<String> fields(String view) {
        return switch (view) {
            case "targets" -> ExportRows.TARGET_FIELDS;
            case "announcements" -> ExportRows.ANNOUNCEMENT_FIELDS;
            default -> ExportRows.REPLY_FIELDS;
        };
    }

    private static void write(RowWriter w, List<Map<String, Object>> rows) throws IOException {
        try (w) {
            for (Map<String, Object> m : rows) w.write(m);
        }
    }

    private static String query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String types(Path f) throws Exception {
        return query(
                "SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT *"
                        + " FROM read_parquet('"
                        + f
                        + "'))");
    }

    /** Rows of every kind of value, in three row groups (122,880 rows each, the last partly). */
    @ParameterizedTest
    @ValueSource(strings = {"replies", "targets", "announcements"})
    void holdsTheRowsAndTypesDuckDbMadeOfTheSameRows(String view) throws Exception {
        List<String> fields = fields(view);
        Random r = new Random(view.hashCode());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2 * ParquetWriter.ROW_GROUP + 5_000; i++) {
            Map<String, Object> m = new HashMap<>();
            for (String f : fields) m.put(f, value(f, r, i));
            rows.add(m);
        }
        Path ours = dir.resolve("ours.parquet"), duck = dir.resolve("duckdb.parquet");
        write(new ParquetWriter(fields, ours), rows);
        write(new DuckDbParquetWriter(fields, duck), rows);
        assertEquals(types(duck), types(ours), "columns and types");
        assertEquals(String.valueOf(rows.size()), query("SELECT count(*) FROM '" + ours + "'"));
        String a = "'" + ours + "'", b = "'" + duck + "'";
        assertEquals(
                "0",
                query("SELECT count(*) FROM (FROM " + a + " EXCEPT ALL FROM " + b + ")"),
                "rows of ours that DuckDB's lacks");
        assertEquals(
                "0",
                query("SELECT count(*) FROM (FROM " + b + " EXCEPT ALL FROM " + a + ")"),
                "rows of DuckDB's that ours lacks");
    }

    /** (DuckDB's CSV reader failed on an empty staging file: an empty export was an error.) */
    @Test
    void anEmptyExportIsAFileWithItsColumns() throws Exception {
        Path ours = dir.resolve("empty.parquet"), duck = dir.resolve("duckdb.parquet");
        write(new ParquetWriter(ExportRows.TARGET_FIELDS, ours), List.of());
        Map<String, Object> one = new HashMap<>();
        for (String f : ExportRows.TARGET_FIELDS) one.put(f, value(f, new Random(1), 1));
        write(new DuckDbParquetWriter(ExportRows.TARGET_FIELDS, duck), List.of(one));
        assertEquals(types(duck), types(ours));
        assertEquals("0", query("SELECT count(*) FROM '" + ours + "'"));
    }

    /** The exports' timestamps read by arithmetic agree with java.time, whatever the date. */
    @Test
    void timestampsAreTheInstantsTheirTextSays() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long micros = (long) (r.nextDouble() * 8e15); // 1970 to 2223
            String t = ExportRows.timestamp(micros);
            Instant at = Instant.parse(t);
            assertEquals(
                    at.getEpochSecond() * 1_000_000 + at.getNano() / 1000,
                    ParquetWriter.micros(t),
                    t);
        }
    }

    /** A value that is not of its column's type stops the export with the field named. */
    @Test
    void aValueOfTheWrongTypeNamesItsField() throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("mpc_flags", "0xzz");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                write(
                                        new ParquetWriter(
                                                ExportRows.REPLY_FIELDS,
                                                dir.resolve("bad.parquet")),
                                        List.of(m)));
        assertTrue(e.getMessage().startsWith("field mpc_flags: 0xzz"), e.getMessage());
    }
}
