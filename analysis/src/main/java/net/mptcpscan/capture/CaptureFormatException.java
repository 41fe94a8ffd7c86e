package net.mptcpscan.capture;

/** A capture file that cannot be read, with a message fit for one line on the terminal. */
public class CaptureFormatException extends Exception {
    public CaptureFormatException(String message) {
        super(message);
    }
}
