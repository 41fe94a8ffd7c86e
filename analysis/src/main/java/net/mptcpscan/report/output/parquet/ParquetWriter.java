package net.mptcpscan.report.output.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.mptcpscan.report.output.OrderedRow;
import net.mptcpscan.report.output.RowWriter;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;

/**
 * Rows to a Parquet file with typed columns, written by us: rows fill a row group of 122,880 (as
 * DuckDB's), each column in a primitive array; a full group is encoded column by column (text that
 * repeats as a dictionary, levels run-length encoded, pages compressed with Snappy) and written, so
 * memory stays one group whatever the row count. Having DuckDB make the file (rows staged as CSV,
 * then a casting COPY) took 11 s for 5 million targets, most of it in DuckDB.
 *
 * <p>Addresses are text (saddr) and numbers (saddr_hi, saddr_lo: as the database stores them; hi
 * null for IPv4), flags integers, versions a list of integers, timestamps timestamps (UTC, in
 * microseconds), keys unsigned 64-bit numbers; any other field is text.
 */
public final class ParquetWriter implements RowWriter {
    static final int ROW_GROUP = 122_880;

    /** How a column's value comes from a row: the field it is read from, and where it goes. */
    private record Source(int field, int column, boolean hi, boolean lo) {}

    private final List<String> fields;
    private final OrderedRow.Lookup lookup;
    private final List<Source> sources = new ArrayList<>();

    /**
     * Two sets of columns: while one row group is encoded and compressed by the encoder thread (a
     * third of the work), the next fills the other set.
     */
    private Column[] filling, encoding;

    private final net.mptcpscan.io.Behind encoder = new net.mptcpscan.io.Behind("parquet-encoder");

    private final Counting out;

    /**
     * Snappy, as DuckDB and Spark write by default: zstd made files a third smaller but was half of
     * the encoder thread's time, the largest single cost of exporting 50M replies on 2 cores.
     */
    private final Compressor codec = new SnappyCompressor();

    private final Column.Scratch scratch = new Column.Scratch();
    private final List<RowGroup> groups = new ArrayList<>();
    private long rows;
    private boolean closed;

    private record RowGroup(long rows, List<Column.Chunk> chunks) {}

