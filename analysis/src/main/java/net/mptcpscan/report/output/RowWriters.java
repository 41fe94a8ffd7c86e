package net.mptcpscan.report.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** The three output formats: csv (with a header), json (one array), jsonl (an object a line). */
public final class RowWriters {
    private RowWriters() {}

    public static final List<String> FORMATS = List.of("csv", "json", "jsonl");

    /** Made on first use: a scan writing CSV (the default) need not build it (25 ms of a start). */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    public static RowWriter create(String format, List<String> fields, OutputStream out)
            throws IOException {
        return create(format, fields, out, true);
    }

    /**
     * For export: as create(), but CSV quotes every text field. A typed loader sniffs the quoting
     * from its first rows: with none there, a "[0,1]" or "mpc-echo,tsval-echo" further down was
     * split at its comma (DuckDB did). The live -o stream keeps zmap's bare fields.
     */
    public static RowWriter forExport(String format, List<String> fields, OutputStream out)
            throws IOException {
        return format.equalsIgnoreCase("csv")
                ? new Csv(fields, out, true, true)
                : create(format, fields, out, true);
    }

    /** header: the csv header line (zmap's --no-header-row turns it off). */
    public static RowWriter create(
            String format, List<String> fields, OutputStream out, boolean header)
            throws IOException {
        switch (format.toLowerCase()) {
            case "csv":
                return new Csv(fields, out, header, false);
            case "json":
                return new Json(fields, out, true);
            case "jsonl":
                return new Json(fields, out, false);
            case "json-array":
                return new Json(fields, out, true);
            default:
                throw new IllegalArgumentException(
                        "unknown output format "
                                + net.mptcpscan.io.Text.quote(format)
                                + " (formats: csv, json, jsonl, json-array)");
        }
    }

    /**
     * A writer shared by two threads: the receive thread writes rows, the status thread flushes
     * once a second. The writers are not thread-safe (unsynchronised, rows were torn and the CSV
     * writer died), so every call holds the writer's lock; uncontended but for the one flush a
     * second.
     */
    public static RowWriter shared(RowWriter w) {
        return new RowWriter() {
            @Override
            public synchronized void write(Map<String, Object> row) throws IOException {
                w.write(row);
            }

            @Override
            public synchronized void flush() throws IOException {
                w.flush();
            }

            @Override
            public synchronized void close() throws IOException {
                w.close();
            }
        };
    }

    /**
     * One object per row with only the chosen fields, in the chosen order: as Jackson's generator
     * wrote them (RowWritersTest holds the two side by side), each field name quoted once.
     */
    private static final class Json implements RowWriter {
        private final OrderedRow.Lookup fields;

        /** {"name": and ,"name": as bytes: a field name is written as one copy. */
        private final byte[][] names;

        private final TextOut t;
        private final boolean array;
        private boolean first = true;

        Json(List<String> fields, OutputStream out, boolean array) throws IOException {
            this.fields = new OrderedRow.Lookup(fields);
            this.names = new byte[fields.size()][];
            for (int i = 0; i < names.length; i++) {
                TextOut name = new TextOut(OutputStream.nullOutputStream());
                name.writeByte(i == 0 ? '{' : ',');
                name.writeJsonString(fields.get(i));
                name.writeByte(':');
                names[i] = name.buffered();
            }
            this.array = array;
            this.t = new TextOut(out);
            if (array) t.writeByte('[');
        }

        @Override
        public void write(Map<String, Object> row) throws IOException {
            if (array && !first) t.writeByte(',');
            first = false;
            if (names.length == 0) t.writeByte('{');
            for (int i = 0; i < names.length; i++) {
                t.write(names[i]);
                writeValue(fields.value(row, i));
            }
            t.writeByte('}');
            if (!array) t.writeByte('\n');
        }

