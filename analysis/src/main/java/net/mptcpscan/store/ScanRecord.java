package net.mptcpscan.store;

/**
 * One row of the scans table: what the scan is (its header), where it stands, when, what it
 * counted, and its configuration as stored (JSON). Times are epoch milliseconds; endedAt 0 while
 * running. New scans are made with {@link #starting}.
 */
public record ScanRecord(
        long id,
        Header header,
        ScanStatus status,
        long startedAt,
        long endedAt,
        ScanCounts counts,
        String config) {
    public ScanRecord {
        if (header == null || status == null || counts == null)
            throw new IllegalArgumentException("a scan record needs its header, status and counts");
    }

    /** What does not change while a scan runs. */
    public record Header(
            String label,
            ScanSource source,
            long seed,
            int shard,
            int shards,
            String vantage,
            String toolVersion,
            String campaign) {
        public Header {
            if (source == null) throw new IllegalArgumentException("a scan has a source");
            if (shards < 1 || shard < 0 || shard >= shards)
                throw new IllegalArgumentException("shard " + shard + " of " + shards);
        }

        /** A scan that names no campaign (its campaign is its label). */
        public Header(
                String label,
                ScanSource source,
                long seed,
                int shard,
                int shards,
                String vantage,
                String toolVersion) {
            this(label, source, seed, shard, shards, vantage, toolVersion, null);
        }
    }

    /** A scan about to be stored: running, nothing counted yet but its targets. */
    public static ScanRecord starting(Header header, long startedAt, long targets, String config) {
        return new ScanRecord(
                0,
                header,
                ScanStatus.RUNNING,
                startedAt,
                0,
                new ScanCounts(targets, 0, 0, 0, 0, 0),
                config);
    }

    public String label() {
        return header.label();
    }

    public ScanSource source() {
        return header.source();
    }

    public long seed() {
        return header.seed();
    }

    public int shard() {
        return header.shard();
    }

    public int shards() {
        return header.shards();
    }

    public String vantage() {
        return header.vantage();
    }

    /** The campaign the scan belongs to: the one it named, else its label (null without both). */
    public String campaign() {
        return header.campaign() != null ? header.campaign() : header.label();
    }

    public String toolVersion() {
        return header.toolVersion();
    }

    public long targets() {
        return counts.targets();
    }

    public long sent() {
        return counts.sent();
    }

    public long received() {
        return counts.received();
    }

    public long dropped() {
        return counts.dropped();
    }

    public long validationFailures() {
        return counts.validationFailures();
    }

    public long repeats() {
        return counts.repeats();
    }
}
