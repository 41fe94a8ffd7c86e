package net.mptcpscan.wire;

import java.util.List;

/** A decoded TCP header. seq/ack are unsigned 32-bit values; optionBytes is the raw option area. */
public record TcpSegment(
        int srcPort,
        int dstPort,
        long seq,
        long ack,
        int flags,
        int window,
        int headerLength,
        int payloadLength,
        boolean checksumValid,
        List<TcpOption> options,
        byte[] optionBytes) {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    public TcpSegment {
        options = List.copyOf(options);
        optionBytes = optionBytes.clone();
    }

    public byte[] optionBytes() {
        return optionBytes.clone();
    }

    /**
     * True when this segment's option area equals other's, trailing EOL padding ignored on both (no
     * copies).
     */
    public boolean sameOptionsAs(byte[] other) {
        int a = unpadded(optionBytes), b = unpadded(other);
        return a == b && java.util.Arrays.equals(optionBytes, 0, a, other, 0, b);
    }

    private static int unpadded(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) n--;
        return n;
    }

    public boolean isSyn() {
        return (flags & (SYN | ACK)) == SYN;
    }

    public boolean isSynAck() {
        return (flags & (SYN | ACK | RST)) == (SYN | ACK);
    }

    public boolean isRst() {
        return (flags & RST) != 0;
    }

    /** The first option of the given type, or null. */
    public <T extends TcpOption> T option(Class<T> type) {
        for (TcpOption o : options) if (type.isInstance(o)) return type.cast(o);
        return null;
    }

    public <T extends TcpOption> int count(Class<T> type) {
        int n = 0;
        for (TcpOption o : options) if (type.isInstance(o)) n++;
        return n;
    }

    /** tcpdump-style flag letters, e.g. "S." for a SYN-ACK. */
    public String flagString() {
        StringBuilder sb = new StringBuilder();
        if ((flags & FIN) != 0) sb.append('F');
        if ((flags & SYN) != 0) sb.append('S');
        if ((flags & RST) != 0) sb.append('R');
        if ((flags & PSH) != 0) sb.append('P');
        if ((flags & URG) != 0) sb.append('U');
        if ((flags & ACK) != 0) sb.append('.');
        return sb.toString();
    }
}
