package net.mptcpscan.store;

/** The running totals of a scan, written at checkpoints and at the end. */
public record ScanCounts(
        long targets,
        long sent,
        long received,
        long dropped,
        long validationFailures,
        long repeats) {}
