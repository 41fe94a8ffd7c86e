package net.mptcpscan.wire;

import java.util.List;

/** A decoded TCP header. seq/ack are unsigned 32-bit values; optionBytes is the raw option area. */
public record TcpSegment(int srcPort, int dstPort, long seq, long ack, int flags, int window, int headerLength,
                         int payloadLength, boolean checksumValid, List<TcpOption> options, byte[] optionBytes) {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20;

    public TcpSegment { options = List.copyOf(options); optionBytes = optionBytes.clone(); }

    public byte[] optionBytes() { return optionBytes.clone(); }

    public boolean isSyn() { return (flags & (SYN | ACK)) == SYN; }
    public boolean isSynAck() { return (flags & (SYN | ACK | RST)) == (SYN | ACK); }
    public boolean isRst() { return (flags & RST) != 0; }

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
