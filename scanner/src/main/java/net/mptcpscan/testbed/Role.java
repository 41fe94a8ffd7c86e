package net.mptcpscan.testbed;

/**
 * What an emulated testbed host is. Upstream Linux has only MPTCP v1, so v0 servers and
 * option-echoing middleboxes exist here only as these small responders.
 */
public enum Role {
    /**
     * An old out-of-tree Linux MPTCP v0 server: answers a v0 SYN with its own key and the A bit; a
     * v1 SYN with plain TCP.
     */
    V0("v0"),
    /** A server speaking both versions: v0 SYN -> v0 SYN-ACK, v1 SYN -> v1 SYN-ACK. */
    DUAL("dual"),
    /** A middlebox that copies every TCP option of the SYN into its SYN-ACK. */
    ECHO_ALL("echo-all"),
    /** A middlebox that returns only our MP_CAPABLE, byte for byte, beside its own options. */
    ECHO_MPC("echo-mpc"),
    /** MP_CAPABLE with the B (extensibility) bit set. */
    MALFORMED_B("malformed-b"),
    /** MP_CAPABLE with an all-zero key. */
    MALFORMED_ZERO_KEY("malformed-zero-key"),
    /** MP_CAPABLE of length 8: no valid form. */
    MALFORMED_LENGTH("malformed-length"),
    /** MP_CAPABLE without the H (HMAC) bit. */
    MALFORMED_NO_H("malformed-no-h"),
    // Stage 2: what Linux does not do, after the third ACK.
    /**
     * The documents' load balancer as they say Apple runs it: the C bit, and the direct address
     * announced with address id 0.
     */
    LB_ID0("lb-id0"),
    /** A v1 server whose ADD_ADDR carries a wrong HMAC: what a forging middlebox looks like. */
    BAD_HMAC("bad-hmac"),
    /** A v1 server of Linux before mid-2020: the HMAC's leftmost 64 bits. */
    LEGACY_HMAC("legacy-hmac"),
    /** A v0 server that announces an address (v0 ADD_ADDR: no HMAC). */
    V0_ADD_ADDR("v0-addaddr"),
    /** A v1 server that resets the connection on the third ACK. */
    RESET_AFTER("reset-after"),
    /** A v1 server that never answers after its SYN-ACK: the handshake times out. */
    MUTE_AFTER("mute-after"),
    /** A v1 server whose segment after the third ACK carries a malformed ADD_ADDR (length 11). */
    MALFORMED_ADD_ADDR("malformed-addaddr"),
    /** A v1 server reached over IPv4 that announces an IPv6 address (2001:2::6:NN, id 2). */
    V6_ADD_ADDR("v6-addaddr"),
    /** A v1 server that, after the third ACK, marks the subflow backup and removes address 1. */
    PRIO_REMOVE("prio-remove");

    public final String name;

    Role(String name) {
        this.name = name;
    }

    public static Role parse(String s) {
        for (Role r : values()) if (r.name.equals(s)) return r;
        throw new IllegalArgumentException("unknown role '" + s + "'");
    }
}
