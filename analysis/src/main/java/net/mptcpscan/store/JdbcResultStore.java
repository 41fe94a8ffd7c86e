package net.mptcpscan.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;

/**
 * The results database over JDBC: an H2 file by default, any JDBC URL (PostgreSQL for
 * teams) the same way. The schema is the versioned SQL of results-schema/sql, applied
 * on open. Scans left "running" by a process that no longer exists (killed, crashed)
 * are marked interrupted on open, so a kill -9 never leaves a scan that looks alive.
 * Methods that write are synchronized: the batching writer and the scan's checkpoints
 * share one connection.
 */
public final class JdbcResultStore implements ResultStore {
    /** Schema versions, in order; each is results-schema/sql/V{n}__*.sql. */
    private static final String[] MIGRATIONS = {"V1__init.sql"};

    private final Connection conn;
    private final String url;
    /** Opened read-only because its disk is full: results are readable, nothing can be written. */
    private boolean readOnly;
    /** Next arrival number per scan being written: the low 40 bits of a reply's id. */
    private final java.util.Map<Long, Long> nextSeq = new java.util.HashMap<>();

    /** A scan's replies are the ids [scanId << 40, (scanId + 1) << 40). */
    static final int SEQ_BITS = 40;

    static long firstId(long scanId) { return scanId << SEQ_BITS; }

    static long endId(long scanId) { return (scanId + 1) << SEQ_BITS; }

    private JdbcResultStore(Connection conn, String url) { this.conn = conn; this.url = url; }

    /** The default database: $MPTCPSCAN_DB, else ~/.mptcpscan/results (an H2 file). */
    public static String defaultLocation() {
        String env = System.getenv("MPTCPSCAN_DB");
        if (env != null && !env.isBlank()) return env;
        return Path.of(System.getProperty("user.home"), ".mptcpscan", "results").toString();
    }

    /** Turns --db's value (a JDBC URL, or an H2 file path with or without .mv.db) into a JDBC URL. */
    public static String urlFor(String db) {
        if (db.startsWith("jdbc:")) return db;
        String p = db.endsWith(".mv.db") ? db.substring(0, db.length() - 6) : db;
        // WRITE_DELAY=0: a commit reaches the file before append() returns, so kill -9 loses nothing acknowledged.
        return "jdbc:h2:file:" + Path.of(p).toAbsolutePath() + ";WRITE_DELAY=0";
    }

    /** The H2 file base path of a location (without .mv.db), or null for a server database. */
    public static Path h2Base(String db) {
        String url = urlFor(db);
        if (!url.startsWith("jdbc:h2:file:")) return null;
        int semi = url.indexOf(';');
        return Path.of(url.substring("jdbc:h2:file:".length(), semi < 0 ? url.length() : semi));
    }

    /** The files an embedded database is made of (they need not exist yet): no output may be written over them. */
    public static List<Path> ownFiles(String db) {
        Path base = h2Base(db);
        if (base == null) return List.of();
        List<Path> files = new ArrayList<>();
        for (String ext : new String[] {".mv.db", ".lock.db", ".trace.db", ".h2.db", ".mv.db.tempFile"}) files.add(Path.of(base + ext));
        return files;
    }

    /** Opens the database, creating it (and its folder) when there is none: for the commands that store. */
    public static JdbcResultStore open(String db) throws StoreException { return open(db, false); }

    /** Opens a database that must exist: for the commands that only read, and --resume (never create an empty one). */
    public static JdbcResultStore openExisting(String db) throws StoreException { return open(db, true); }

    /** A location some driver on the classpath takes (checked before a dry run too, which opens nothing). */
    public static void checkLocation(String db) throws NoDatabaseException {
        try {
            DriverManager.getDriver(urlFor(db));
        } catch (SQLException e) {
            throw new NoDatabaseException("--db: no database driver takes " + net.mptcpscan.io.Text.quote(db, 200)
                    + " (give an H2 file path, jdbc:h2:..., or jdbc:postgresql://host/db)");
        }
    }

