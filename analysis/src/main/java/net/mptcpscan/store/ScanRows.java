package net.mptcpscan.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The scans and scan_progress tables: a scan's row from its start to its end, and where --resume
 * continues.
 */
final class ScanRows {
    private final Db db;

    ScanRows(Db db) {
        this.db = db;
    }

    private static final String COLUMNS =
            "id, label, source, status, started_at, ended_at, seed, shard, shards, targets, sent,"
                + " received, dropped, validation_failures, repeats, vantage, tool_version, config,"
                + " campaign";

    long begin(ScanRecord s) throws SQLException {
        String sql =
                "INSERT INTO scans (label, source, status, started_at, ended_at, seed, shard,"
                        + " shards, targets, sent, received, dropped, validation_failures, repeats,"
                        + " vantage, tool_version, pid, host, config, campaign) VALUES"
                        + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps =
                db.conn.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = 0;
            ps.setString(++i, s.label());
            ps.setString(++i, s.source().wireName);
            ps.setString(++i, s.status().wireName);
            ps.setLong(++i, s.startedAt());
            if (s.endedAt() > 0) ps.setLong(++i, s.endedAt());
            else ps.setNull(++i, Types.BIGINT);
            ps.setLong(++i, s.seed());
            ps.setInt(++i, s.shard());
            ps.setInt(++i, s.shards());
            i = setCounts(ps, i, s.counts());
            ps.setString(++i, s.vantage());
            ps.setString(++i, s.toolVersion());
            ps.setLong(++i, ProcessHandle.current().pid());
            ps.setString(++i, DbLocation.hostName());
            ps.setString(++i, s.config());
            ps.setString(++i, s.header().campaign());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static int setCounts(PreparedStatement ps, int i, ScanCounts c) throws SQLException {
        ps.setLong(++i, c.targets());
        ps.setLong(++i, c.sent());
        ps.setLong(++i, c.received());
        ps.setLong(++i, c.dropped());
        ps.setLong(++i, c.validationFailures());
        ps.setLong(++i, c.repeats());
        return i;
    }

    /**
     * Counts and resume positions, in one transaction: a crash leaves the previous checkpoint
     * whole.
     */
    void checkpoint(long scanId, ScanCounts c, long[] positions) throws SQLException {
        db.transaction(
                conn -> {
                    updateCounts(scanId, c);
                    try (PreparedStatement del =
                            conn.prepareStatement("DELETE FROM scan_progress WHERE scan_id = ?")) {
                        del.setLong(1, scanId);
                        del.executeUpdate();
                    }
                    try (PreparedStatement ps =
                            conn.prepareStatement(
                                    "INSERT INTO scan_progress (scan_id, thread, position) VALUES"
                                            + " (?,?,?)")) {
                        for (int t = 0; t < positions.length; t++) {
                            ps.setLong(1, scanId);
                            ps.setInt(2, t);
                            ps.setLong(3, positions[t]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
    }

    private void updateCounts(long scanId, ScanCounts c) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "UPDATE scans SET targets = ?, sent = ?, received = ?, dropped = ?,"
                                + " validation_failures = ?, repeats = ? WHERE id = ?")) {
            ps.setLong(setCounts(ps, 0, c) + 1, scanId);
            ps.executeUpdate();
        }
    }

    void finish(long scanId, ScanStatus status, ScanCounts c, long endedAtMillis)
            throws SQLException {
        db.transaction(
                conn -> {
                    if (c != null) updateCounts(scanId, c);
                    setStatus(scanId, status, endedAtMillis);
                    return null;
                });
    }

    private void setStatus(long scanId, ScanStatus status, long endedAtMillis) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "UPDATE scans SET status = ?, ended_at = ? WHERE id = ?")) {
            ps.setString(1, status.wireName);
            ps.setLong(2, endedAtMillis);
            ps.setLong(3, scanId);
            ps.executeUpdate();
        }
    }

