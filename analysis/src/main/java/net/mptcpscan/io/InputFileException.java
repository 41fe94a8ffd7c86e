package net.mptcpscan.io;

/** An input file that cannot be used as given: bad input (exit 2), with a one-line message. */
public class InputFileException extends IllegalArgumentException {
    public InputFileException(String message) {
        super(message);
    }
}
