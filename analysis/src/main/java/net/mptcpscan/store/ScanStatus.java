package net.mptcpscan.store;

/** Where a stored scan stands; wireName is what the database, JSON and text output say. */
public enum ScanStatus {
    RUNNING("running"),
    COMPLETE("complete"),
    INTERRUPTED("interrupted"),
    FAILED("failed");

    public final String wireName;

    ScanStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status a stored name stands for; IllegalArgumentException for an unknown one. */
    public static ScanStatus of(String name) {
        for (ScanStatus s : values()) if (s.wireName.equals(name)) return s;
        throw new IllegalArgumentException(
                "unknown scan status " + net.mptcpscan.io.Text.quote(String.valueOf(name)));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
