package net.mptcpscan.probe;

import net.mptcpscan.classify.ProbeSent;

/**
 * A kind of probe, like zmap's probe modules: a prepared frame template plus the few per-target
 * fields patched into it. Implementations keep no per-packet state: patch() writes into the
 * caller's buffer and allocates nothing.
 */
public interface ProbeModule {
    /** Short name: "mptcp-v1", "mptcp-v0", "tcp-syn". */
    String name();

    /** The MP_CAPABLE version the SYN carries, or -1. */
    int mptcpVersion();

    int frameLength();

    /**
     * Writes the frame for one target at out[off]: copies the template, patches the source (one of
     * -S's), destination, ports, sequence number and (v0) key, completes both checksums.
     */
    void write(byte[] out, int off, int src, int dst, int dport, int sport, int seq, long v0Key);

    /** The frame length of an IPv6 probe (20 bytes more: the IPv6 header has 40). */
    int frameLength6();

    /**
     * The IPv6 frame for one target: the same as write() with 128-bit addresses given as their high
     * and low halves.
     */
    void write6(
            byte[] out,
            int off,
            long srcHi,
            long srcLo,
            long dstHi,
            long dstLo,
            int dport,
            int sport,
            int seq,
            long v0Key);

    /** The source address the probes leave from unless told otherwise (the scan's first, -S). */
    int defaultSource();

    /** The same from the default source address. */
    default void write(byte[] out, int off, int dst, int dport, int sport, int seq, long v0Key) {
        write(out, off, defaultSource(), dst, dport, sport, seq, v0Key);
    }

    /** What this probe sent to a target, for echo detection in the classifier. */
    ProbeSent sent(long v0Key);
}
