package net.mptcpscan.store;

/** A database failure, with a message fit for one line on the terminal. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
