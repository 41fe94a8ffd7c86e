package net.mptcpscan.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.classify.Classification;

/**
 * Databases as mptcpscan left them before schema V10, when each reply was a row of the replies
 * table: rows written as that version wrote them (its INSERT, kept here), for the tests that read
 * old databases.
 */
final class OldReplyRows {
    private OldReplyRows() {}

    /** Rows for replies of a scan, numbered from seq, as version 9 stored them. */
    static void insert(Connection c, long scanId, long seq, List<ReplyRecord> replies)
            throws Exception {
        try (PreparedStatement ps =
                c.prepareStatement(
                        "INSERT INTO replies (scan_id, saddr, sport, dport, probe_version,"
                                + " reply_class, class_rank, reason, mptcp_version, mpc_flags,"
                                + " c_bit, a_bit, mptcp_key, evidence, ttl, win, tcp_flags,"
                                + " received_at, id, saddr_hi) VALUES"
                                + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (ReplyRecord r : replies) {
                Classification cl = r.classification();
                ps.setLong(1, scanId);
                ps.setLong(2, r.target().lo());
                if (r.target().v6()) ps.setLong(20, r.target().hi());
                else ps.setNull(20, Types.BIGINT);
                ps.setInt(3, r.targetPort());
                ps.setInt(4, r.ourPort());
                ps.setInt(5, r.probeVersion());
                ps.setString(6, cl.replyClass().wireName);
                ps.setInt(7, cl.replyClass().rank());
                ps.setString(8, cl.reason());
                if (cl.mptcpVersion() == null) ps.setNull(9, Types.SMALLINT);
                else ps.setInt(9, cl.mptcpVersion());
                if (cl.mpcFlags() == null) ps.setNull(10, Types.SMALLINT);
                else ps.setInt(10, cl.mpcFlags());
                ps.setBoolean(11, cl.cBit());
                ps.setBoolean(12, cl.aBit());
                ps.setString(13, cl.keyHex());
                ps.setString(14, cl.evidence().isEmpty() ? null : cl.evidenceText());
                ps.setInt(15, r.ttl());
                ps.setInt(16, r.window());
                ps.setString(17, r.tcpFlags());
                ps.setLong(18, r.receivedMicros());
                ps.setLong(19, ReplyRows.firstId(scanId) + seq++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The database at db with every scan's replies moved from blocks into rows, as version 9 had
     * them, and the blocks' table gone (schema V10 makes it again).
     */
    static void toRows(String db) throws Exception {
        List<Long> scanIds = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(DbLocation.urlFor(db));
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT id FROM scans ORDER BY id")) {
            while (rs.next()) scanIds.add(rs.getLong(1));
        }
        List<List<ReplyRecord>> all = new ArrayList<>();
        try (JdbcResultStore s = JdbcResultStore.open(db)) {
            for (long id : scanIds) {
                List<ReplyRecord> rs = new ArrayList<>();
                try (ReplyCursor c = s.cursor(id, List.of())) {
                    while (c.hasNext()) rs.add(c.next());
                }
                all.add(rs);
            }
        }
        try (Connection c = DriverManager.getConnection(DbLocation.urlFor(db));
                Statement st = c.createStatement()) {
            for (int i = 0; i < scanIds.size(); i++) insert(c, scanIds.get(i), 0, all.get(i));
            st.execute("DROP TABLE reply_blocks");
            st.execute("DELETE FROM mps_schema WHERE version >= 10");
        }
    }
}
