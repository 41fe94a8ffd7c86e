package net.mptcpscan.wire;

/** Big-endian reads and writes over byte arrays: the only byte twiddling the codec needs. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    public static long u32(byte[] b, int off) {
        return s32(b, off) & 0xFFFFFFFFL;
    }

    public static int s32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24)
                | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8)
                | (b[off + 3] & 0xFF);
    }

    public static long u64(byte[] b, int off) {
        return ((long) s32(b, off) << 32) | u32(b, off + 4);
    }

    public static long s64(byte[] b, int off) {
        return u64(b, off);
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    public static void put64(byte[] b, int off, long v) {
        put32(b, off, (int) (v >>> 32));
        put32(b, off + 4, (int) v);
    }

    public static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++)
            sb.append(Character.forDigit((b[off + i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(b[off + i] & 0xF, 16));
        return sb.toString();
    }
}
