package net.mptcpscan.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.TreeSet;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.wire.IpAddress;

/**
 * The scan_targets table: an ended scan's target verdicts in key order, made once from its replies,
 * so report, export and compare stream them instead of sorting every reply per read.
 */
final class TargetRows {
    private final Db db;
    private final ReplyRows replies;

    TargetRows(Db db, ReplyRows replies) {
        this.db = db;
        this.replies = replies;
    }

    boolean whole(long scanId) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement("SELECT 1 FROM scan_targets_done WHERE scan_id = ?")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void drop(long scanId) throws SQLException {
        db.transaction(
                c -> {
                    deleteAll(c, scanId);
                    return null;
                });
    }

    private static void deleteAll(java.sql.Connection c, long scanId) throws SQLException {
        for (String t : new String[] {"scan_targets_done", "scan_reasons", "scan_target_groups"})
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + t + " WHERE scan_id = ?")) {
                ps.setLong(1, scanId);
                ps.executeUpdate();
            }
        for (String t : new String[] {"scan_target_blocks", "scan_mptcp_targets"})
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + t + " WHERE id >= ? AND id < ?")) {
                ps.setLong(1, ReplyRows.firstId(scanId));
                ps.setLong(2, ReplyRows.endId(scanId));
                ps.executeUpdate();
            }
    }

    /** Anomalous replies per reason, as counted when the targets were written. */
    java.util.Map<String, Long> reasons(long scanId) throws SQLException {
        java.util.Map<String, Long> m = new java.util.TreeMap<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT reason, replies FROM scan_reasons WHERE scan_id = ?")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) m.put(rs.getString(1), rs.getLong(2));
            }
        }
        return m;
    }

    /** The id of the next target written by build (its place in key order within the scan). */
    private long nextId;

    /** The id of the next block of targets build writes (scan_target_blocks). */
    private long nextBlock;

    /**
     * Rows per transaction while writing, as ingest's. H2 writes a transaction's pages before its
     * commit once they pass its write buffer, then again as committed: at 50,000 rows the file held
     * 92 bytes per reply, at 10,000 52, and the build was a fifth faster.
     */
    private static final int BATCH = 10 * TargetBlock.TARGETS;

    private static final String INSERT =
            " (id, v6, addr_hi, addr_lo, sport, class_rank, versions, c_bit, a_bit, replies,"
                    + " evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)";

    /** Targets per group (TargetBlock.group) of the scan being built. */
    private java.util.Map<Long, long[]> groups;

    /**
     * Writes a scan's targets from its replies and returns its verdict counts per class rank (the
     * summary). The replies are read in the order they are stored (no sort in the database: H2's
     * sort of 5 million rows took 98 s, a plain read 7 s), each packed into one long (IPv4:
     * address, port, and what the verdict needs; IPv6 into three) and sorted here in runs
     * (ReplySort), then aggregated as TargetVerdict.aggregate does; the targets go in in key order,
     * committed every BATCH rows, and the scan is marked whole at the end.
     */
    long[] build(long scanId) throws SQLException {
        return build(scanId, null);
    }

    /** fed: the scan's replies gathered as they were stored (null: read them from the table). */
    long[] build(long scanId, ReplyFeed fed) throws SQLException {
        drop(scanId);
        nextId = ReplyRows.firstId(scanId);
        nextBlock = nextId;
        groups = new java.util.HashMap<>();
        long[] counts = new long[ReplyClass.values().length + 1];
        java.util.Map<String, Long> reasons;
        try (ReplyFeed feed = fed != null ? fed : replies.feed(scanId)) {
            java.util.List<long[]> batch = new java.util.ArrayList<>(BATCH);
            try {
                feed.sorted.targets(t -> add(t, batch, counts));
            } catch (java.io.IOException e) {
                throw new SQLException("sorting the replies: " + e.getMessage(), e);
            }
            flush(batch);
            reasons = feed.reasons;
        }
        java.util.Map<String, Long> reasonCounts = reasons;
        db.transaction(
                c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO scan_reasons (scan_id, reason, replies) VALUES"
                                            + " (?,?,?)")) {
                        for (var e : reasonCounts.entrySet()) {
                            ps.setLong(1, scanId);
                            ps.setString(2, e.getKey());
                            ps.setLong(3, e.getValue());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO scan_target_groups (scan_id, v6, sport,"
                                            + " class_rank, versions, c_bit, a_bit, evidence,"
                                            + " targets) VALUES (?,?,?,?,?,?,?,?,?)")) {
                        for (var e : groups.entrySet()) {
                            long k = e.getKey();
                            ps.setLong(1, scanId);
                            ps.setBoolean(2, TargetBlock.v6(k));
                            ps.setInt(3, TargetBlock.port(k));
                            ps.setInt(4, TargetBlock.rank(k));
                            ps.setInt(5, TargetBlock.versions(k));
                            ps.setBoolean(6, TargetBlock.cBit(k));
                            ps.setBoolean(7, TargetBlock.aBit(k));
                            ps.setInt(8, TargetBlock.evidence(k));
                            ps.setLong(9, e.getValue()[0]);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO scan_targets_done (scan_id) VALUES (?)")) {
                        ps.setLong(1, scanId);
                        ps.executeUpdate();
                    }
                    return null;
                });
        return counts;
    }

    private void add(long[] t, java.util.List<long[]> batch, long[] counts) throws SQLException {
        counts[(int) t[4]]++;
        groups.computeIfAbsent(TargetBlock.group(t), k -> new long[1])[0]++;
        batch.add(t);
        if (batch.size() >= BATCH) flush(batch);
    }

    private void flush(java.util.List<long[]> batch) throws SQLException {
        if (batch.isEmpty()) return;
        db.transaction(
                c -> {
                    try (PreparedStatement blocks =
                            c.prepareStatement(
                                    "INSERT INTO scan_target_blocks (id, targets, data)"
                                            + " VALUES (?,?,?)")) {
                        for (int from = 0; from < batch.size(); from += TargetBlock.TARGETS) {
                            int to = Math.min(batch.size(), from + TargetBlock.TARGETS);
                            blocks.setLong(1, nextBlock++);
                            blocks.setInt(2, to - from);
                            blocks.setBytes(3, TargetBlock.encode(batch, from, to));
                            blocks.addBatch();
                        }
                        blocks.executeBatch();
                    }
                    java.util.List<long[]> mptcp = new java.util.ArrayList<>();
                    java.util.List<Long> ids = new java.util.ArrayList<>();
                    for (long[] t : batch) {
                        long id = nextId++; // the targets come in key order
                        if (t[4] == ReplyClass.MPTCP.rank()) {
                            mptcp.add(t);
                            ids.add(id);
                        }
                    }
                    insertMptcp(c, mptcp, ids);
                    return null;
                });
        batch.clear();
    }

    /**
     * Rows of scan_mptcp_targets per INSERT: one statement of many rows, not a batch of one-row
     * statements (each of those a command through H2, which at a small scan's end is interpreted).
     */
    private static final int ROWS_PER_INSERT = 64;

    /** Parameters per row of scan_mptcp_targets (INSERT's columns). */
    private static final int COLUMNS = 11;

    private static void insertMptcp(
            java.sql.Connection c, java.util.List<long[]> rows, java.util.List<Long> ids)
            throws SQLException {
        int whole = rows.size() - rows.size() % ROWS_PER_INSERT;
        if (whole > 0)
            try (PreparedStatement ps = c.prepareStatement(insertOf(ROWS_PER_INSERT))) {
                for (int from = 0; from < whole; from += ROWS_PER_INSERT) {
                    for (int r = 0; r < ROWS_PER_INSERT; r++)
                        set(ps, r * COLUMNS, ids.get(from + r), rows.get(from + r));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        if (whole < rows.size())
            try (PreparedStatement ps = c.prepareStatement(insertOf(rows.size() - whole))) {
                for (int r = whole; r < rows.size(); r++)
                    set(ps, (r - whole) * COLUMNS, ids.get(r), rows.get(r));
                ps.executeUpdate();
            }
    }

    private static String insertOf(int rows) {
        return "INSERT INTO scan_mptcp_targets"
                + INSERT
                + ",(?,?,?,?,?,?,?,?,?,?,?)".repeat(rows - 1);
    }

    /** A row's COLUMNS parameters, from parameter at + 1 on. */
    private static void set(PreparedStatement ps, int at, long id, long[] t) throws SQLException {
        ps.setLong(at + 1, id);
        ps.setBoolean(at + 2, t[0] == 1);
        ps.setLong(at + 3, t[1]);
        ps.setLong(at + 4, t[2]);
        ps.setInt(at + 5, (int) t[3]);
        ps.setInt(at + 6, (int) t[4]);
        ps.setInt(at + 7, (int) t[5]);
        ps.setBoolean(at + 8, t[6] == 1);
        ps.setBoolean(at + 9, t[7] == 1);
        ps.setInt(at + 10, (int) t[8]);
        ps.setInt(at + 11, (int) t[9]);
    }

    /** An ended scan's targets counted per group, in the table's key order. */
    java.util.List<TargetGroup> groups(long scanId) throws SQLException {
        java.util.List<TargetGroup> out = new java.util.ArrayList<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT v6, sport, class_rank, versions, c_bit, a_bit, evidence, targets"
                                + " FROM scan_target_groups WHERE scan_id = ? ORDER BY v6, sport,"
                                + " class_rank, versions, c_bit, a_bit, evidence")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(
                            new TargetGroup(
                                    rs.getBoolean(1),
                                    rs.getInt(2),
                                    ReplyClass.ofRank(rs.getInt(3)),
                                    versionsText(rs.getInt(4)),
                                    rs.getBoolean(5),
                                    rs.getBoolean(6),
                                    TargetBlock.evidenceSet(rs.getInt(7)),
                                    rs.getLong(8)));
            }
        }
        return out;
    }

    /** Each bit set's text, made once: a set per row was a tenth of a compare. */
    private static final String[] VERSIONS_TEXT = new String[1 << 15];

    static String versionsText(int bits) {
        boolean cached = bits >= 0 && bits < VERSIONS_TEXT.length;
        if (cached && VERSIONS_TEXT[bits] != null) return VERSIONS_TEXT[bits];
        TreeSet<Integer> v = new TreeSet<>();
        for (int i = 0; i < 15; i++) if ((bits & (1 << i)) != 0) v.add(i);
        String t = TargetVerdict.versionsText(v);
        if (cached) VERSIONS_TEXT[bits] = t;
        return t;
    }

    /**
     * A scan's targets in key order: one range of the primary key, whose ids were given in key
     * order (no sort, no second index).
     */
    TargetCursor cursor(long scanId) throws SQLException {
        return replies.openCursor(
                "SELECT data FROM scan_target_blocks WHERE id >= ? AND id < ? ORDER BY id",
                scanId,
                new ReplyRows.TargetReader() {
                    private java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(0);

                    @Override
                    public TargetVerdict next(ResultSet rs) throws SQLException {
                        TargetVerdict v;
                        while ((v = TargetBlock.next(block)) == null) {
                            if (!rs.next()) return null;
                            block = java.nio.ByteBuffer.wrap(rs.getBytes(1));
                        }
                        return v;
                    }
                });
    }

    /** Its genuine MPTCP targets only, in key order (one a row, in their own table). */
    TargetCursor mptcpCursor(long scanId) throws SQLException {
        return replies.openCursor(
                "SELECT v6, addr_hi, addr_lo, sport, class_rank, versions, c_bit, a_bit, replies,"
                        + " evidence FROM scan_mptcp_targets WHERE id >= ? AND id < ? ORDER BY id",
                scanId,
                ReplyRows.TargetReader.perRow(
                        rs -> {
                            long lo = rs.getLong(3);
                            IpAddress a =
                                    rs.getBoolean(1)
                                            ? IpAddress.v6(rs.getLong(2), lo)
                                            : IpAddress.v4((int) lo);
                            return new TargetVerdict(
                                    a,
                                    rs.getInt(4),
                                    ReplyClass.ofRank(rs.getInt(5)),
                                    versionsText(rs.getInt(6)),
                                    rs.getBoolean(7),
                                    rs.getBoolean(8),
                                    rs.getInt(9),
                                    TargetBlock.evidenceSet(rs.getInt(10)));
                        }));
    }
}
