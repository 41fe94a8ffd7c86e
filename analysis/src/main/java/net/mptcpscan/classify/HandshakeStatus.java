package net.mptcpscan.classify;

/**
 * How stage 2's handshake with a genuine MPTCP server ended (results-schema: {@code handshake}).
 * wireName is the public name.
 */
public enum HandshakeStatus {
    /** The server acknowledged our third ACK (or sent anything after it) and did not reset. */
    COMPLETED("completed"),
    /** The server reset the connection (RST, MP_FASTCLOSE, MP_TCPRST) before our own RST. */
    RESET("reset"),
    /** Nothing came back within the window: our third ACK or the server's answers were lost. */
    TIMEOUT("timeout"),
    /** A genuine server stage 2 did not handshake (over --handshake-rate, or stage 2 off). */
    NOT_TRIED("not-tried");

    public final String wireName;

    HandshakeStatus(String wireName) {
        this.wireName = wireName;
    }

    public static HandshakeStatus of(String wireName) {
        for (HandshakeStatus s : values()) if (s.wireName.equals(wireName)) return s;
        throw new IllegalArgumentException("unknown handshake status " + wireName);
    }

    /**
     * How a handshake ended, from what the server sent after our third ACK (HandshakeEvent bits):
     * reset when it ended the connection, completed when anything else came (a repeated SYN-ACK
     * aside), timeout when nothing did.
     */
    public static HandshakeStatus fromEvents(int events) {
        if ((events & HandshakeEvent.RESETS) != 0) return RESET;
        return (events & ~HandshakeEvent.SYN_ACK_AGAIN.bit()) != 0 ? COMPLETED : TIMEOUT;
    }

    /** Of two attempts at one target (a resumed scan probes some twice), the one that says more. */
    public static HandshakeStatus better(HandshakeStatus a, HandshakeStatus b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
