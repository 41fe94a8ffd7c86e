package net.mptcpscan.report.output.parquet;

/**
 * Parquet's RLE/bit-packing hybrid, for definition and repetition levels and dictionary indices: a
 * value repeated 8 times or more is one run (count, value); anything else goes in groups of 8
 * values bit-packed, least significant bit first. Only the last group may be padded.
 */
final class Hybrid {
    private Hybrid() {}

    /** The bits an index up to max needs (at least 1: some readers mishandle 0). */
    static int bitWidth(int max) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(max));
    }

    static void encode(int[] v, int n, int bitWidth, Bytes out) {
        int valueBytes = (bitWidth + 7) / 8;
        Bytes groups = new Bytes(64);
        int i = 0;
        while (i < n) {
            int run = 1;
            while (i + run < n && v[i + run] == v[i]) run++;
            if (run >= 8) {
                out.varint((long) run << 1);
                for (int b = 0; b < valueBytes; b++) out.write(v[i] >>> (8 * b));
                i += run;
                continue;
            }
            // groups of 8 until a long run starts at a group's boundary, or the values end
            groups.clear();
            int count = 0;
            do {
                pack(v, i, Math.min(8, n - i), bitWidth, groups);
                i += 8;
                count++;
            } while (i < n && !runOfEight(v, i, n));
            out.varint((long) count << 1 | 1);
            out.write(groups);
        }
    }

    private static boolean runOfEight(int[] v, int i, int n) {
        if (i + 8 > n) return false;
        for (int k = 1; k < 8; k++) if (v[i + k] != v[i]) return false;
        return true;
    }

    /** 8 values (fewer at the end, padded with zeros) in bitWidth bytes. */
    private static void pack(int[] v, int from, int count, int bitWidth, Bytes out) {
        long acc = 0;
        int bits = 0;
        for (int k = 0; k < 8; k++) {
            long x = k < count ? v[from + k] & ((1L << bitWidth) - 1) : 0;
            acc |= x << bits;
            bits += bitWidth;
            while (bits >= 8) {
                out.write((int) acc);
                acc >>>= 8;
                bits -= 8;
            }
        }
    }
}
