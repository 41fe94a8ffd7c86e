package net.mptcpscan.wire;

/**
 * An IPv4 or IPv6 address as two 64-bit halves: IPv6 as its high and low 64 bits, IPv4 as hi 0 and
 * lo the unsigned 32-bit value (v6 false). The order is IPv4 before IPv6, then (hi, lo) as signed
 * values: the order the store's (saddr_hi, saddr) index gives, so merges over both agree. Text is
 * kept apart: {@link AddressParser} reads it, {@link #toString()} writes the canonical form (RFC
 * 5952 for IPv6).
 */
public record IpAddress(boolean v6, long hi, long lo) implements Comparable<IpAddress> {
    public IpAddress {
        if (!v6 && (hi != 0 || (lo >>> 32) != 0))
            throw new IllegalArgumentException("an IPv4 address has 32 bits");
    }

    public static IpAddress v4(int a) {
        return new IpAddress(false, 0, a & 0xFFFFFFFFL);
    }

    public static IpAddress v6(long hi, long lo) {
        return new IpAddress(true, hi, lo);
    }

    /** The 16 bytes at b[off] as an IPv6 address. */
    public static IpAddress v6(byte[] b, int off) {
        return new IpAddress(true, Bytes.s64(b, off), Bytes.s64(b, off + 8));
    }

    /** 4 or 16 bytes, network order. */
    public static IpAddress of(byte[] b) {
        if (b.length == 4) return v4(Bytes.s32(b, 0));
        if (b.length == 16) return v6(b, 0);
        throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + b.length);
    }

    /** The IPv4 address as the int the IPv4 code uses. */
    public int v4() {
        if (v6) throw new IllegalStateException(this + " is not an IPv4 address");
        return (int) lo;
    }

    public int family() {
        return v6 ? 6 : 4;
    }

    public int byteLength() {
        return v6 ? 16 : 4;
    }

    /** Writes the address in network order at out[off] (4 or 16 bytes). */
    public void write(byte[] out, int off) {
        if (v6) {
            Bytes.put64(out, off, hi);
            Bytes.put64(out, off + 8, lo);
        } else Bytes.put32(out, off, (int) lo);
    }

    public byte[] bytes() {
        byte[] b = new byte[byteLength()];
        write(b, 0);
        return b;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v6 != o.v6) return v6 ? 1 : -1;
        int c = Long.compare(hi, o.hi);
        return c != 0 ? c : Long.compare(lo, o.lo);
    }

    /** Dotted quad or RFC 5952 text. */
    @Override
    public String toString() {
        return v6 ? AddressText.ipv6(bytes()) : Ipv4.toString((int) lo);
    }
}
