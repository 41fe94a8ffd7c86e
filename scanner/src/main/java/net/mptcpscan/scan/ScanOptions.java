package net.mptcpscan.scan;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import net.mptcpscan.io.OutputFiles;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.store.DbLocation;

/**
 * How a run reports and where it writes, beside what it scans (not stored with the scan). "-" is
 * stdout.
 */
public record ScanOptions(
        String db,
        String outputFile,
        String outputFormat,
        String outputFields,
        String metadataFile,
        String statusFile,
        String pcapOut,
        boolean quiet,
        double maxDropRate,
        int pcapBufferMiB,
        String notes,
        String userMetadata,
        boolean noHeaderRow,
        double minHitrate,
        long maxSendtoFailures,
        boolean slowOnDrops,
        String outputFilter,
        int verbosity,
        boolean handshake,
        double handshakeRate,
        double handshakeWindow) {

    /**
     * The filter of the live output: --output-filter as given ("" lets every reply through, repeats
     * too); by default zmap's success = 1 && repeat = 0 in zmap's default mode (no -o), and none
     * with -o, whose rows are every reply to every probe (see liveDropsDuplicates).
     */
    public net.mptcpscan.report.output.OutputFilter liveFilter() {
        String text =
                outputFilter != null
                        ? outputFilter
                        : outputFile == null
                                ? net.mptcpscan.report.output.OutputFilter.ZMAP_DEFAULT
                                : "";
        return net.mptcpscan.report.output.OutputFilterParser.parse(
                text, ExportRows.LIVE_TYPES_AND_ALIASES);
    }

    /** --slow-on-drops without --max-drop-rate acts on any loss. */
    public double effectiveMaxDropRate() {
        return slowOnDrops && maxDropRate >= 1 ? 0 : maxDropRate;
    }

    /**
     * Without --output-filter, a probe answered twice appears once (a target's v1 and v0 replies
     * both do).
     */
    public boolean liveDropsDuplicates() {
        return outputFilter == null;
    }

    /** No -o, and stdout not taken by -m - or -u -: results go to stdout in zmap's default mode. */
    public boolean zmapDefaultOutput() {
        return outputFile == null && !"-".equals(metadataFile) && !"-".equals(statusFile);
    }

    /**
     * Checks the database location and every output before anything is opened or stored: no output
     * may be one of the database's own files, a directory, or a kernel file.
     */
    public ScanOptions validate() throws ScanException {
        if (db != null && db.isBlank())
            throw ScanException.badInput("--db: the database location is empty");
        if (!(maxDropRate >= 0 && maxDropRate <= 1))
            throw ScanException.badInput(
                    "--max-drop-rate: a fraction of replies, 0 to 1, not " + maxDropRate);
        if (pcapBufferMiB < 1 || pcapBufferMiB > 4096)
            throw ScanException.badInput("--pcap-buffer: 1 to 4096 MiB, not " + pcapBufferMiB);
        if (!(minHitrate >= 0 && minHitrate <= 100))
            throw ScanException.badInput(
                    "--min-hitrate: a percentage, 0 to 100, not " + minHitrate);
        if (!(handshakeRate >= 1 && handshakeRate <= 1_000_000))
            throw ScanException.badInput(
                    "--handshake-rate: handshakes per second, 1 to 1,000,000, not "
                            + handshakeRate);
        if (!(handshakeWindow >= 0.1 && handshakeWindow <= 60))
            throw ScanException.badInput(
                    "--handshake-window: seconds, 0.1 to 60, not " + handshakeWindow);
        if (maxSendtoFailures < -1)
            throw ScanException.badInput(
                    "--max-sendto-failures: -1 (never stop) or a number of frames, not "
                            + maxSendtoFailures);
        if (notes != null && notes.length() > 65536)
            throw ScanException.badInput(
                    "--notes: at most 65,536 characters, not " + notes.length());
        if (userMetadata != null) {
            try {
                if (!new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(userMetadata)
                        .isObject()) throw new java.io.IOException("not an object");
            } catch (java.io.IOException | RuntimeException e) {
                throw ScanException.badInput(
                        "--user-metadata: a JSON object, as zmap takes it, not "
                                + net.mptcpscan.io.Text.quote(userMetadata));
            }
        }
        if (db != null) {
            try {
                DbLocation.checkLocation(db);
            } catch (net.mptcpscan.store.NoDatabaseException e) {
                throw ScanException.badInput(e.getMessage());
            }
        }
        List<Path> dbFiles = DbLocation.ownFiles(db);
        List<String> fields;
        try {
            fields = ExportRows.fields("live", outputFields);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput("-f/--output-fields: " + e.getMessage());
        }
        try {
            liveFilter();
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(
                    "--output-filter: " + net.mptcpscan.io.Text.printable(e.getMessage()));
        }
        try {
            RowWriters.create(outputFormat, fields, OutputStream.nullOutputStream());
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ScanException.badInput("-O/--output-module: " + e.getMessage());
        }
        String[] names = {
            "-o/--output-file", "-m/--metadata-file", "-u/--status-updates-file", "--pcap-out"
        };
        String[] given = {outputFile, metadataFile, statusFile, pcapOut};
        Path[] resolved = new Path[given.length];
        try {
            for (int i = 0; i < given.length; i++)
                resolved[i] = OutputFiles.check(names[i], given[i], dbFiles);
        } catch (IllegalArgumentException e) {
            throw ScanException.badInput(e.getMessage());
        }
        if ("-".equals(pcapOut))
            throw ScanException.badInput("--pcap-out: a capture is binary: name a file, not '-'");
        for (int i = 0; i < given.length; i++) {
            for (int j = i + 1; j < given.length; j++) {
                if (resolved[i] != null
                        && resolved[i].equals(resolved[j])
                        && !OutputFiles.isSpecial(resolved[i])) {
                    throw ScanException.badInput(
                            names[i]
                                    + " and "
                                    + names[j]
                                    + " name the same file: each output needs its own");
                }
            }
        }
        int stdout = 0;
        for (String f : new String[] {outputFile, metadataFile, statusFile})
            if ("-".equals(f)) stdout++;
        if (stdout > 1)
            throw ScanException.badInput("-o, -m and -u: only one of them can go to stdout ('-')");
        return this;
    }
}
