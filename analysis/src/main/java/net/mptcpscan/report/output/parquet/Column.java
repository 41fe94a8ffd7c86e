package net.mptcpscan.report.output.parquet;

import io.airlift.compress.Compressor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One column's values for the row group being filled, and their encoding into a column chunk: a
 * dictionary page where the values repeat (verdicts, evidence, versions), then one data page of
 * definition levels and values, each compressed. Values sit in primitive arrays, not objects.
 */
final class Column {
    /** The column types the exports use, with the Parquet types they are written as. */
    enum Kind {
        INT64(2),
        INT32(1),
        BOOLEAN(0),
        UINT64(2),
        TIMESTAMP(2),
        STRING(6),
        INT32_LIST(1);

        /** Parquet's physical type number. */
        final int physical;

        Kind(int physical) {
            this.physical = physical;
        }
    }

    static final int PLAIN = 0, RLE = 3, RLE_DICTIONARY = 8;

    final String name;
    final Kind kind;

    private final int capacity;
    private final byte[] defined;
    private long[] longs;
    private int[] ints;
    private boolean[] bools;
    private List<?>[] lists;
    int rows;

    /**
     * Text is dictionary-encoded as it comes (an index per row, no reference kept: storing millions
     * of String references cost G1 write barriers and scanning) until more than a quarter of the
     * group's rows are distinct; it then goes PLAIN, as bytes, for the rest of the group
     * (addresses). The next group starts as this one ended.
     */
    private boolean plainText;

    private int[] indices;
    private final Map<String, Integer> ids = new HashMap<>();
    private final java.util.ArrayList<String> dictionary = new java.util.ArrayList<>();
    private Bytes plain;

    /** The last text and its index: most values are the same String instance as the last. */
    private String last;

    private int lastId;

    Column(String name, Kind kind, int capacity) {
        this.name = name;
        this.kind = kind;
        this.capacity = capacity;
        defined = new byte[capacity];
        switch (kind) {
            case INT64, UINT64, TIMESTAMP -> longs = new long[capacity];
            case INT32 -> ints = new int[capacity];
            case BOOLEAN -> bools = new boolean[capacity];
            case STRING -> {
                indices = new int[capacity];
                plain = new Bytes(1 << 16);
            }
            case INT32_LIST -> lists = new List<?>[capacity];
        }
    }

    void addNull() {
        defined[rows++] = 0;
    }

    void addLong(long v) {
        longs[rows] = v;
        defined[rows++] = 1;
    }

    void addInt(int v) {
        ints[rows] = v;
        defined[rows++] = 1;
    }

    void addBoolean(boolean v) {
        bools[rows] = v;
        defined[rows++] = 1;
    }

    void addString(String v) {
        if (plainText) plain.lengthPrefixedText(v);
        else if (v == last) indices[rows] = lastId;
        else {
            Integer id = ids.get(v);
            if (id == null) {
                if (ids.size() >= Math.min(1 << 16, Math.max(16, capacity / 4))) {
                    goPlain();
                    plain.lengthPrefixedText(v);
                    defined[rows++] = 1;
                    return;
                }
                id = ids.size();
                ids.put(v, id);
                dictionary.add(v);
            }
            indices[rows] = id;
            last = v;
            lastId = id;
        }
        defined[rows++] = 1;
    }

    /** The rows so far as PLAIN bytes; the rest of the group follows them. */
    private void goPlain() {
        plainText = true;
        plain.clear();
        for (int i = 0; i < rows; i++)
            if (defined[i] != 0) plain.lengthPrefixedText(dictionary.get(indices[i]));
        resetDictionary();
    }

    private void resetDictionary() {
        ids.clear();
        dictionary.clear();
        last = null;
    }

    void addList(List<?> v) {
        lists[rows] = v;
        defined[rows++] = 1;
    }

    /** The encodings and sizes of a written chunk: what the footer says of it. */
    record Chunk(
            long firstPageOffset,
            long dictionaryPageOffset,
            long dataPageOffset,
            long values,
            long uncompressedSize,
            long compressedSize,
            List<Integer> encodings) {}

    /** A file being written: where the next byte goes. */
    interface Sink {
        long position();

        void write(byte[] b, int off, int len);
    }

