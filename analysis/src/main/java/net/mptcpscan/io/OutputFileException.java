package net.mptcpscan.io;

/**
 * An output file that must not or cannot be written: bad input (exit 2), with a one-line message.
 */
public class OutputFileException extends IllegalArgumentException {
    public OutputFileException(String message) {
        super(message);
    }
}
