package net.mptcpscan.report.output.parquet;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Thrift's compact protocol, the encoding of Parquet's page headers and footer: only what writing
 * them needs (structs, lists, i8/i32/i64, bools, strings). A field header carries the id as a delta
 * from the struct's previous field when it is 1 to 15.
 */
final class Thrift {
    static final int TRUE = 1, FALSE = 2, I8 = 3, I32 = 5, I64 = 6, BINARY = 8, LIST = 9;
    static final int STRUCT = 12;

    final Bytes out = new Bytes(256);

    /** The previous field id of each open struct. */
    private final int[] last = new int[16];

    private int depth;

    private void field(int type, int id) {
        int delta = id - last[depth];
        if (delta > 0 && delta <= 15) out.write(delta << 4 | type);
        else {
            out.write(type);
            out.varint((id << 1) ^ (id >> 31));
        }
        last[depth] = id;
    }

    Thrift i8(int id, int v) {
        field(I8, id);
        out.write(v);
        return this;
    }

    Thrift i32(int id, int v) {
        field(I32, id);
        out.varint(zigzag(v));
        return this;
    }

    Thrift i64(int id, long v) {
        field(I64, id);
        out.varint(zigzag(v));
        return this;
    }

    Thrift bool(int id, boolean v) {
        field(v ? TRUE : FALSE, id);
        return this;
    }

    Thrift string(int id, String s) {
        field(BINARY, id);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** A struct field: its fields follow, then end(). */
    Thrift struct(int id) {
        field(STRUCT, id);
        last[++depth] = 0;
        return this;
    }

    Thrift end() {
        out.write(0);
        depth--;
        return this;
    }

    /** A list field of size elements of elementType; structs in it start with element(). */
    Thrift list(int id, int elementType, int size) {
        field(LIST, id);
        if (size < 15) out.write(size << 4 | elementType);
        else {
            out.write(0xF0 | elementType);
            out.varint(size);
        }
        return this;
    }

    /** A struct element of a list: its fields, then end(). */
    Thrift element() {
        last[++depth] = 0;
        return this;
    }

    Thrift i32List(int id, List<Integer> values) {
        list(id, I32, values.size());
        for (int v : values) out.varint(zigzag(v));
        return this;
    }

    Thrift stringList(int id, List<String> values) {
        list(id, BINARY, values.size());
        for (String s : values) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.varint(b.length);
            out.write(b, 0, b.length);
        }
        return this;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static int zigzag(int v) {
        return (v << 1) ^ (v >> 31);
    }
}