    /** The chunk of this row group to the sink; the column is empty again after. */
    Chunk write(Sink out, Compressor codec, Scratch s) {
        long first = out.position();
        long dictionaryAt = -1;
        long uncompressed = 0, compressed = 0;
        s.body.clear();
        s.dictionaryInUse = false;
        long levels;
        boolean dictionary = false;
        if (kind == Kind.INT32_LIST) levels = listLevelsAndValues(s);
        else {
            levels = rows;
            s.levels.clear();
            definitionLevels(s);
            s.body.int32(s.levels.size);
            s.body.write(s.levels);
            if (kind == Kind.STRING && !plainText && !this.dictionary.isEmpty()) {
                dictionary = true;
                dictionaryAt = out.position();
                s.dictionary.clear();
                for (String v : this.dictionary) s.dictionary.lengthPrefixedText(v);
                long[] sizes = page(out, codec, s, s.dictionary, 2, this.dictionary.size());
                uncompressed += sizes[0];
                compressed += sizes[1];
                s.dictionaryInUse = true;
                // the indices of the rows that have a value
                int n = 0;
                if (s.indices.length < rows) s.indices = new int[capacity];
                for (int i = 0; i < rows; i++) if (defined[i] != 0) s.indices[n++] = indices[i];
                int width = Hybrid.bitWidth(this.dictionary.size() - 1);
                s.body.write(width);
                Hybrid.encode(s.indices, n, width, s.body);
            } else if (kind == Kind.STRING) s.body.write(plain);
            else plainValues(s.body);
        }
        long dataAt = out.position();
        long[] sizes = page(out, codec, s, s.body, 0, (int) levels);
        uncompressed += sizes[0];
        compressed += sizes[1];
        rows = 0;
        if (lists != null) java.util.Arrays.fill(lists, null);
        if (kind == Kind.STRING) {
            resetDictionary();
            plain.clear();
        }
        return new Chunk(
                first,
                dictionaryAt,
                dataAt,
                levels,
                uncompressed,
                compressed,
                dictionary ? List.of(PLAIN, RLE, RLE_DICTIONARY) : List.of(PLAIN, RLE));
    }

    /** A page: its header, then its body compressed. type 0: data, 2: dictionary. */
    private static long[] page(Sink out, Compressor codec, Scratch s, Bytes body, int type, int n) {
        int max = codec.maxCompressedLength(body.size);
        if (s.compressed.length < max) s.compressed = new byte[max];
        int c = codec.compress(body.buf, 0, body.size, s.compressed, 0, max);
        Thrift h = new Thrift();
        h.i32(1, type).i32(2, body.size).i32(3, c);
        if (type == 0)
            h.struct(5)
                    .i32(1, n)
                    .i32(2, s.dictionaryInUse ? RLE_DICTIONARY : PLAIN)
                    .i32(3, RLE)
                    .i32(4, RLE)
                    .end();
        else h.struct(7).i32(1, n).i32(2, PLAIN).end();
        h.out.write(0);
        out.write(h.out.buf, 0, h.out.size);
        out.write(s.compressed, 0, c);
        return new long[] {h.out.size + body.size, h.out.size + c};
    }

    private void definitionLevels(Scratch s) {
        if (s.levelValues.length < rows) s.levelValues = new int[capacity];
        for (int i = 0; i < rows; i++) s.levelValues[i] = defined[i];
        Hybrid.encode(s.levelValues, rows, 1, s.levels);
    }

    /**
     * A list column (optional group, repeated group "list", optional element): a row with no list
     * has definition level 0, an empty list 1, each element 3; repetition level 1 marks an element
     * that continues its row's list.
     */
    private long listLevelsAndValues(Scratch s) {
        int n = 0;
        for (int i = 0; i < rows; i++) n += defined[i] == 0 ? 1 : Math.max(1, lists[i].size());
        if (s.levelValues.length < n) s.levelValues = new int[n];
        if (s.repetitions.length < n) s.repetitions = new int[n];
        Bytes values = s.packed;
        values.clear();
        int k = 0;
        for (int i = 0; i < rows; i++) {
            if (defined[i] == 0) {
                s.repetitions[k] = 0;
                s.levelValues[k++] = 0;
                continue;
            }
            List<?> l = lists[i];
            if (l.isEmpty()) {
                s.repetitions[k] = 0;
                s.levelValues[k++] = 1;
                continue;
            }
            for (int e = 0; e < l.size(); e++) {
                s.repetitions[k] = e == 0 ? 0 : 1;
                s.levelValues[k++] = 3;
                values.int32(((Number) l.get(e)).intValue());
            }
        }
        s.levels.clear();
        Hybrid.encode(s.repetitions, n, 1, s.levels);
        s.body.int32(s.levels.size);
        s.body.write(s.levels);
        s.levels.clear();
        Hybrid.encode(s.levelValues, n, 2, s.levels);
        s.body.int32(s.levels.size);
        s.body.write(s.levels);
        s.body.write(values);
        s.dictionaryInUse = false;
        return n;
    }

    /** The defined values, PLAIN-encoded. */
    private void plainValues(Bytes b) {
        switch (kind) {
            case INT64, UINT64, TIMESTAMP -> {
                for (int i = 0; i < rows; i++) if (defined[i] != 0) b.int64(longs[i]);
            }
            case INT32 -> {
                for (int i = 0; i < rows; i++) if (defined[i] != 0) b.int32(ints[i]);
            }
            case BOOLEAN -> {
                int acc = 0, bits = 0;
                for (int i = 0; i < rows; i++) {
                    if (defined[i] == 0) continue;
                    if (bools[i]) acc |= 1 << bits;
                    if (++bits == 8) {
                        b.write(acc);
                        acc = 0;
                        bits = 0;
                    }
                }
                if (bits > 0) b.write(acc);
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** Buffers the columns share while a chunk is encoded. */
    static final class Scratch {
        final Bytes body = new Bytes(1 << 20);
        final Bytes levels = new Bytes(1 << 12);
        final Bytes dictionary = new Bytes(1 << 12);
        final Bytes packed = new Bytes(1 << 16);
        int[] levelValues = new int[0];
        int[] repetitions = new int[0];
        int[] indices = new int[0];
        boolean dictionaryInUse;
        byte[] compressed = new byte[0];
    }
}
