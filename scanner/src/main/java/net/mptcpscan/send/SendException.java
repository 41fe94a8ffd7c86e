package net.mptcpscan.send;

/** A send failure that ends the scan, with a one-line reason. */
public class SendException extends Exception {
    public SendException(String message) {
        super(message);
    }
}
