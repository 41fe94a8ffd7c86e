package net.mptcpscan.store;

/**
 * A database file that exists but cannot be read as one (truncated, bit rot): refused, never
 * written.
 */
public class DamagedDatabaseException extends StoreException {
    public DamagedDatabaseException(String message) {
        super(message);
    }
}