    public ParquetWriter(List<String> fields, Path file) throws IOException {
        this.fields = List.copyOf(fields);
        this.lookup = new OrderedRow.Lookup(this.fields);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < this.fields.size(); i++) {
            String f = this.fields.get(i);
            sources.add(new Source(i, names.size(), false, false));
            names.add(f);
            if (f.equals("saddr")) {
                sources.add(new Source(i, names.size(), true, false));
                names.add("saddr_hi");
                sources.add(new Source(i, names.size(), false, true));
                names.add("saddr_lo");
            }
        }
        filling = columns(names);
        encoding = columns(names);
        out = new Counting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        out.write(MAGIC, 0, 4);
    }

    private static Column[] columns(List<String> names) {
        Column[] c = new Column[names.size()];
        for (int i = 0; i < c.length; i++) {
            String n = names.get(i);
            Column.Kind k =
                    n.equals("saddr_hi") || n.equals("saddr_lo") ? Column.Kind.INT64 : kindOf(n);
            c[i] = new Column(n, k, ROW_GROUP);
        }
        return c;
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** A public field's column type. */
    static Column.Kind kindOf(String f) {
        return switch (f) {
            case "scan_id" -> Column.Kind.INT64;
            // flags come as 0x81 and keys as 0x-prefixed hex: read back as numbers
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
                    Column.Kind.INT32;
            case "c_bit", "a_bit", "h_bit", "echo" -> Column.Kind.BOOLEAN;
            case "mptcp_key" -> Column.Kind.UINT64;
            case "timestamp" -> Column.Kind.TIMESTAMP;
            case "versions" -> Column.Kind.INT32_LIST;
            default -> Column.Kind.STRING; // text stays text
        };
    }

    @Override
    public void write(Map<String, Object> row) throws IOException {
        IpAddress address = null;
        String addressText = null;
        for (Source s : sources) {
            Object v = lookup.value(row, s.field());
            Column c = filling[s.column()];
            if (v == null) {
                c.addNull();
                continue;
            }
            if (s.hi() || s.lo()) {
                String text = v.toString();
                if (!text.equals(addressText)) {
                    address = AddressParser.parseNetwork(text);
                    addressText = text;
                }
                if (address == null) c.addNull();
                else addHalf(c, s.hi(), address);
                continue;
            }
            try {
                add(c, v);
            } catch (RuntimeException e) {
                throw new IOException(
                        "field " + c.name + ": " + v + " is not a " + c.kind.name().toLowerCase());
            }
        }
        if (++rows % ROW_GROUP == 0) handOff();
    }

    /** The fields, in the order a TypedRow takes them. */
    public List<String> fields() {
        return fields;
    }

    private final TypedRow typed = new TypedRow();

    /** The one TypedRow of this writer: a row's values, put in the order of fields(). */
    public TypedRow typedRow() {
        return typed;
    }

    /**
     * A row put value by value, in the order of fields(), typed: for a producer that has numbers
     * (an export of replies), so nothing is boxed, written as text and parsed back (an address's
     * text, a timestamp's, hex flags). A value of another type than its column's goes through
     * write's conversions. end() completes the row; ExportRowsTest holds the file to write's.
     */
    public final class TypedRow {
        private int at;

        private Column next() {
            return filling[sources.get(at++).column()];
        }

        public TypedRow putNull() {
            Source s = sources.get(at);
            next().addNull();
            while (at < sources.size() && sources.get(at).field() == s.field()) next().addNull();
            return this;
        }

        /** saddr: its text, and its two number columns when the writer has them. */
        public TypedRow putAddress(IpAddress a) throws IOException {
            Source s = sources.get(at);
            put(next(), a.toString());
            while (at < sources.size() && sources.get(at).field() == s.field()) {
                boolean hi = sources.get(at).hi();
                addHalf(next(), hi, a);
            }
            return this;
        }

        public TypedRow putText(String v) throws IOException {
            if (v == null) return putNull();
            Column c = next();
            if (c.kind == Column.Kind.STRING) c.addString(v);
            else put(c, v);
            return this;
        }

        public TypedRow putInt(int v) throws IOException {
            Column c = next();
            if (c.kind == Column.Kind.INT32) c.addInt(v);
            else put(c, v);
            return this;
        }

        public TypedRow putLong(long v) throws IOException {
            Column c = next();
            if (c.kind == Column.Kind.INT64 || c.kind == Column.Kind.UINT64) c.addLong(v);
            else put(c, v);
            return this;
        }

        public TypedRow putBoolean(boolean v) throws IOException {
            Column c = next();
            if (c.kind == Column.Kind.BOOLEAN) c.addBoolean(v);
            else put(c, v);
            return this;
        }

        /** A time as microseconds since the epoch (UTC). */
        public TypedRow putMicros(long micros, java.util.function.LongFunction<String> text)
                throws IOException {
            Column c = next();
            if (c.kind == Column.Kind.TIMESTAMP) c.addLong(micros);
            else put(c, text.apply(micros));
            return this;
        }

        /** The row is complete: every field was put. */
        public void end() throws IOException {
            if (at != sources.size())
                throw new IllegalStateException(at + " of " + sources.size() + " columns put");
            at = 0;
            if (++rows % ROW_GROUP == 0) handOff();
        }

        private void put(Column c, Object v) throws IOException {
            try {
                add(c, v);
            } catch (RuntimeException e) {
                throw new IOException(
                        "field " + c.name + ": " + v + " is not a " + c.kind.name().toLowerCase());
            }
        }
    }

    /**
     * saddr_hi or saddr_lo of an address: the high half is null for IPv4, as the store keeps it.
     */
    private static void addHalf(Column c, boolean hi, IpAddress a) {
        if (hi && !a.v6()) c.addNull();
        else c.addLong(hi ? a.hi() : a.lo());
    }

    /** A value into its column, converted from what the rows carry (numbers, text, lists). */
    private static void add(Column c, Object v) {
        switch (c.kind) {
            case INT64 ->
                    c.addLong(v instanceof Number n ? n.longValue() : Long.parseLong(v.toString()));
            case INT32 ->
                    c.addInt(v instanceof Number n ? n.intValue() : Integer.decode(v.toString()));
            case BOOLEAN -> c.addBoolean(v instanceof Boolean b ? b : bool(v.toString()));
            case UINT64 ->
                    c.addLong(v instanceof Number n ? n.longValue() : unsigned(v.toString()));
            case TIMESTAMP -> c.addLong(micros(v.toString()));
            case INT32_LIST -> {
                List<?> l = (List<?>) v;
                for (Object o : l) ((Number) o).intValue(); // every element a number
                c.addList(l);
            }
            // String first: testing it against List (an interface) first was slow
            case STRING ->
                    c.addString(
                            v instanceof String t
                                    ? t
                                    : v instanceof List<?> l
                                            ? RowWriters.listText(l)
                                            : v.toString());
        }
    }

    private static boolean bool(String s) {
        return switch (s) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(s);
        };
    }

    /** 0x-prefixed hex (a key) or decimal, as an unsigned 64-bit number. */
    private static long unsigned(String s) {
        return s.startsWith("0x") || s.startsWith("0X")
                ? Long.parseUnsignedLong(s.substring(2), 16)
                : Long.parseUnsignedLong(s);
    }

    /**
     * Microseconds since the epoch of an ISO-8601 UTC time; the exports' own layout
     * (2026-11-26T13:04:05.123456Z) read by arithmetic, anything else by Instant.parse.
     */
    static long micros(String s) {
        if (s.length() == 27
                && s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && s.charAt(10) == 'T'
                && s.charAt(13) == ':'
                && s.charAt(16) == ':'
                && s.charAt(19) == '.'
                && s.charAt(26) == 'Z') {
            int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
            int h = digits(s, 11, 2), min = digits(s, 14, 2), sec = digits(s, 17, 2);
            int frac = digits(s, 20, 6);
            if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && h < 24 && min < 60 && sec < 60
                    && frac >= 0) {
                long days = daysFromCivil(y, m, d);
                return ((days * 24 + h) * 60 + min) * 60_000_000L + sec * 1_000_000L + frac;
            }
        }
        Instant t = Instant.parse(s);
        return Math.addExact(
                Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /** The number in s[from, from + n), or -1 when a character is not a digit. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /**
     * The full row group to the encoder thread (once the one before is written; its failure, a full
     * disk, is the writer's); rows go on into the other set of columns.
     */
    private void handOff() throws IOException {
        encoder.await();
        Column[] full = filling;
        filling = encoding;
        encoding = full;
        encoder.submit(() -> encode(full));
    }

    /** A row group's chunks to the file, column after column. */
    private void encode(Column[] columns) {
        if (columns[0].rows == 0) return;
        long n = columns[0].rows;
        List<Column.Chunk> chunks = new ArrayList<>();
        for (Column c : columns) chunks.add(c.write(out, codec, scratch));
        groups.add(new RowGroup(n, chunks));
    }

    @Override
    public void flush() {}

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try (out) {
            encoder.await();
            encode(filling);
            byte[] footer = footer();
            out.write(footer, 0, footer.length);
            Bytes tail = new Bytes(8);
            tail.int32(footer.length);
            tail.write(MAGIC, 0, 4);
            out.write(tail.buf, 0, tail.size);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            encoder.close();
        }
    }

    /** FileMetaData: the schema, and each row group's column chunks. */
    private byte[] footer() {
        Thrift t = new Thrift();
        t.i32(1, 1);
        int elements = 1;
        Column[] columns = filling;
        for (Column c : columns) elements += c.kind == Column.Kind.INT32_LIST ? 3 : 1;
        t.list(2, Thrift.STRUCT, elements);
        t.element().string(4, "schema").i32(5, columns.length).end();
        for (Column c : columns) schema(t, c);
        t.i64(3, rows);
        t.list(4, Thrift.STRUCT, groups.size());
        for (RowGroup g : groups) {
            t.element().list(1, Thrift.STRUCT, columns.length);
            long total = 0, compressed = 0;
            for (int i = 0; i < columns.length; i++) {
                Column c = columns[i];
                Column.Chunk k = g.chunks().get(i);
                total += k.uncompressedSize();
                compressed += k.compressedSize();
                t.element().i64(2, k.firstPageOffset()).struct(3);
                t.i32(1, c.kind.physical).i32List(2, k.encodings());
                t.stringList(
                        3,
                        c.kind == Column.Kind.INT32_LIST
                                ? List.of(c.name, "list", "element")
                                : List.of(c.name));
                t.i32(4, SNAPPY)
                        .i64(5, k.values())
                        .i64(6, k.uncompressedSize())
                        .i64(7, k.compressedSize())
                        .i64(9, k.dataPageOffset());
                if (k.dictionaryPageOffset() >= 0) t.i64(11, k.dictionaryPageOffset());
                t.end().end();
            }
            t.i64(2, total).i64(3, g.rows()).i64(5, g.chunks().get(0).firstPageOffset());
            t.i64(6, compressed).end();
        }
        t.string(6, "mptcpscan");
        t.out.write(0);
        return java.util.Arrays.copyOf(t.out.buf, t.out.size);
    }

    private static final int SNAPPY = 1, OPTIONAL = 1, REPEATED = 2;

    /** A column's schema elements (three for a list: the group, its repeated list, the element). */
    private static void schema(Thrift t, Column c) {
        switch (c.kind) {
            case INT32_LIST -> {
                t.element().i32(3, OPTIONAL).string(4, c.name).i32(5, 1).i32(6, 3);
                t.struct(10).struct(3).end().end().end(); // converted LIST, logical LIST
                t.element().i32(3, REPEATED).string(4, "list").i32(5, 1).end();
                t.element().i32(1, 1).i32(3, OPTIONAL).string(4, "element").end();
            }
            case STRING -> {
                t.element().i32(1, c.kind.physical).i32(3, OPTIONAL).string(4, c.name);
                t.i32(6, 0).struct(10).struct(1).end().end().end(); // UTF8, logical STRING
            }
            case UINT64 -> {
                t.element().i32(1, c.kind.physical).i32(3, OPTIONAL).string(4, c.name);
                t.i32(6, 14); // UINT_64
                t.struct(10).struct(10).i8(1, 64).bool(2, false).end().end().end();
            }
            case TIMESTAMP -> {
                // logical TIMESTAMP(isAdjustedToUTC=false, MICROS): DuckDB's TIMESTAMP, as before
                t.element().i32(1, c.kind.physical).i32(3, OPTIONAL).string(4, c.name);
                t.struct(10).struct(8).bool(1, false).struct(2).struct(2).end().end().end().end();
                t.end();
            }
            default -> t.element().i32(1, c.kind.physical).i32(3, OPTIONAL).string(4, c.name).end();
        }
    }

    /** The file, and how many bytes are in it. */
    private static final class Counting implements Column.Sink, AutoCloseable {
        private final OutputStream out;
        private long position;

        Counting(OutputStream out) {
            this.out = out;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            position += len;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
