package net.mptcpscan.receive;

/** A capture failure with a one-line reason. */
public class ReceiveException extends Exception {
    public ReceiveException(String message) {
        super(message);
    }
}
