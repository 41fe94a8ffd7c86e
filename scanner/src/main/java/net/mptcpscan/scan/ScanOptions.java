package net.mptcpscan.scan;

/** How a run reports and where it writes, beside what it scans (not stored with the scan). */
public record ScanOptions(String db, String outputFile, String outputFormat, String outputFields, String metadataFile,
                          String statusFile, String pcapOut, boolean quiet) {}
