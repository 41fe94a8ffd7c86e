package net.mptcpscan.report.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
     * once a second. Jackson's generators are not thread-safe (unsynchronised, rows were torn and
     * the CSV writer died), so every call holds the writer's lock; uncontended but for the one
     * flush a second.
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

    /** Writes only the chosen fields, in the chosen order. */
    private static final class Json implements RowWriter {
        private final List<String> fields;

        /**
         * The field names quoted and encoded once (a fifth of a JSONL export was their quoting).
         */
        private final com.fasterxml.jackson.core.io.SerializedString[] names;

        private final JsonGenerator g;
        private final boolean array;
        private final OutputStream out;

        Json(List<String> fields, OutputStream out, boolean array) throws IOException {
            this.fields = fields;
            this.names = new com.fasterxml.jackson.core.io.SerializedString[fields.size()];
            for (int i = 0; i < names.length; i++)
                names[i] = new com.fasterxml.jackson.core.io.SerializedString(fields.get(i));
            this.array = array;
            this.out = out;
            g = Mapper.JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setRootValueSeparator(
                    null); // Jackson puts a space before every root value after the first: JSONL
            // lines must start with '{'
            if (array) g.writeStartArray();
        }

        @Override
        public void write(Map<String, Object> row) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < names.length; i++) {
                g.writeFieldName(names[i]);
                writeValue(g, row.get(fields.get(i)));
            }
            g.writeEndObject();
            if (!array) g.writeRaw('\n');
        }

        /**
         * The row's own types written directly: going through the ObjectMapper for every value (a
         * serializer lookup each time) made JSONL three times slower than CSV. Anything else still
         * goes through it, so the output is what the mapper writes.
         */
        private static void writeValue(JsonGenerator g, Object v) throws IOException {
            if (v == null) g.writeNull();
            else if (v instanceof String s) g.writeString(s);
            else if (v instanceof Long || v instanceof Integer || v instanceof Short)
                g.writeNumber(((Number) v).longValue());
            else if (v instanceof Double d) g.writeNumber(d);
            else if (v instanceof Boolean b) g.writeBoolean(b);
            else if (v instanceof List<?> l) {
                g.writeStartArray();
                for (Object o : l) writeValue(g, o);
                g.writeEndArray();
            } else Mapper.JSON.writeValue(g, v);
        }

        @Override
        public void flush() throws IOException {
            g.flush();
        }

        @Override
        public void close() throws IOException {
            if (array) {
                g.writeEndArray();
                g.writeRaw('\n');
            }
            g.close();
            out.flush();
        }
    }

    /** A list as one CSV field: "[0,1]", the list literal DuckDB and Python read back. */
    static String listText(List<?> l) {
        StringBuilder b = new StringBuilder("[");
        for (Object o : l) b.append(b.length() > 1 ? "," : "").append(o);
        return b.append(']').toString();
    }

    private static final class Csv implements RowWriter {
        private final List<String> fields;
        private final CsvGenerator g;
        private final OutputStream out;

        Csv(List<String> fields, OutputStream out, boolean header, boolean quoteStrings)
                throws IOException {
            this.fields = fields;
            this.out = out;
            CsvMapper m = new CsvMapper();
            // Quote only what must be (a comma, a quote, a line break): zmap's csv writes
            // timestamps bare, and cut -d, reads them.
            m.enable(
                    com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature
                            .STRICT_CHECK_FOR_QUOTING);
            if (quoteStrings)
                m.enable(
                        com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature
                                .ALWAYS_QUOTE_STRINGS);
            CsvSchema.Builder b = CsvSchema.builder();
            for (String f : fields) b.addColumn(f);
            g = m.getFactory().createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setSchema(header ? b.build().withHeader() : b.build().withoutHeader());
        }

        @Override
        public void write(Map<String, Object> row) throws IOException {
            g.writeStartObject();
            for (String f : fields) {
                Object v = row.get(f);
                g.writeFieldName(f);
                if (v == null) g.writeNull();
                // numbers through the typed calls: the String one is quoted with quoteStrings
                else if (v instanceof Long || v instanceof Integer || v instanceof Short)
                    g.writeNumber(((Number) v).longValue());
                else if (v instanceof Number n) g.writeNumber(n.doubleValue());
                else if (v instanceof Boolean b)
                    g.writeNumber(b ? 1 : 0); // zmap's csv module writes bools as 1 and 0
                else if (v instanceof List<?> l) g.writeString(listText(l));
                else g.writeString(v.toString());
            }
            g.writeEndObject();
        }

        @Override
        public void flush() throws IOException {
            g.flush();
        }

        @Override
        public void close() throws IOException {
            g.close();
            out.flush();
        }
    }
}
