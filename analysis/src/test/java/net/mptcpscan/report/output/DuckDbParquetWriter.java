package net.mptcpscan.report.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;

/**
 * The reference ParquetWriter is held to: the writer it replaced, which had DuckDB make the file
 * (rows staged as CSV text, then one COPY casting each column to its type). Same columns, types and
 * rows are what users' queries rely on.
 */
public final class DuckDbParquetWriter implements RowWriter {
    /** A column and the SQL giving its final type from its text (c: the quoted name). */
    private record Column(String name, String select) {}

    private final List<Column> columns = new ArrayList<>();
    private final List<String> fields;
    private final Path out, scratch;
    private final java.io.Writer csv;

    /** Where saddr is among the fields (-1: not exported): saddr_hi and saddr_lo follow it. */
    private final int saddrAt;

    private boolean closed;

    public DuckDbParquetWriter(List<String> fields, Path out) throws IOException {
        this.fields = List.copyOf(fields);
        this.out = out;
        saddrAt = this.fields.indexOf("saddr");
        for (String f : fields) {
            columns.add(column(f));
            if (f.equals("saddr")) {
                columns.add(typed("saddr_hi", "BIGINT"));
                columns.add(typed("saddr_lo", "BIGINT"));
            }
        }
        scratch =
                out.toAbsolutePath()
                        .resolveSibling(
                                "." + out.getFileName() + ".rows-" + ProcessHandle.current().pid());
        Files.deleteIfExists(scratch);
        csv =
                new java.io.BufferedWriter(
                        new java.io.OutputStreamWriter(
                                Files.newOutputStream(scratch),
                                java.nio.charset.StandardCharsets.UTF_8),
                        1 << 16);
    }

    /** The SQL giving a public field its final type from its text. */
    private static Column column(String f) {
        String type =
                switch (f) {
                    case "scan_id" -> "BIGINT";
                    // flags come as 0x81 and keys as 0x-prefixed hex: DuckDB casts both
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
                            "INTEGER";
                    case "c_bit", "a_bit", "h_bit", "echo" -> "BOOLEAN";
                    case "mptcp_key" -> "UBIGINT";
                    case "timestamp" -> "TIMESTAMP";
                    case "versions" -> "INTEGER[]";
                    default -> null;
                };
        return type == null ? new Column(f, '"' + f + '"') : typed(f, type); // text stays text
    }

    /** A column read as text and cast to its type. */
    private static Column typed(String name, String type) {
        String q = '"' + name + '"';
        return new Column(name, "CAST(" + q + " AS " + type + ") AS " + q);
    }

    @Override
    public void write(Map<String, Object> row) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) csv.write(',');
            Object v = row.get(fields.get(i));
            text(v);
            if (i == saddrAt) {
                IpAddress a = v == null ? null : AddressParser.parseNetwork(v.toString());
                csv.write(',');
                if (a != null && a.v6()) csv.write(Long.toString(a.hi()));
                csv.write(',');
                if (a != null) csv.write(Long.toString(a.lo()));
            }
        }
        csv.write('\n');
    }

    /** A value as CSV text: null empty, text quoted (so an empty text is not null), lists [0,1]. */
    private void text(Object v) throws IOException {
        if (v == null) return;
        if (v instanceof Number || v instanceof Boolean) {
            csv.write(v.toString());
            return;
        }
        String t = v instanceof List<?> l ? RowWriters.listText(l) : v.toString();
        csv.write('"');
        if (t.indexOf('"') < 0) csv.write(t);
        else csv.write(t.replace("\"", "\"\""));
        csv.write('"');
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = conn.createStatement()) {
            csv.close();
            // Bounded: past this DuckDB spills to its own temporary files.
            st.execute("SET memory_limit = '256MB'");
            st.execute("SET threads = 2");
            StringBuilder sel = new StringBuilder("COPY (SELECT ");
            StringBuilder types = new StringBuilder("{");
            for (int i = 0; i < columns.size(); i++) {
                sel.append(i == 0 ? "" : ", ").append(columns.get(i).select());
                types.append(i == 0 ? "" : ", ")
                        .append('\'')
                        .append(columns.get(i).name())
                        .append("': 'VARCHAR'");
            }
            sel.append(" FROM read_csv(")
                    .append(quoted(scratch))
                    .append(", header = false, delim = ',', quote = '\"', escape = '\"',")
                    .append(" allow_quoted_nulls = false, columns = ")
                    .append(types.append('}'))
                    .append(")) TO ")
                    .append(quoted(out))
                    .append(" (FORMAT parquet, COMPRESSION zstd)");
            st.execute(sel.toString());
        } catch (SQLException e) {
            throw new IOException("writing the Parquet file failed: " + e.getMessage(), e);
        } finally {
            try {
                csv.close();
            } catch (IOException ignored) {
                // closed above, or the disk is full: the scratch file goes anyway
            }
            Files.deleteIfExists(scratch);
        }
    }

    private static String quoted(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