    /** Running again, owned by this process (--resume). */
    void reopen(long scanId) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "UPDATE scans SET status = ?, ended_at = NULL, pid = ?, host = ? WHERE id ="
                                + " ?")) {
            ps.setString(1, ScanStatus.RUNNING.wireName);
            ps.setLong(2, ProcessHandle.current().pid());
            ps.setString(3, DbLocation.hostName());
            ps.setLong(4, scanId);
            ps.executeUpdate();
        }
    }

    long[] positions(long scanId) throws SQLException {
        List<long[]> rows = new ArrayList<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT thread, position FROM scan_progress WHERE scan_id = ? ORDER BY"
                                + " thread")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    rows.add(new long[] {rs.getInt("thread"), rs.getLong("position")});
            }
        }
        long[] p = new long[rows.size()];
        for (long[] r : rows) p[(int) r[0]] = r[1];
        return p;
    }

    List<ScanRecord> all() throws SQLException {
        List<ScanRecord> out = new ArrayList<>();
        try (Statement st = db.conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM scans ORDER BY id")) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    /**
     * The newest interrupted live scan this machine ran (host), of this vantage when one is given:
     * what --resume without a number continues. A database shared by several scanners holds other
     * machines' interrupted scans too, which are not this one's to continue.
     */
    ScanRecord latestInterrupted(String host, String vantage) throws SQLException {
        String sql =
                "SELECT "
                        + COLUMNS
                        + " FROM scans WHERE status = ? AND source = ? AND host = ?"
                        + (vantage == null ? "" : " AND vantage = ?")
                        + " ORDER BY id DESC";
        try (PreparedStatement ps = db.conn.prepareStatement(sql)) {
            ps.setString(1, ScanStatus.INTERRUPTED.wireName);
            ps.setString(2, ScanSource.SCAN.wireName);
            ps.setString(3, host);
            if (vantage != null) ps.setString(4, vantage);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    /** A scan by its number or "latest"; null when there is none. */
    ScanRecord one(String idOrLatest) throws SQLException, StoreException {
        long id = -1;
        String sql = "SELECT " + COLUMNS + " FROM scans ORDER BY id DESC";
        if (!"latest".equalsIgnoreCase(idOrLatest)) {
            try {
                id = Long.parseLong(idOrLatest.trim());
            } catch (NumberFormatException e) {
                throw new StoreException(
                        "a scan is named by its number or 'latest', not '" + idOrLatest + "'");
            }
            sql = "SELECT " + COLUMNS + " FROM scans WHERE id = ?";
        }
        try (PreparedStatement ps = db.conn.prepareStatement(sql)) {
            if (id >= 0) ps.setLong(1, id);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    private ScanRecord row(ResultSet rs) throws SQLException {
        ScanStatus status = ScanStatus.of(rs.getString("status"));
        // Read-only, the stale-scan update could not be written: a "running" scan is shown as what
        // it is.
        if (db.readOnly && status == ScanStatus.RUNNING) status = ScanStatus.INTERRUPTED;
        ScanRecord.Header h =
                new ScanRecord.Header(
                        rs.getString("label"),
                        ScanSource.of(rs.getString("source")),
                        rs.getLong("seed"),
                        rs.getInt("shard"),
                        Math.max(1, rs.getInt("shards")),
                        rs.getString("vantage"),
                        rs.getString("tool_version"),
                        rs.getString("campaign"));
        ScanCounts c =
                new ScanCounts(
                        rs.getLong("targets"),
                        rs.getLong("sent"),
                        rs.getLong("received"),
                        rs.getLong("dropped"),
                        rs.getLong("validation_failures"),
                        rs.getLong("repeats"));
        return new ScanRecord(
                rs.getLong("id"),
                h,
                status,
                rs.getLong("started_at"),
                rs.getLong("ended_at"),
                c,
                rs.getString("config"));
    }

    /**
     * A scan still "running" whose process is gone was interrupted (kill -9, crash, power loss): on
     * this host, when its pid is no longer alive; in an embedded file, always (one process at a
     * time).
     */
    static void markStale(Db db) throws SQLException {
        String host = DbLocation.hostName();
        List<Long> stale = new ArrayList<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement("SELECT id, pid, host FROM scans WHERE status = ?")) {
            ps.setString(1, ScanStatus.RUNNING.wireName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (isStale(
                            rs.getLong("pid"),
                            rs.getString("host"),
                            host,
                            DbLocation.isH2File(db.url))) stale.add(rs.getLong("id"));
                }
            }
        }
        ScanRows rows = new ScanRows(db);
        for (long id : stale) rows.setStatusKeepingEnd(id);
    }

    /** Whether a running scan's owner (pid on host) is gone, seen from thisHost. */
    static boolean isStale(long pid, String host, String thisHost, boolean embedded) {
        if (embedded) return true; // an embedded file is open in one process at a time: this one
        if (!thisHost.equals(host)) return false; // another machine's scan: cannot tell, leave it
        return pid == ProcessHandle.current().pid()
                || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void setStatusKeepingEnd(long id) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "UPDATE scans SET status = ?, ended_at = COALESCE(ended_at, ?) WHERE id"
                                + " = ?")) {
            ps.setString(1, ScanStatus.INTERRUPTED.wireName);
            ps.setLong(2, System.currentTimeMillis());
            ps.setLong(3, id);
            ps.executeUpdate();
        }
    }
}
