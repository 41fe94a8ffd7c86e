package net.mptcpscan.report.output;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What pipes downstream of -o rely on: whole rows, line by line, while the status thread flushes.
 */
class RowWritersTest {
    static final List<String> FIELDS = List.of("saddr", "sport", "class", "reason");

    static Map<String, Object> row(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saddr", "198.18." + (i >> 8 & 255) + "." + (i & 255));
        m.put("sport", 443);
        m.put("class", "mptcp");
        m.put("reason", i % 3 == 0 ? "a reason, with a comma" : null);
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "jsonl"})
    void oneWriterAndOneFlusherNeverTearARow(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowWriter w = RowWriters.shared(RowWriters.create(format, FIELDS, out));
        int rows = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread flusher =
                new Thread(
                        () -> {
                            try {
                                while (!done.get()) w.flush();
                            } catch (Throwable t) {
                                failure.set(t);
                            }
                        });
        flusher.start();
        for (int i = 0; i < rows; i++) w.write(row(i));
        done.set(true);
        flusher.join();
        w.close();
        assertNull(failure.get(), "the flusher never fails");
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        int header = format.equals("csv") ? 1 : 0;
        assertEquals(rows + header, lines.size());
        ObjectMapper m = new ObjectMapper();
        for (int i = 0; i < rows; i++) {
            String l = lines.get(i + header);
            if (format.equals("csv"))
                assertTrue(
                        l.startsWith(row(i).get("saddr") + ",443,mptcp,"), "row " + i + ": " + l);
            else
                assertEquals(
                        row(i).get("saddr"),
                        m.readTree(l).get("saddr").asText(),
                        "row " + i + ": " + l);
        }
    }

    @org.junit.jupiter.api.Test
    void jsonlLinesStartWithABrace() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RowWriter w = RowWriters.create("jsonl", FIELDS, out)) {
            for (int i = 0; i < 3; i++) w.write(row(i));
        }
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n"))
            assertTrue(l.startsWith("{"), "'" + l + "'");
    }
}
