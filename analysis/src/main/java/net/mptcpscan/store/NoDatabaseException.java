package net.mptcpscan.store;

/** A command that only reads was pointed at a location holding no database: bad input. */
public class NoDatabaseException extends StoreException {
    public NoDatabaseException(String message) {
        super(message);
    }
}
