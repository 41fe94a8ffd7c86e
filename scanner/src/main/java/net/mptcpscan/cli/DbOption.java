package net.mptcpscan.cli;

import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.StoreException;
import picocli.CommandLine.Option;

/** --db, shared by every command that touches the results database. */
public final class DbOption {
    @Option(names = "--db", paramLabel = "PATH|JDBC-URL", description = "results database: an H2 file path or any JDBC URL (default: $MPTCPSCAN_DB or ~/.mptcpscan/results)")
    String db;

    public String location() { return db != null ? db : JdbcResultStore.defaultLocation(); }

    public ResultStore open() throws StoreException { return JdbcResultStore.open(location()); }

    /** The scan named by an id or "latest"; bad input when there is none. */
    public ScanRecord scan(ResultStore store, String idOrLatest) throws StoreException {
        ScanRecord s = store.scan(idOrLatest);
        if (s == null) throw new IllegalArgumentException("no scan " + idOrLatest + " in " + location());
        return s;
    }
}
