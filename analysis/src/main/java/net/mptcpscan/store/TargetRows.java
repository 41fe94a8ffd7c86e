package net.mptcpscan.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.TreeSet;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.classify.TargetVerdict;
import net.mptcpscan.wire.IpAddress;

/**
 * The scan_targets table: an ended scan's target verdicts in key order, made once from its replies,
 * so report, export and compare stream them instead of sorting every reply per read.
 */
final class TargetRows {
    private static final Evidence[] EVIDENCE = Evidence.values();

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
        for (String t : new String[] {"scan_targets_done", "scan_targets", "scan_reasons"})
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM " + t + " WHERE scan_id = ?")) {
                ps.setLong(1, scanId);
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

    /**
     * Writes a scan's targets from its replies in one statement, grouped by the database (a hash
     * aggregation: five times faster in H2 than sorting the replies), and returns its verdict
     * counts per class rank: the summary. A target's verdict is its best reply's class; versions,
     * flags and echo evidence as TargetVerdict.aggregate makes them.
     */
    long[] build(long scanId) throws SQLException {
        StringBuilder ev = new StringBuilder("0");
        for (Evidence e : EVIDENCE)
            ev.append(" + ")
                    .append(1 << e.ordinal())
                    .append(" * MAX(CASE WHEN (',' || evidence || ',') LIKE '%,")
                    .append(e.wireName)
                    .append(",%' THEN 1 ELSE 0 END)");
        StringBuilder versions = new StringBuilder("0");
        for (int v = 0; v < 4; v++)
            versions.append(" + ")
                    .append(1 << v)
                    .append(" * MAX(CASE WHEN class_rank = 1 AND mptcp_version = ")
                    .append(v)
                    .append(" THEN 1 ELSE 0 END)");
        String insert =
                "INSERT INTO scan_targets (scan_id, v6, addr_hi, addr_lo, sport, class_rank,"
                        + " versions, c_bit, a_bit, replies, evidence) SELECT ?, saddr_hi IS NOT"
                        + " NULL, COALESCE(saddr_hi, 0), saddr, sport, MIN(class_rank), "
                        + versions
                        + ", MAX(CASE WHEN class_rank = 1 AND c_bit THEN 1 ELSE 0 END) = 1,"
                        + " MAX(CASE WHEN class_rank = 1 AND a_bit THEN 1 ELSE 0 END) = 1,"
                        + " COUNT(*), "
                        + ev
                        + " FROM replies WHERE id >= ? AND id < ? GROUP BY saddr_hi, saddr, sport";
        long[] counts = new long[ReplyClass.values().length + 1];
        db.transaction(
                c -> {
                    deleteAll(c, scanId);
                    try (PreparedStatement ps = c.prepareStatement(insert)) {
                        ps.setLong(1, scanId);
                        ps.setLong(2, ReplyRows.firstId(scanId));
                        ps.setLong(3, ReplyRows.endId(scanId));
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "INSERT INTO scan_reasons (scan_id, reason, replies) SELECT ?,"
                                        + " COALESCE(reason, 'null'), COUNT(*) FROM replies WHERE"
                                        + " id >= ? AND id < ? AND class_rank = ? GROUP BY"
                                        + " COALESCE(reason, 'null')")) {
                        ps.setLong(1, scanId);
                        ps.setLong(2, ReplyRows.firstId(scanId));
                        ps.setLong(3, ReplyRows.endId(scanId));
                        ps.setInt(4, ReplyClass.ANOMALOUS.rank());
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps =
                            c.prepareStatement(
                                    "SELECT class_rank, COUNT(*) FROM scan_targets WHERE scan_id ="
                                            + " ? GROUP BY class_rank")) {
                        ps.setLong(1, scanId);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) counts[rs.getInt(1)] = rs.getLong(2);
                        }
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

    static int versionBits(String versions) {
        int bits = 0;
        if (!versions.isEmpty())
            for (String v : versions.split(",")) bits |= 1 << Integer.parseInt(v);
        return bits;
    }

    static String versionsText(int bits) {
        TreeSet<Integer> v = new TreeSet<>();
        for (int i = 0; i < 15; i++) if ((bits & (1 << i)) != 0) v.add(i);
        return TargetVerdict.versionsText(v);
    }

    static int evidenceBits(java.util.Set<Evidence> ev) {
        int bits = 0;
        for (Evidence e : ev) bits |= 1 << e.ordinal();
        return bits;
    }

    static EnumSet<Evidence> evidence(int bits) {
        EnumSet<Evidence> ev = EnumSet.noneOf(Evidence.class);
        for (Evidence e : EVIDENCE) if ((bits & (1 << e.ordinal())) != 0) ev.add(e);
        return ev;
    }

    /**
     * A scan's targets in key order: an index walk, no sort (H2 walks the index for the ORDER BY
     * only when it names the key's first column too).
     */
    TargetCursor cursor(long scanId) throws SQLException {
        return replies.openCursor(
                "SELECT v6, addr_hi, addr_lo, sport, class_rank, versions, c_bit, a_bit, replies,"
                    + " evidence FROM scan_targets WHERE scan_id = ? ORDER BY scan_id, v6, addr_hi,"
                    + " addr_lo, sport",
                scanId,
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
                            evidence(rs.getInt(10)));
                });
    }
}
