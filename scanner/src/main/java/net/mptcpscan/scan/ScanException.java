package net.mptcpscan.scan;

/** A scan that cannot start or go on; exitCode 2 for bad input, 1 for failures. */
public class ScanException extends Exception {
    public final int exitCode;

    public ScanException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static ScanException badInput(String m) {
        return new ScanException(2, m);
    }

    public static ScanException failure(String m) {
        return new ScanException(1, m);
    }
}
