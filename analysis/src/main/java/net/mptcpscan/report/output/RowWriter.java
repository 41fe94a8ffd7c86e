package net.mptcpscan.report.output;

import java.io.IOException;
import java.util.Map;

/**
 * An output format for result rows, like zmap's output modules. Rows are maps from the field names
 * of results-schema/ to values; writers stream, holding one row at a time.
 */
public interface RowWriter extends AutoCloseable {
    void write(Map<String, Object> row) throws IOException;

    /** Pushes buffered rows out (the live stream calls it once a second). */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