    private static JdbcResultStore open(String db, boolean mustExist) throws StoreException {
        String url = urlFor(db);
        String shown = net.mptcpscan.io.Text.quote(db, 200);
        Path base = h2Base(db);
        try {
            checkLocation(db);
            if (base != null) {
                Path file = Path.of(base + ".mv.db");
                if (!Files.exists(file)) {
                    if (mustExist) throw new NoDatabaseException("--db: no database at " + shown + " (no file " + net.mptcpscan.io.Text.quote(file.toString(), 200) + ")");
                    Path dir = file.toAbsolutePath().getParent();
                    if (dir != null) Files.createDirectories(dir);
                } else {
                    // Not opened read-only after the check: H2 keeps large sorts (exports, compares) in the file.
                    checkIntact(shown, url, file);
                }
            }
            String user = System.getenv("MPTCPSCAN_DB_USER");
            Connection c = user == null ? DriverManager.getConnection(url)
                    : DriverManager.getConnection(url, user, System.getenv().getOrDefault("MPTCPSCAN_DB_PASSWORD", ""));
            JdbcResultStore s = new JdbcResultStore(c, url);
            try {
                s.migrate();
                s.markStaleScans();
            } catch (SQLException | StoreException e) {
                s.close();   // the read-only retry below needs the file free of this connection
                throw e;
            }
            return s;
        } catch (SQLException e) {
            JdbcResultStore ro = diskFull(url) ? openReadOnly(url) : null;
            if (ro != null) return ro;
            throw new StoreException("cannot open database " + shown + ": " + oneLine(e), e);
        } catch (IOException e) {
            throw new StoreException("cannot create the database folder for " + shown + ": " + e.getMessage(), e);
        }
    }

