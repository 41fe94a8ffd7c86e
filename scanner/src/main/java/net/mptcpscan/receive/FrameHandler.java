package net.mptcpscan.receive;

/** Receives raw frames from a {@link PacketSource}; buf may be reused after the call returns. */
public interface FrameHandler {
    void onFrame(byte[] buf, int len, long timestampMicros);
}
