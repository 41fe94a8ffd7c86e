package net.mptcpscan.report.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The reference the row writers are held to: rows written by Jackson's CSV and JSON generators,
 * configured as the writers were before they encoded bytes themselves (what users' scripts read).
 */
final class JacksonWriters {
    private JacksonWriters() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** format: csv (export: every text quoted), csv-live (zmap's bare fields), json, jsonl. */
    static String write(String format, List<String> fields, List<Map<String, Object>> rows)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format.startsWith("csv")) csv(fields, rows, out, format.equals("csv"));
        else json(fields, rows, out, format.equals("json"));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void json(
            List<String> fields,
            List<Map<String, Object>> rows,
            ByteArrayOutputStream out,
            boolean array)
            throws IOException {
        JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.setRootValueSeparator(null);
        if (array) g.writeStartArray();
        for (Map<String, Object> row : rows) {
            g.writeStartObject();
            for (String f : fields) {
                g.writeFieldName(f);
                JSON.writeValue(g, row.get(f));
            }
            g.writeEndObject();
            if (!array) g.writeRaw('\n');
        }
        if (array) {
            g.writeEndArray();
            g.writeRaw('\n');
        }
        g.close();
    }

    private static void csv(
            List<String> fields,
            List<Map<String, Object>> rows,
            ByteArrayOutputStream out,
            boolean quoteStrings)
            throws IOException {
        CsvMapper m = new CsvMapper();
        m.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
        if (quoteStrings) m.enable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS);
        CsvSchema.Builder b = CsvSchema.builder();
        for (String f : fields) b.addColumn(f);
        CsvGenerator g = m.getFactory().createGenerator(out, JsonEncoding.UTF8);
        g.setSchema(b.build().withHeader());
        for (Map<String, Object> row : rows) {
            g.writeStartObject();
            for (String f : fields) {
                Object v = row.get(f);
                g.writeFieldName(f);
                if (v == null) g.writeNull();
                else if (v instanceof Long || v instanceof Integer || v instanceof Short)
                    g.writeNumber(((Number) v).longValue());
                else if (v instanceof Number n) g.writeNumber(n.doubleValue());
                else if (v instanceof Boolean bo) g.writeNumber(bo ? 1 : 0);
                else if (v instanceof List<?> l) g.writeString(RowWriters.listText(l));
                else g.writeString(v.toString());
            }
            g.writeEndObject();
        }
        g.close();
    }
}