    /**
     * An existing H2 file is read (read-only, so nothing is written) before it is opened for
     * writing: a truncated or damaged file is named as such, never recreated empty over the
     * old one, never written into.
     */
    private static void checkIntact(String shown, String url, Path file) throws StoreException {
        String damaged = "the database " + shown + " is damaged (" + net.mptcpscan.io.Text.quote(file.toString(), 200) + ": %s): it was not opened and"
                + " nothing was written to it; restore it from a copy, or move it away to start a new one";
        long size;
        try { size = Files.size(file); } catch (IOException e) { throw new StoreException("cannot read database " + shown + ": " + e.getMessage(), e); }
        if (size == 0) throw new DamagedDatabaseException(String.format(damaged, "the file is empty"));
        try (Connection c = DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE");
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM mps_schema")) {
                if (!rs.next() || rs.getInt(1) < 1) throw new DamagedDatabaseException(String.format(damaged, "no schema version"));
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_DATABASE_EMPTY_1
                        || e.getErrorCode() == org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1) {
                    throw new DamagedDatabaseException(String.format(damaged, "no mptcpscan tables in it"));
                }
                throw e;
            }
            // Read every table once: damage in a chunk surfaces here, not half-way through a write.
            for (String t : new String[] {"scans", "scan_progress"}) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t)) { rs.next(); }
            }
        } catch (SQLException e) {
            String m = oneLine(e);
            if (m.contains("in use by another")) throw new StoreException("cannot open database " + shown + ": " + m, e);
            throw new DamagedDatabaseException(String.format(damaged, m));
        }
    }

    public String url() { return url; }

    /**
     * H2 writes when it opens a file (recovery, the stale-scan update), so a database whose
     * disk filled up during a scan would not open at all: open it read-only instead, so the
     * replies stored before the disk filled can still be listed, reported and exported.
     */
    private static JdbcResultStore openReadOnly(String url) {
        try {
            JdbcResultStore s = new JdbcResultStore(DriverManager.getConnection(url + ";ACCESS_MODE_DATA=r"), url);
            s.readOnly = true;
            return s;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean diskFull(String url) {
        if (!url.startsWith("jdbc:h2:file:")) return false;
        try {
            Path dir = Path.of(url.substring("jdbc:h2:file:".length(), url.indexOf(';'))).getParent();
            return dir != null && Files.getFileStore(dir).getUsableSpace() < (1 << 20);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** One line for a failed statement; a full disk under an H2 file says so (H2 itself only reports "closed"). */
    String why(SQLException e) {
        if (readOnly || diskFull(url)) {
            return "the disk holding " + Path.of(url.substring("jdbc:h2:file:".length(), url.indexOf(';'))).getParent() + " is full"
                    + (readOnly ? " (the database is open read-only)" : "");
        }
        return oneLine(e);
    }

    static String oneLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("disk full") || m.contains("DISK_FULL")) return "the disk is full";
        if (m.contains("Database may be already in use") || m.contains("locked by another process")) return "it is in use by another mptcpscan process (the embedded database takes one process at a time)";
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private void migrate() throws SQLException, StoreException {
        int have = 0;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM mps_schema")) {
            if (rs.next()) have = rs.getInt(1);
        } catch (SQLException missing) {
            have = 0;
        }
        if (have > MIGRATIONS.length) throw new StoreException("database schema version " + have + " is newer than this mptcpscan understands (" + MIGRATIONS.length + ")");
        for (int v = have; v < MIGRATIONS.length; v++) {
            boolean auto = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                for (String sql : statements(MIGRATIONS[v])) st.execute(sql);
                conn.commit();
            } catch (SQLException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(auto);
            }
        }
    }

    private static List<String> statements(String name) throws StoreException {
        try (InputStream in = JdbcResultStore.class.getResourceAsStream("/results-schema/sql/" + name)) {
            if (in == null) throw new StoreException("schema file " + name + " missing from the build");
            String text = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(l -> l.replaceAll("--.*$", "")).collect(Collectors.joining("\n"));
            List<String> out = new ArrayList<>();
            for (String s : text.split(";")) if (!s.isBlank()) out.add(s.trim());
            return out;
        } catch (IOException e) {
            throw new StoreException("cannot read schema file " + name + ": " + e.getMessage(), e);
        }
    }

    /** A scan still "running" whose process is gone was interrupted (kill -9, crash, power loss). */
    private void markStaleScans() throws SQLException {
        String host = hostName();
        List<Long> stale = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, pid, host FROM scans WHERE status = ?")) {
            ps.setString(1, ScanRecord.RUNNING);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long pid = rs.getLong(2);
                    boolean sameHost = host.equals(rs.getString(3));
                    boolean alive = sameHost && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    if (sameHost && !alive || url.startsWith("jdbc:h2:file:")) stale.add(rs.getLong(1));
                }
            }
        }
        for (long id : stale) {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE scans SET status = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?")) {
                ps.setString(1, ScanRecord.INTERRUPTED);
                ps.setLong(2, System.currentTimeMillis());
                ps.setLong(3, id);
                ps.executeUpdate();
            }
        }
    }

    public static String hostName() {
        try { return java.net.InetAddress.getLocalHost().getHostName(); } catch (IOException e) { return "unknown"; }
    }

    @Override
    public synchronized long beginScan(ScanRecord s) throws StoreException {
        String sql = "INSERT INTO scans (label, source, status, started_at, ended_at, seed, shard, shards, targets, sent, received, dropped,"
                + " validation_failures, repeats, vantage, tool_version, pid, host, config) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = conn.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, s.label());
            ps.setString(2, s.source());
            ps.setString(3, s.status());
            ps.setLong(4, s.startedAt());
            if (s.endedAt() > 0) ps.setLong(5, s.endedAt()); else ps.setNull(5, Types.BIGINT);
            ps.setLong(6, s.seed());
            ps.setInt(7, s.shard());
            ps.setInt(8, s.shards());
            ps.setLong(9, s.targets());
            ps.setLong(10, s.sent());
            ps.setLong(11, s.received());
            ps.setLong(12, s.dropped());
            ps.setLong(13, s.validationFailures());
            ps.setLong(14, s.repeats());
            ps.setString(15, s.vantage());
            ps.setString(16, s.toolVersion());
            ps.setLong(17, ProcessHandle.current().pid());
            ps.setString(18, hostName());
            ps.setString(19, s.config());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new StoreException("the database returned no id for the new scan");
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("storing the scan failed: " + why(e), e);
        }
    }

    @Override
    public synchronized void append(long scanId, List<ReplyRecord> replies) throws StoreException {
        if (replies.isEmpty()) return;
        String sql = "INSERT INTO replies (scan_id, saddr, sport, dport, probe_version, reply_class, class_rank, reason, mptcp_version,"
                + " mpc_flags, c_bit, a_bit, mptcp_key, evidence, ttl, win, tcp_flags, received_at, id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try {
            long seq = nextSeq(scanId);
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                for (ReplyRecord r : replies) {
                    Classification c = r.classification();
                    ps.setLong(19, firstId(scanId) + seq++);
                    ps.setLong(1, scanId);
                    ps.setLong(2, r.target() & 0xFFFFFFFFL);
                    ps.setInt(3, r.targetPort());
                    ps.setInt(4, r.ourPort());
                    ps.setInt(5, r.probeVersion());
                    ps.setString(6, c.replyClass().wireName);
                    ps.setInt(7, c.replyClass().rank());
                    ps.setString(8, truncate(c.reason(), 200));
                    setInt(ps, 9, c.mptcpVersion());
                    setInt(ps, 10, c.mpcFlags());
                    ps.setBoolean(11, c.cBit());
                    ps.setBoolean(12, c.aBit());
                    ps.setString(13, c.keyHex());
                    ps.setString(14, c.evidence().isEmpty() ? null : c.evidenceText());
                    ps.setInt(15, r.ttl());
                    ps.setInt(16, r.window());
                    ps.setString(17, r.tcpFlags());
                    ps.setLong(18, r.receivedMicros());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
            nextSeq.put(scanId, seq);
        } catch (SQLException e) {
            try { conn.rollback(); } catch (SQLException ignored) { }
            throw new StoreException("storing replies failed: " + why(e), e);
        } finally {
            try { conn.setAutoCommit(true); } catch (SQLException ignored) { }
        }
    }

    /** The next arrival number of a scan: counted here, read once from the table (resume). */
    private long nextSeq(long scanId) throws SQLException {
        Long n = nextSeq.get(scanId);
        if (n != null) return n;
        try (PreparedStatement ps = conn.prepareStatement("SELECT MAX(id) FROM replies WHERE id >= ? AND id < ?")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? 0 : max - firstId(scanId) + 1;
            }
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.SMALLINT); else ps.setInt(i, v);
    }

    private static String truncate(String s, int n) { return s == null || s.length() <= n ? s : s.substring(0, n); }

    @Override
    public synchronized void checkpoint(long scanId, ScanCounts c, long[] positions) throws StoreException {
        try {
            conn.setAutoCommit(false);
            updateCounts(scanId, c);
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM scan_progress WHERE scan_id = ?")) {
                del.setLong(1, scanId);
                del.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO scan_progress (scan_id, thread, position) VALUES (?,?,?)")) {
                for (int i = 0; i < positions.length; i++) {
                    ps.setLong(1, scanId); ps.setInt(2, i); ps.setLong(3, positions[i]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
        } catch (SQLException e) {
            try { conn.rollback(); } catch (SQLException ignored) { }
            throw new StoreException("saving scan progress failed: " + why(e), e);
        } finally {
            try { conn.setAutoCommit(true); } catch (SQLException ignored) { }
        }
    }

    private void updateCounts(long scanId, ScanCounts c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE scans SET targets = ?, sent = ?, received = ?, dropped = ?, validation_failures = ?, repeats = ? WHERE id = ?")) {
            ps.setLong(1, c.targets()); ps.setLong(2, c.sent()); ps.setLong(3, c.received()); ps.setLong(4, c.dropped());
            ps.setLong(5, c.validationFailures()); ps.setLong(6, c.repeats()); ps.setLong(7, scanId);
            ps.executeUpdate();
        }
    }

    @Override
    public synchronized void finishScan(long scanId, String status, ScanCounts c, long endedAtMillis) throws StoreException {
        try {
            conn.setAutoCommit(true);
            if (c != null) updateCounts(scanId, c);
            try (PreparedStatement ps = conn.prepareStatement("UPDATE scans SET status = ?, ended_at = ? WHERE id = ?")) {
                ps.setString(1, status); ps.setLong(2, endedAtMillis); ps.setLong(3, scanId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("finishing the scan failed: " + why(e), e);
        }
    }

    @Override
    public synchronized void reopenScan(long scanId) throws StoreException {
        try (PreparedStatement ps = conn.prepareStatement("UPDATE scans SET status = ?, ended_at = NULL, pid = ?, host = ? WHERE id = ?")) {
            ps.setString(1, ScanRecord.RUNNING); ps.setLong(2, ProcessHandle.current().pid()); ps.setString(3, hostName()); ps.setLong(4, scanId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("reopening scan " + scanId + " failed: " + why(e), e);
        }
    }

    @Override
    public synchronized long[] positions(long scanId) throws StoreException {
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT thread, position FROM scan_progress WHERE scan_id = ? ORDER BY thread")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) rows.add(new long[] {rs.getInt(1), rs.getLong(2)}); }
        } catch (SQLException e) {
            throw new StoreException("reading scan progress failed: " + why(e), e);
        }
        long[] p = new long[rows.size()];
        for (long[] r : rows) p[(int) r[0]] = r[1];
        return p;
    }

    private static final String SCAN_COLUMNS = "id, label, source, status, started_at, ended_at, seed, shard, shards, targets, sent, received, dropped, validation_failures, repeats, vantage, tool_version, config";

    private ScanRecord scanRow(ResultSet rs) throws SQLException {
        // Read-only, the stale-scan update could not be written: a "running" scan is shown as what it is.
        String status = readOnly && ScanRecord.RUNNING.equals(rs.getString(4)) ? ScanRecord.INTERRUPTED : rs.getString(4);
        return new ScanRecord(rs.getLong(1), rs.getString(2), rs.getString(3), status, rs.getLong(5), rs.getLong(6), rs.getLong(7),
                rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                rs.getString(16), rs.getString(17), rs.getString(18));
    }

    @Override
    public List<ScanRecord> scans() throws StoreException {
        List<ScanRecord> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT " + SCAN_COLUMNS + " FROM scans ORDER BY id")) {
            while (rs.next()) out.add(scanRow(rs));
        } catch (SQLException e) {
            throw new StoreException("listing scans failed: " + why(e), e);
        }
        return out;
    }

    @Override
    public ScanRecord scan(String idOrLatest) throws StoreException {
        String sql;
        long id = -1;
        if ("latest".equalsIgnoreCase(idOrLatest)) sql = "SELECT " + SCAN_COLUMNS + " FROM scans ORDER BY id DESC";
        else {
            try { id = Long.parseLong(idOrLatest.trim()); } catch (NumberFormatException e) { throw new StoreException("a scan is named by its number or 'latest', not '" + idOrLatest + "'"); }
            sql = "SELECT " + SCAN_COLUMNS + " FROM scans WHERE id = ?";
        }
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (id >= 0) ps.setLong(1, id);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) { return rs.next() ? scanRow(rs) : null; }
        } catch (SQLException e) {
            throw new StoreException("reading scan " + idOrLatest + " failed: " + why(e), e);
        }
    }

    @Override
    public void replies(long scanId, List<ReplyClass> classes, Consumer<StoredReply> each) throws StoreException {
        try (ReplyCursor c = cursor(scanId, classes)) {
            while (c.hasNext()) each.accept(new StoredReply(scanId, c.next()));
        }
    }

    @Override
    public ReplyCursor cursor(long scanId, List<ReplyClass> classes) throws StoreException {
        StringBuilder sql = new StringBuilder("SELECT saddr, sport, dport, probe_version, reply_class, reason, mptcp_version, mpc_flags, mptcp_key,"
                + " evidence, ttl, win, tcp_flags, received_at FROM replies WHERE id >= ? AND id < ?");
        if (!classes.isEmpty()) sql.append(" AND class_rank IN (").append(classes.stream().map(c -> "?").collect(Collectors.joining(","))).append(')');
        sql.append(" ORDER BY saddr, sport, probe_version DESC, received_at");
        try {
            conn.setAutoCommit(false);   // PostgreSQL streams with a cursor only inside a transaction
            PreparedStatement ps = conn.prepareStatement(sql.toString());
            ps.setFetchSize(2000);
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            for (int i = 0; i < classes.size(); i++) ps.setInt(3 + i, classes.get(i).rank());
            return new JdbcCursor(ps, ps.executeQuery());
        } catch (SQLException e) {
            throw new StoreException("reading replies failed: " + why(e), e);
        }
    }

    /** Streams rows off an open result set; several may be open at once (compare merges two). */
    private final class JdbcCursor implements ReplyCursor {
        private final PreparedStatement ps;
        private final ResultSet rs;
        private ReplyRecord next;
        private boolean done;

        JdbcCursor(PreparedStatement ps, ResultSet rs) { this.ps = ps; this.rs = rs; }

        @Override public boolean hasNext() throws StoreException {
            if (next != null) return true;
            if (done) return false;
            try {
                if (rs.next()) { next = replyRow(rs); return true; }
                done = true;
                return false;
            } catch (SQLException e) {
                throw new StoreException("reading replies failed: " + why(e), e);
            }
        }

        @Override public ReplyRecord next() throws StoreException {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            ReplyRecord r = next;
            next = null;
            return r;
        }

        @Override public void close() {
            try { rs.close(); ps.close(); } catch (SQLException ignored) { }
        }
    }

    private static ReplyRecord replyRow(ResultSet rs) throws SQLException {
        ReplyClass cls = ReplyClass.parse(rs.getString(5));
        int v = rs.getInt(7); Integer version = rs.wasNull() ? null : v;
        int f = rs.getInt(8); Integer flags = rs.wasNull() ? null : f;
        String k = rs.getString(9);
        Long key = k == null ? null : Long.parseUnsignedLong(k, 16);
        java.util.EnumSet<Evidence> ev = java.util.EnumSet.noneOf(Evidence.class);
        String evText = rs.getString(10);
        if (evText != null) for (String e : evText.split(",")) for (Evidence x : Evidence.values()) if (x.wireName.equals(e)) ev.add(x);
        Classification c = new Classification(cls, rs.getString(6), version, flags, key, ev);
        return new ReplyRecord((int) rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), c, rs.getInt(11), rs.getInt(12), rs.getString(13), rs.getLong(14));
    }

    @Override
    public synchronized long replyCount(long scanId) throws StoreException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM replies WHERE id >= ? AND id < ?")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getLong(1); }
        } catch (SQLException e) {
            throw new StoreException("counting replies failed: " + why(e), e);
        }
    }

    @Override
    public synchronized long[] verdictCounts(long scanId) throws StoreException {
        long[] counts = new long[ReplyClass.values().length + 1];
        String sql = "SELECT r, COUNT(*) FROM (SELECT MIN(class_rank) AS r FROM replies WHERE id >= ? AND id < ? GROUP BY saddr, sport) t GROUP BY r";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) counts[rs.getInt(1)] = rs.getLong(2); }
        } catch (SQLException e) {
            throw new StoreException("counting verdicts failed: " + why(e), e);
        }
        return counts;
    }

    @Override
    public void close() {
        try { conn.close(); } catch (SQLException ignored) { }
    }
}