        private void writeValue(Object v) throws IOException {
            if (v == null) t.write(NULL);
            else if (v instanceof String s) t.writeJsonString(s);
            else if (v instanceof Long || v instanceof Integer || v instanceof Short)
                t.writeLong(((Number) v).longValue());
            else if (v instanceof Boolean b) t.write(b ? TRUE : FALSE);
            else if (v instanceof Double d && Double.isFinite(d)) t.writeText(Double.toString(d));
            else if (v instanceof List<?> l) {
                t.writeByte('[');
                boolean more = false;
                for (Object o : l) {
                    if (more) t.writeByte(',');
                    more = true;
                    writeValue(o);
                }
                t.writeByte(']');
            } else t.write(Mapper.JSON.writeValueAsBytes(v)); // anything else as Jackson writes it
        }

        @Override
        public void flush() throws IOException {
            t.flush();
        }

        @Override
        public void close() throws IOException {
            if (array) {
                t.writeByte(']');
                t.writeByte('\n');
            }
            t.flush();
        }
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** A list as one CSV field: "[0,1]", the list literal DuckDB and Python read back. */
    public static String listText(List<?> l) {
        StringBuilder b = new StringBuilder("[");
        for (Object o : l) b.append(b.length() > 1 ? "," : "").append(o);
        return b.append(']').toString();
    }

    /**
     * CSV as zmap's csv module writes it: a header line of the field names, null as an empty field,
     * booleans as 1 and 0, text quoted only where it must be (a comma, a quote, a line break, a
     * carriage return), so cut -d, reads timestamps bare. quoteStrings (export) quotes every text
     * field.
     */
    private static final class Csv implements RowWriter {
        private final List<String> fields;
        private final OrderedRow.Lookup lookup;
        private final TextOut t;
        private final boolean quoteStrings;

        Csv(List<String> fields, OutputStream out, boolean header, boolean quoteStrings)
                throws IOException {
            this.fields = fields;
            this.lookup = new OrderedRow.Lookup(fields);
            this.t = new TextOut(out);
            this.quoteStrings = quoteStrings;
            if (header) {
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) t.writeByte(',');
                    text(fields.get(i));
                }
                t.writeByte('\n');
            }
        }

        @Override
        public void write(Map<String, Object> row) throws IOException {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) t.writeByte(',');
                Object v = lookup.value(row, i);
                if (v == null) continue;
                // text first: most fields are, and an interface test (List) on it is slow
                if (v instanceof String s) text(s);
                // numbers unquoted whatever quoteStrings says: a typed loader reads them as such
                else if (v instanceof Long || v instanceof Integer || v instanceof Short)
                    t.writeLong(((Number) v).longValue());
                else if (v instanceof Number n) t.writeText(Double.toString(n.doubleValue()));
                else if (v instanceof Boolean b) t.writeByte(b ? '1' : '0');
                else if (v instanceof List<?> l) list(l);
                else text(v.toString());
            }
            t.writeByte('\n');
        }

        /** A list of numbers straight into the buffer ("[0,1]"); anything else as listText. */
        private void list(List<?> l) throws IOException {
            for (Object o : l)
                if (!(o instanceof Integer)) {
                    text(listText(l));
                    return;
                }
            // no comma in [] or [1]; [0,1] has one, so it is quoted whatever quoteStrings says
            boolean quote = quoteStrings || l.size() > 1;
            if (quote) t.writeByte('"');
            t.writeByte('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) t.writeByte(',');
                t.writeLong((Integer) l.get(i));
            }
            t.writeByte(']');
            if (quote) t.writeByte('"');
        }

        private void text(String s) throws IOException {
            if (quoteStrings || mustQuote(s)) t.writeCsvQuoted(s);
            else t.writeText(s);
        }

        /**
         * RFC 4180's must: a comma, a quote, a line break. Jackson 2.17 left a carriage return
         * bare, which readers took for the end of the row.
         */
        static boolean mustQuote(String s) {
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
            }
            return false;
        }

        @Override
        public void flush() throws IOException {
            t.flush();
        }

        @Override
        public void close() throws IOException {
            t.flush();
        }
    }
}
