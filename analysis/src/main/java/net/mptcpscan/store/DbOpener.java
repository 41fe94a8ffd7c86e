package net.mptcpscan.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import net.mptcpscan.io.Text;

/**
 * Opens a results database: never creates one where the command only reads, never opens a damaged
 * or truncated H2 file for writing, applies the schema, and opens a database whose disk is full
 * read-only so what was stored stays readable.
 */
final class DbOpener {
    private DbOpener() {}

    static {
        H2Sharing.loopbackOnly();
    }

    static Db open(String db, boolean mustExist) throws StoreException {
        String url = DbLocation.urlFor(db);
        String shown = Text.quote(db, 200);
        Path base = DbLocation.h2Base(db);
        try {
            DbLocation.checkLocation(db);
            if (base != null && mustExist) {
                // A scan has the file open: read through it.
                Db shared = throughWriter(base, url);
                if (shared != null) return shared;
            }
            if (base != null) {
                Path file = Path.of(base + ".mv.db");
                if (!Files.exists(file)) {
                    if (mustExist)
                        throw new NoDatabaseException(
                                "--db: no database at "
                                        + shown
                                        + " (no file "
                                        + Text.quote(file.toString(), 200)
                                        + ")");
                    Path dir = file.toAbsolutePath().getParent();
                    if (dir != null) Files.createDirectories(dir);
                } else {
                    // Not opened read-only after the check: H2 keeps large sorts (exports,
                    // compares) in the file.
                    Precheck early = PRECHECKS.remove(file.toAbsolutePath());
                    if (!DbSeal.holds(file) && (early == null || !early.result(file)))
                        checkIntact(shown, url, file);
                }
            }
            Connection c = connect(url);
            Db d = new Db(c, url, false);
            if (base != null) {
                // Ours for writing from here: no seal vouches for it until it is closed cleanly.
                Path file = Path.of(base + ".mv.db");
                DbSeal.remove(file);
                d.sealOnClose = file;
            }
            try {
                Migrations.apply(d);
                ScanRows.markStale(d);
            } catch (SQLException | StoreException e) {
                d.close(); // the read-only retry below needs the file free of this connection
                throw e;
            }
            // Whoever opens the file for writing lets readers in while it has it.
            if (base != null && !mustExist) d.serveReaders(base);
            return d;
        } catch (SQLException e) {
            Db ro = Db.diskFull(url) ? openReadOnly(url) : null;
            if (ro != null) return ro;
            throw new StoreException("cannot open database " + shown + ": " + Db.oneLine(e), e);
        } catch (IOException e) {
            throw new StoreException(
                    "cannot create the database folder for " + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * The check of an existing file (checkIntact), begun before the command that opens it has
     * parsed its options: a scan's start waited for it (a third of a second on two cores, most of
     * it H2 reading the file's catalogue). It opens the file read-only, so it writes nothing; its
     * verdict is used only for the file as it was when it began (same size, same time).
     */
    private record Precheck(
            long size, java.nio.file.attribute.FileTime modified, CompletableFuture<Void> done) {
        /** Whether the file passed (false: it changed since, check it again); throws if damaged. */
        boolean result(Path file) throws StoreException {
            try {
                if (Files.size(file) != size || !Files.getLastModifiedTime(file).equals(modified))
                    return false;
                done.join();
                return true;
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof StoreException s) throw s;
                return false;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private static final java.util.Map<Path, Precheck> PRECHECKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Begins checking the H2 file of db on a thread of its own, if it is one, exists and is not
     * sealed; open() takes the verdict. Finding the file and its seal happen on that thread too (70
     * ms of a scan's main thread before its first probe). Any other database, a missing file, or an
     * open that comes before this thread has begun, is left to open().
     */
    public static void precheck(String db) {
        Thread t = new Thread(() -> checkEarly(db), "mptcpscan-db-check");
        t.setDaemon(true);
        t.start();
    }

    private static void checkEarly(String db) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            Path base = DbLocation.h2Base(db);
            if (base == null) return;
            Path file = Path.of(base + ".mv.db").toAbsolutePath();
            if (!Files.isRegularFile(file) || DbSeal.holds(file)) {
                warmEngine(); // nothing to check: the open will be the first use of H2
                return;
            }
            PRECHECKS.put(
                    file, new Precheck(Files.size(file), Files.getLastModifiedTime(file), done));
            checkIntact(Text.quote(db, 200), DbLocation.urlFor(db), file);
            done.complete(null);
        } catch (StoreException | RuntimeException e) {
            done.completeExceptionally(e);
        } catch (IOException e) {
            // the file's size or time unreadable, before it was registered: open() checks it
        }
    }

    /**
     * Runs what a scan's open runs first, on a private in-memory database: H2's classes are
     * initialized and its call sites linked (each of its string concatenations bootstraps method
     * handles) on this thread while the main one parses the command line. The open that follows the
     * parse took a quarter of a second, then about half that; nothing touches a file.
     */
    private static void warmEngine() {
        try (Connection c = driverConnect("jdbc:h2:mem:", null, null);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE warm(id BIGINT PRIMARY KEY, v VARCHAR)");
            try (java.sql.PreparedStatement ps =
                    c.prepareStatement("INSERT INTO warm VALUES (?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "x");
                ps.executeUpdate();
            }
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                                    + " WHERE TABLE_NAME = 'WARM'")) {
                rs.next();
            }
        } catch (SQLException | RuntimeException e) {
            // only a warm-up: the open itself reports what is wrong
        }
    }

    /** A connection with the credentials of MPTCPSCAN_DB_USER/PASSWORD when set. */
    static Connection connect(String url) throws SQLException {
        String user = System.getenv("MPTCPSCAN_DB_USER");
        return user == null
                ? driverConnect(url, null, null)
                : driverConnect(
                        url, user, System.getenv().getOrDefault("MPTCPSCAN_DB_PASSWORD", ""));
    }

    /**
     * H2 (bundled) directly; other URLs through DriverManager, which first starts every driver on
     * the class path (PostgreSQL's, DuckDB's): about 40 ms of a scan's start.
     */
    private static Connection driverConnect(String url, String user, String password)
            throws SQLException {
        if (!DbLocation.isH2(url))
            return user == null
                    ? DriverManager.getConnection(url)
                    : DriverManager.getConnection(url, user, password);
        java.util.Properties p = new java.util.Properties();
        if (user != null) {
            p.put("user", user);
            p.put("password", password);
        }
        return org.h2.Driver.load().connect(url, p);
    }

    /**
     * The database through the process that has it open (a running scan), or null when none serves
     * it. A serving file left by a killed process is ignored (its pid is gone).
     */
    private static Db throughWriter(Path base, String url) throws StoreException {
        H2Sharing.Serving s = H2Sharing.serving(base);
        if (s == null) return null;
        try {
            Db d = new Db(H2Sharing.connect(s), url, false);
            d.shared = true;
            return d;
        } catch (SQLException e) {
            throw new StoreException(
                    "cannot open database "
                            + Text.quote(base.toString(), 200)
                            + ": process "
                            + s.pid()
                            + " (a running scan) has it open and lets readers in on the loopback"
                            + " address of its own network namespace only, which cannot be reached"
                            + " from here: run this command where the scan runs (e.g. ip netns"
                            + " exec NAMESPACE mptcpscan ...)",
                    e);
        }
    }

    /** Tables of a few rows per scan, read whole when a file is checked. */
    private static final java.util.Set<String> SMALL_TABLES =
            java.util.Set.of(
                    "mps_schema",
                    "scans",
                    "scan_progress",
                    "scan_summaries",
                    "scan_reasons",
                    "scan_targets_done",
                    "scan_target_groups");

    private static void readAll(ResultSet rs) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) for (int i = 1; i <= n; i++) rs.getObject(i);
    }

    /** Files checked in full by this process (the tests' view of the seal). */
    static final java.util.concurrent.atomic.AtomicInteger fullChecks =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * An existing H2 file is read (read-only, so nothing is written) before it is opened for
     * writing: a truncated or damaged file is named as such, never recreated empty over the old
     * one, never written into.
     */
    private static void checkIntact(String shown, String url, Path file) throws StoreException {
        fullChecks.incrementAndGet();
        String damaged =
                "the database "
                        + shown
                        + " is damaged ("
                        + Text.quote(file.toString(), 200)
                        + ": %s): it was not opened and nothing was written to it; restore it from"
                        + " a copy, or move it away to start a new one";
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new StoreException("cannot read database " + shown + ": " + e.getMessage(), e);
        }
        if (size == 0)
            throw new DamagedDatabaseException(String.format(damaged, "the file is empty"));
        try (Connection c = driverConnect(url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", null, null);
                Statement st = c.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM mps_schema")) {
                version = rs.next() ? rs.getInt(1) : 0;
                if (version < 1)
                    throw new DamagedDatabaseException(String.format(damaged, "no schema version"));
            } catch (SQLException e) {
                if (e.getErrorCode()
                                == org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1
                        || e.getErrorCode() == org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1) {
                    throw new DamagedDatabaseException(
                            String.format(damaged, "no mptcpscan tables in it"));
                }
                throw e;
            }
            java.util.Set<String> tables = Migrations.tables(version);
            String missing = Migrations.missingTable(c, tables);
            if (missing != null)
                throw new DamagedDatabaseException(
                        String.format(damaged, "its table " + missing + " is missing"));
            // Read every table once: damage in a chunk surfaces here, not half-way through a write
            // or a listing. The small ones (what `scans` reads) whole, the others' first row.
            for (String t : tables) {
                boolean whole = SMALL_TABLES.contains(t);
                try (ResultSet rs =
                        st.executeQuery("SELECT * FROM " + t + (whole ? "" : " LIMIT 1"))) {
                    readAll(rs);
                }
            }
            // and each scan's rows of them as the commands look them up (through their index: an
            // index whose rows had gone passed the reads above and failed `scans`)
            java.util.List<Long> ids = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id FROM scans")) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            for (String t : SMALL_TABLES) {
                if (t.equals("scans") || t.equals("mps_schema") || !tables.contains(t)) continue;
                try (var ps = c.prepareStatement("SELECT * FROM " + t + " WHERE scan_id = ?")) {
                    for (long id : ids) {
                        ps.setLong(1, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            readAll(rs);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            String m = Db.oneLine(e);
            if (m.contains("in use by another"))
                throw new StoreException("cannot open database " + shown + ": " + m, e);
            throw new DamagedDatabaseException(String.format(damaged, m));
        }
    }

    /**
     * H2 writes when it opens a file (recovery, the stale-scan update), so a database whose disk
     * filled up during a scan would not open at all: open it read-only instead, so the replies
     * stored before the disk filled can still be listed, reported and exported.
     */
    private static Db openReadOnly(String url) {
        try {
            return new Db(driverConnect(url + ";ACCESS_MODE_DATA=r", null, null), url, true);
        } catch (SQLException e) {
            return null;
        }
    }
}
