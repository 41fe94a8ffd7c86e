package net.mptcpscan.cli;

import java.nio.file.Path;
import net.mptcpscan.io.OutputFiles;
import net.mptcpscan.store.DbLocation;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** --db, shared by every command that touches the results database. */
public final class DbOption {
    private static final String LABEL = "PATH|JDBC-URL";
    private static final String DESCRIPTION =
            "results database: an H2 file path or any JDBC URL (default: $MPTCPSCAN_DB or"
                    + " ~/.mptcpscan/results)";

    @Option(names = "--db", paramLabel = LABEL, description = DESCRIPTION)
    String db;

    /** --db for a command built without annotations (scan's), bound to this one. */
    OptionSpec option() {
        return Binding.field(this, "db", OptionSpec.builder("--db"))
                .paramLabel(LABEL)
                .description(DESCRIPTION)
                .build();
    }

    public String location() {
        if (db != null && db.isBlank())
            throw new IllegalArgumentException("--db: the database location is empty");
        return db != null ? db : DbLocation.defaultLocation();
    }

    /** Opens (creating when absent) the database: for the commands that store. */
    public ResultStore open() throws StoreException {
        return JdbcResultStore.open(location());
    }

    /** Opens the database, which must exist: for the commands that only read. */
    public ResultStore openExisting() throws StoreException {
        return JdbcResultStore.openExisting(location());
    }

    /**
     * Checks a file an option will write: never one of the database's own files. Null for stdout.
     */
    public Path output(String option, Path file) {
        return file == null
                ? null
                : OutputFiles.check(option, file.toString(), DbLocation.ownFiles(location()));
    }

    /** The scan named by an id or "latest"; bad input when there is none. */
    public ScanRecord scan(ResultStore store, ScanRef ref, String option) throws StoreException {
        if (ref.isCampaign())
            throw new IllegalArgumentException(
                    option + ": takes a scan number or 'latest', not a campaign");
        ScanRecord s = store.scan(ref.text());
        if (s == null)
            throw new IllegalArgumentException(
                    option
                            + ": "
                            + (ref.latest() ? "no scans" : "no scan " + ref.id())
                            + " in "
                            + net.mptcpscan.io.Text.quote(location(), 200));
        return s;
    }

    /**
     * What report, export and compare read: a scan, or a campaign from one vantage (vantage may be
     * null when the campaign has one).
     */
    public net.mptcpscan.report.ScanSet selection(
            ResultStore store, ScanRef ref, String vantage, String option) throws StoreException {
        if (!ref.isCampaign()) {
            if (vantage != null)
                throw new IllegalArgumentException(
                        "--vantage: chooses among a campaign's vantages; "
                                + option
                                + " names a scan, which has one");
            return net.mptcpscan.report.ScanSet.of(scan(store, ref, option));
        }
        try {
            return net.mptcpscan.report.Campaign.select(store.scans(), ref.campaign(), vantage);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
