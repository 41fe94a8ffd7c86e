package net.mptcpscan.receive;

/** Receives raw frames from a {@link PacketSource}; buf may be reused after the call returns. */
public interface FrameHandler {
    void onFrame(byte[] buf, int len, long timestampMicros);

    /**
     * The frames at hand are all delivered (the capture's buffer is empty for now): what was
     * batched for sending can go.
     */
    default void batchEnd() {}
}
