package net.mptcpscan.classify;

/**
 * What the probe that a reply answers carried, as far as echo detection needs it. version is the
 * MP_CAPABLE version sent (0 or 1), or -1 when the SYN had none or is unknown (a capture that
 * starts after it). key is the v0 key this target is probed with, set for the v1 probe too: a v1
 * probe answered with our v0 key is an echo of the other probe, not a server's key. tsval is -1
 * when none was sent.
 */
public record ProbeSent(int version, int mpcFlags, Long key, long tsval, byte[] optionBytes) {
    public static final ProbeSent UNKNOWN = new ProbeSent(-1, 0, null, -1, null);

    public ProbeSent {
        optionBytes = optionBytes == null ? null : optionBytes.clone();
    }

    public byte[] optionBytes() {
        return optionBytes == null ? null : optionBytes.clone();
    }

    /** The classifier's read-only view, without the copy the public accessor makes. */
    byte[] rawOptionBytes() {
        return optionBytes;
    }

    public boolean known() {
        return version >= 0 || optionBytes != null;
    }
}
