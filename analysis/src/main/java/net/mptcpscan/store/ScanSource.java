package net.mptcpscan.store;

/** Where a stored scan's replies came from: a live scan (resumable) or an imported capture. */
public enum ScanSource {
    SCAN("scan"),
    PCAP("pcap");

    public final String wireName;

    ScanSource(String wireName) {
        this.wireName = wireName;
    }

    public static ScanSource of(String name) {
        for (ScanSource s : values()) if (s.wireName.equals(name)) return s;
        throw new IllegalArgumentException(
                "unknown scan source " + net.mptcpscan.io.Text.quote(String.valueOf(name)));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
