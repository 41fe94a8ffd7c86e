package net.mptcpscan.report.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Rows to a Parquet file with typed columns, through DuckDB: rows are appended to a table in a
 * scratch DuckDB file beside the output (its own storage: bounded memory whatever the row count),
 * then one COPY writes the Parquet with the final types. Addresses are text (saddr) and numbers
 * (saddr_hi, saddr_lo: as the database stores them), flags integers, versions a list, timestamps
 * timestamps, keys unsigned 64-bit numbers.
 */
public final class ParquetWriter implements RowWriter {
    /** A column: the type rows are appended as, and the SQL giving the final type. */
    private record Column(String name, String stagingType, String select) {}

    private final List<Column> columns = new ArrayList<>();
    private final List<String> fields;
    private final Path out, scratch;
    private Connection conn;
    private DuckDBAppender appender;

    /** Each field's staging type, in field order (looked up once, not per row). */
    private final String[] staging;

    private boolean closed;

    public ParquetWriter(List<String> fields, Path out) throws IOException {
        this.fields = List.copyOf(fields);
        this.out = out;
        staging = new String[fields.size()];
        for (int i = 0; i < staging.length; i++) staging[i] = column(fields.get(i)).stagingType();
        for (String f : fields) {
            columns.add(column(f));
            if (f.equals("saddr")) {
                columns.add(new Column("saddr_hi", "BIGINT", "saddr_hi"));
                columns.add(new Column("saddr_lo", "BIGINT", "saddr_lo"));
            }
        }
        scratch =
                out.toAbsolutePath()
                        .resolveSibling(
                                "."
                                        + out.getFileName()
                                        + ".duckdb-"
                                        + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(scratch);
            conn = DriverManager.getConnection("jdbc:duckdb:" + scratch.toAbsolutePath());
            try (Statement st = conn.createStatement()) {
                // Bounded: past this DuckDB spills to its own temporary files.
                st.execute("SET memory_limit = '256MB'");
                st.execute("SET threads = 2");
                StringBuilder ddl = new StringBuilder("CREATE TABLE rows_ (");
                for (int i = 0; i < columns.size(); i++)
                    ddl.append(i == 0 ? "" : ", ")
                            .append('"')
                            .append(columns.get(i).name())
                            .append("\" ")
                            .append(columns.get(i).stagingType());
                st.execute(ddl.append(')').toString());
            }
            appender =
                    ((DuckDBConnection) conn)
                            .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows_");
        } catch (SQLException e) {
            cleanUp();
            throw new IOException("cannot start the Parquet writer: " + e.getMessage(), e);
        }
    }

    /** The staging type and final expression of a public field. */
    private static Column column(String f) {
        String q = '"' + f + '"';
        return switch (f) {
            case "scan_id" -> new Column(f, "BIGINT", q);
            case "sport",
                    "dport",
                    "probe_version",
                    "mptcp_version",
                    "ttl",
                    "window",
                    "replies",
                    "address_id",
                    "port",
                    "mpc_flags" ->
                    new Column(f, "INTEGER", q);
            case "c_bit", "a_bit", "h_bit", "echo" -> new Column(f, "BOOLEAN", q);
            // the key's 64 bits as a signed number, read back as the unsigned value they are
            case "mptcp_key" ->
                    new Column(
                            f,
                            "BIGINT",
                            "CAST(CASE WHEN "
                                    + q
                                    + " < 0 THEN CAST("
                                    + q
                                    + " AS HUGEINT) + 18446744073709551616 ELSE "
                                    + q
                                    + " END AS UBIGINT) AS "
                                    + q);
            case "timestamp" -> new Column(f, "BIGINT", "make_timestamp(" + q + ") AS " + q);
            case "versions" -> new Column(f, "VARCHAR", "CAST(" + q + " AS INTEGER[]) AS " + q);
            default -> new Column(f, "VARCHAR", q);
        };
    }

    @Override
    public void write(Map<String, Object> row) throws IOException {
        try {
            appender.beginRow();
            for (int i = 0; i < staging.length; i++) {
                String f = fields.get(i);
                Object v = row.get(f);
                append(staging[i], f, v);
                if (f.equals("saddr")) {
                    IpAddress a = v == null ? null : AddressParser.parseNetwork(v.toString());
                    if (a == null || !a.v6()) appender.appendNull();
                    else appender.append(a.hi());
                    if (a == null) appender.appendNull();
                    else appender.append(a.lo());
                }
            }
            appender.endRow();
        } catch (SQLException e) {
            throw new IOException("writing a Parquet row failed: " + e.getMessage(), e);
        }
    }

    private void append(String type, String field, Object v) throws SQLException {
        if (v == null) {
            appender.appendNull();
            return;
        }
        switch (type) {
            case "BIGINT" -> {
                long x;
                if (field.equals("timestamp")) x = micros(v.toString());
                else if (field.equals("mptcp_key")) x = Long.parseUnsignedLong(hex(v), 16);
                else x = ((Number) v).longValue();
                appender.append(x);
            }
            case "INTEGER" ->
                    appender.append(
                            v instanceof Number n ? n.intValue() : Integer.parseInt(hex(v), 16));
            case "BOOLEAN" -> appender.append((Boolean) v);
            default ->
                    appender.append(v instanceof List<?> l ? RowWriters.listText(l) : v.toString());
        }
    }

    /** "0x81" -> "81" (flags and keys are written 0x-prefixed hex in the text formats). */
    private static String hex(Object v) {
        String s = v.toString();
        return s.startsWith("0x") ? s.substring(2) : s;
    }

    private static long micros(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            appender.close();
            StringBuilder sel = new StringBuilder("COPY (SELECT ");
            for (int i = 0; i < columns.size(); i++)
                sel.append(i == 0 ? "" : ", ").append(columns.get(i).select());
            sel.append(" FROM rows_) TO '")
                    .append(out.toAbsolutePath().toString().replace("'", "''"))
                    .append("' (FORMAT parquet, COMPRESSION zstd)");
            try (Statement st = conn.createStatement()) {
                st.execute(sel.toString());
            }
        } catch (SQLException e) {
            throw new IOException("writing the Parquet file failed: " + e.getMessage(), e);
        } finally {
            cleanUp();
        }
    }

    private void cleanUp() {
        try {
            if (conn != null) conn.close();
        } catch (SQLException ignored) {
            // the scratch file goes anyway
        }
        try {
            Files.deleteIfExists(scratch);
            Files.deleteIfExists(scratch.resolveSibling(scratch.getFileName() + ".wal"));
        } catch (IOException ignored) {
            // a leftover scratch file is harmless and named after this process
        }
    }
}
