package net.mptcpscan.classify;

/**
 * The classes of a reply and of a target's verdict. Their names are the public contract
 * (results-schema/): never rename them. Declaration order is precedence: a target's verdict is the
 * first class any of its replies got.
 */
public enum ReplyClass {
    /** A genuine MPTCP SYN-ACK: valid MP_CAPABLE with a key that is not ours. */
    MPTCP("mptcp"),
    /** Our MP_CAPABLE returned byte-identical: a middlebox echoing options, not a server. */
    ECHO("echo"),
    /** MP_CAPABLE present but invalid for a SYN-ACK; the reason says how. */
    ANOMALOUS("anomalous"),
    /** A SYN-ACK without MP_CAPABLE. */
    TCP("tcp"),
    /** A RST. */
    CLOSED("closed"),
    /** An ICMP destination unreachable quoting our probe. */
    UNREACHABLE("unreachable");

    public final String wireName;

    ReplyClass(String wireName) {
        this.wireName = wireName;
    }

    /** 1 for mptcp ... 6 for unreachable: stored so SQL can derive a verdict with MIN(). */
    public int rank() {
        return ordinal() + 1;
    }

    public static ReplyClass ofRank(int rank) {
        return values()[rank - 1];
    }

    public static ReplyClass parse(String name) {
        for (ReplyClass c : values()) if (c.wireName.equalsIgnoreCase(name.trim())) return c;
        throw new IllegalArgumentException(
                "unknown class "
                        + net.mptcpscan.io.Text.quote(name)
                        + " (classes: mptcp, echo, anomalous, tcp, closed, unreachable)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
