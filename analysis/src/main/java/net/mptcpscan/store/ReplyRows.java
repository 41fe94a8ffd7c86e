package net.mptcpscan.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.HandshakeEvent;
import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;

/**
 * The replies table. A reply's id is scan_id * 2^40 + its arrival number, so rows go in at the end
 * of the primary key (fast ingest, no random-order index) and a scan's rows are one key range
 * [firstId, endId).
 */
final class ReplyRows {
    static final int SEQ_BITS = 40;

    static long firstId(long scanId) {
        return scanId << SEQ_BITS;
    }

    static long endId(long scanId) {
        return (scanId + 1) << SEQ_BITS;
    }

    private final Db db;

    /**
     * Next arrival number per scan being written: counted here, read once from the table (resume).
     */
    private final Map<Long, Long> nextSeq = new HashMap<>();

    /**
     * Cursors open: PostgreSQL streams only inside a transaction, ended when the last one closes.
     */
    private int openCursors;

    ReplyRows(Db db) {
        this.db = db;
    }

    void append(long scanId, List<ReplyRecord> replies) throws SQLException {
        String sql =
                "INSERT INTO replies (scan_id, saddr, sport, dport, probe_version, reply_class,"
                        + " class_rank, reason, mptcp_version, mpc_flags, c_bit, a_bit, mptcp_key,"
                        + " evidence, ttl, win, tcp_flags, received_at, id, saddr_hi) VALUES"
                        + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        long first = nextSeq(scanId);
        long last =
                db.transaction(
                        c -> {
                            long seq = first;
                            try (PreparedStatement ps = c.prepareStatement(sql)) {
                                for (ReplyRecord r : replies) {
                                    Classification cl = r.classification();
                                    ps.setLong(1, scanId);
                                    setAddress(ps, 2, 20, r.target());
                                    ps.setInt(3, r.targetPort());
                                    ps.setInt(4, r.ourPort());
                                    ps.setInt(5, r.probeVersion());
                                    ps.setString(6, cl.replyClass().wireName);
                                    ps.setInt(7, cl.replyClass().rank());
                                    ps.setString(8, truncate(cl.reason(), 200));
                                    setSmallInt(ps, 9, cl.mptcpVersion());
                                    setSmallInt(ps, 10, cl.mpcFlags());
                                    ps.setBoolean(11, cl.cBit());
                                    ps.setBoolean(12, cl.aBit());
                                    ps.setString(13, cl.keyHex());
                                    ps.setString(
                                            14, cl.evidence().isEmpty() ? null : cl.evidenceText());
                                    ps.setInt(15, r.ttl());
                                    ps.setInt(16, r.window());
                                    ps.setString(17, r.tcpFlags());
                                    ps.setLong(18, r.receivedMicros());
                                    ps.setLong(19, firstId(scanId) + seq++);
                                    ps.addBatch();
                                }
                                ps.executeBatch();
                            }
                            return seq;
                        });
        nextSeq.put(scanId, last); // only once committed: a failed batch is numbered again
    }

    private long nextSeq(long scanId) throws SQLException {
        Long n = nextSeq.get(scanId);
        if (n != null) return n;
        try (PreparedStatement ps =
                db.conn.prepareStatement("SELECT MAX(id) FROM replies WHERE id >= ? AND id < ?")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? 0 : max - firstId(scanId) + 1;
            }
        }
    }

    /**
     * An address into (saddr, saddr_hi): IPv4 as its unsigned value and NULL, IPv6 as its low and
     * high halves (schema V4).
     */
    private static void setAddress(PreparedStatement ps, int lo, int hi, IpAddress a)
            throws SQLException {
        ps.setLong(lo, a.lo());
        if (a.v6()) ps.setLong(hi, a.hi());
        else ps.setNull(hi, Types.BIGINT);
    }

    /** The address of the current row (columns saddr and saddr_hi). */
    private static IpAddress address(ResultSet rs) throws SQLException {
        long lo = rs.getLong("saddr");
        long hi = rs.getLong("saddr_hi");
        return rs.wasNull() ? IpAddress.v4((int) lo) : IpAddress.v6(hi, lo);
    }

    /** The order every reader uses: IPv4 first, then IPv6, as IpAddress.compareTo. */
    static final String ADDRESS_ORDER = "saddr_hi NULLS FIRST, saddr";

    private static void setSmallInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.SMALLINT);
        else ps.setInt(i, v);
    }

    static String truncate(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    /**
     * A scan's replies in (address, port) order, of the given classes (all when empty). H2 reads
     * them as stored and ReplySorter puts them in order (H2's ORDER BY was fifty times slower);
     * PostgreSQL sorts them itself.
     */
    ReplyCursor cursor(long scanId, List<ReplyClass> classes) throws SQLException {
        if (!DbLocation.isH2(db.url)) return cursor(scanId, classes, true);
        ReplyCursor stored = cursor(scanId, classes, false);
        try {
            return new ReplySorter(stored, ReplySorter.runSize());
        } catch (StoreException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /** ordered: sorted by the database; else in the order stored (arrival). */
    private ReplyCursor cursor(long scanId, List<ReplyClass> classes, boolean ordered)
            throws SQLException {
        StringBuilder sql =
                new StringBuilder(
                        "SELECT saddr, saddr_hi, sport, dport, probe_version, reply_class, reason,"
                            + " mptcp_version, mpc_flags, mptcp_key, evidence, ttl, win, tcp_flags,"
                            + " received_at FROM replies WHERE id >= ? AND id < ?");
        if (!classes.isEmpty())
            sql.append(" AND class_rank IN (")
                    .append(classes.stream().map(c -> "?").collect(Collectors.joining(",")))
                    .append(')');
        sql.append(
                ordered
                        ? " ORDER BY " + ADDRESS_ORDER + ", sport, probe_version DESC, received_at"
                        : " ORDER BY id");
        cursorOpening();
        try {
            PreparedStatement ps = db.conn.prepareStatement(sql.toString());
            ps.setFetchSize(2000);
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            for (int i = 0; i < classes.size(); i++) ps.setInt(3 + i, classes.get(i).rank());
            return new JdbcCursor(scanId, ps, ps.executeQuery());
        } catch (SQLException e) {
            cursorClosed();
            throw e;
        }
    }

    /** Reads one row of a result set into a value. */
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The next target off a result set, moving it on as it needs; null at its end. */
    interface TargetReader {
        net.mptcpscan.classify.TargetVerdict next(ResultSet rs) throws SQLException;

        /** One target a row. */
        static TargetReader perRow(RowReader<net.mptcpscan.classify.TargetVerdict> row) {
            return rs -> rs.next() ? row.read(rs) : null;
        }
    }

    /**
     * Target rows streamed off a query whose two parameters are the scan's range of ids, sharing
     * the cursors' transaction (PostgreSQL streams only inside one).
     */
    TargetCursor openCursor(String sql, long scanId, TargetReader reader) throws SQLException {
        cursorOpening();
        try {
            PreparedStatement ps = db.conn.prepareStatement(sql);
            ps.setFetchSize(2000);
            ps.setLong(1, firstId(scanId)); // the scan's range of ids
            ps.setLong(2, endId(scanId));
            ResultSet rs = ps.executeQuery();
            return new TargetCursor() {
                private boolean closed;

                @Override
                public net.mptcpscan.classify.TargetVerdict next() throws StoreException {
                    try {
                        return reader.next(rs);
                    } catch (SQLException e) {
                        throw new StoreException("reading targets failed: " + db.why(e), e);
                    }
                }

                @Override
                public long scanId() {
                    return scanId;
                }

                @Override
                public void close() {
                    if (closed) return;
                    closed = true;
                    closeQuery(rs, ps);
                }
            };
        } catch (SQLException e) {
            cursorClosed();
            throw e;
        }
    }

    /** Closes one cursor's query; the last one open ends the cursors' transaction. */
    private void closeQuery(ResultSet rs, PreparedStatement ps) {
        try {
            rs.close();
            ps.close();
        } catch (SQLException ignored) {
        }
        cursorClosed();
    }

    /**
     * The first open cursor starts the cursors' transaction and, on H2, lazy execution: without it
     * H2 copies a whole result into a temporary one (on disk past its memory limit) before the
     * first row is read (export of 1M targets: 3.6 s and 745 MB without, 2.9 s and 380 MB with).
     */
    private void cursorOpening() throws SQLException {
        if (openCursors++ > 0) return;
        try {
            db.conn.setAutoCommit(false);
            lazy(true);
        } catch (SQLException e) {
            openCursors--;
            throw e;
        }
    }

    private void lazy(boolean on) throws SQLException {
        if (!DbLocation.isH2(db.url)) return;
        try (Statement st = db.conn.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
        }
    }

    private void cursorClosed() {
        if (--openCursors > 0) return;
        try {
            db.conn.commit();
            db.conn.setAutoCommit(true);
            lazy(false);
        } catch (SQLException ignored) {
        }
    }

    /** Streams rows off an open result set; several may be open at once (compare merges two). */
    private final class JdbcCursor implements ReplyCursor {
        private final long scanId;
        private final PreparedStatement ps;
        private final ResultSet rs;
        private ReplyRecord next;
        private boolean done, closed;

        JdbcCursor(long scanId, PreparedStatement ps, ResultSet rs) {
            this.scanId = scanId;
            this.ps = ps;
            this.rs = rs;
        }

        @Override
        public boolean hasNext() throws StoreException {
            if (next != null) return true;
            if (done) return false;
            try {
                if (rs.next()) {
                    next = row(rs);
                    return true;
                }
                done = true;
                return false;
            } catch (SQLException e) {
                throw new StoreException("reading replies failed: " + db.why(e), e);
            }
        }

        @Override
        public ReplyRecord next() throws StoreException {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            ReplyRecord r = next;
            next = null;
            return r;
        }

        @Override
        public long scanId() {
            return scanId;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            closeQuery(rs, ps);
        }
    }

    /**
     * The current row of cursor()'s query, by column number (by name, H2 looked every column up per
     * row: a tenth of reading them).
     */
    private static ReplyRecord row(ResultSet rs) throws SQLException {
        long lo = rs.getLong(1);
        long hi = rs.getLong(2);
        IpAddress address = rs.wasNull() ? IpAddress.v4((int) lo) : IpAddress.v6(hi, lo);
        ReplyClass cls = ReplyClass.parse(rs.getString(6));
        int v = rs.getInt(8);
        Integer version = rs.wasNull() ? null : v;
        int f = rs.getInt(9);
        Integer flags = rs.wasNull() ? null : f;
        String k = rs.getString(10);
        Long key = k == null ? null : Long.parseUnsignedLong(k, 16);
        String evText = rs.getString(11);
        EnumSet<Evidence> ev =
                evText == null ? EnumSet.noneOf(Evidence.class) : Evidence.parseList(evText);
        Classification c = new Classification(cls, rs.getString(7), version, flags, key, ev);
        return new ReplyRecord(
                address,
                rs.getInt(3),
                rs.getInt(4),
                rs.getInt(5),
                c,
                rs.getInt(12),
                rs.getInt(13),
                rs.getString(14),
                rs.getLong(15));
    }

    void appendAnnouncements(long scanId, List<AnnouncementRecord> rows) throws SQLException {
        if (rows.isEmpty()) return;
        String sql =
                "INSERT INTO announcements (scan_id, saddr, sport, address, address_id, port, echo,"
                        + " hmac, received_at, saddr_hi) VALUES (?,?,?,?,?,?,?,?,?,?)";
        db.transaction(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        for (AnnouncementRecord a : rows) {
                            ps.setLong(1, scanId);
                            setAddress(ps, 2, 10, a.target());
                            ps.setInt(3, a.targetPort());
                            ps.setString(4, a.address());
                            ps.setInt(5, a.addressId());
                            if (a.port() >= 0) ps.setInt(6, a.port());
                            else ps.setNull(6, Types.INTEGER);
                            ps.setBoolean(7, a.echo());
                            ps.setString(8, a.hmac());
                            ps.setLong(9, a.receivedMicros());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
    }

    void appendHandshakes(long scanId, List<HandshakeRecord> rows) throws SQLException {
        if (rows.isEmpty()) return;
        String sql =
                "INSERT INTO handshakes (scan_id, saddr, sport, mptcp_version, status, events,"
                        + " started_at, saddr_hi) VALUES (?,?,?,?,?,?,?,?)";
        db.transaction(
                c -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        for (HandshakeRecord h : rows) {
                            ps.setLong(1, scanId);
                            setAddress(ps, 2, 8, h.target());
                            ps.setInt(3, h.targetPort());
                            ps.setInt(4, h.mptcpVersion());
                            ps.setString(5, h.status().wireName);
                            ps.setString(6, HandshakeEvent.names(h.events()));
                            ps.setLong(7, h.startedMicros());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    return null;
                });
    }

    /**
     * A scan's handshakes in (target, port) order, one per target: of two attempts (a resumed
     * scan), the better status, with the events of both.
     */
    List<HandshakeRecord> handshakes(long scanId) throws SQLException {
        List<HandshakeRecord> out = new java.util.ArrayList<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT saddr, saddr_hi, sport, mptcp_version, status, events,"
                                + " started_at FROM handshakes WHERE scan_id = ? ORDER BY "
                                + ADDRESS_ORDER
                                + ", sport, started_at")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    HandshakeRecord h =
                            new HandshakeRecord(
                                    address(rs),
                                    rs.getInt("sport"),
                                    rs.getInt("mptcp_version"),
                                    HandshakeStatus.of(rs.getString("status")),
                                    HandshakeEvent.bits(rs.getString("events")),
                                    rs.getLong("started_at"));
                    HandshakeRecord last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null
                            && last.target().equals(h.target())
                            && last.targetPort() == h.targetPort()) {
                        out.set(
                                out.size() - 1,
                                new HandshakeRecord(
                                        h.target(),
                                        h.targetPort(),
                                        last.mptcpVersion(),
                                        HandshakeStatus.better(last.status(), h.status()),
                                        last.events() | h.events(),
                                        last.startedMicros()));
                    } else out.add(h);
                }
            }
        }
        return out;
    }

    List<AnnouncementRecord> announcements(long scanId) throws SQLException {
        List<AnnouncementRecord> out = new java.util.ArrayList<>();
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT saddr, saddr_hi, sport, address, address_id, port, echo, hmac,"
                                + " received_at FROM announcements WHERE scan_id = ? ORDER BY "
                                + ADDRESS_ORDER
                                + ", sport, address_id")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int port = rs.getInt("port");
                    if (rs.wasNull()) port = -1;
                    out.add(
                            new AnnouncementRecord(
                                    address(rs),
                                    rs.getInt("sport"),
                                    rs.getInt("address_id"),
                                    rs.getString("address"),
                                    port,
                                    rs.getBoolean("echo"),
                                    rs.getString("hmac"),
                                    rs.getLong("received_at")));
                }
            }
        }
        return out;
    }

    long count(long scanId) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement("SELECT COUNT(*) FROM replies WHERE id >= ? AND id < ?")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Target verdicts per class rank (index 1..6): a target's verdict is its best reply's class.
     */
    long[] verdictCounts(long scanId) throws SQLException {
        long[] counts = new long[ReplyClass.values().length + 1];
        String sql =
                "SELECT r, COUNT(*) AS n FROM (SELECT MIN(class_rank) AS r FROM replies WHERE id >="
                        + " ? AND id < ? GROUP BY saddr_hi, saddr, sport) t GROUP BY r";
        try (PreparedStatement ps = db.conn.prepareStatement(sql)) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts[rs.getInt("r")] = rs.getLong("n");
            }
        }
        return counts;
    }

    /** The stored verdict summary of a scan (index: class rank), or null when it has none. */
    long[] summary(long scanId) throws SQLException {
        long[] counts = new long[ReplyClass.values().length + 1];
        int rows = 0;
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT class_rank, targets FROM scan_summaries WHERE scan_id = ?")) {
            ps.setLong(1, scanId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int r = rs.getInt(1);
                    if (r > 0 && r < counts.length) counts[r] = rs.getLong(2);
                    rows++;
                }
            }
        }
        // every rank has its row (zeros too): fewer means none was written
        return rows == ReplyClass.values().length ? counts : null;
    }

    void saveSummary(long scanId, long[] counts) throws SQLException {
        db.transaction(
                c -> {
                    try (PreparedStatement del =
                                    c.prepareStatement(
                                            "DELETE FROM scan_summaries WHERE scan_id = ?");
                            PreparedStatement ins =
                                    c.prepareStatement(
                                            "INSERT INTO scan_summaries (scan_id, class_rank,"
                                                    + " targets) VALUES (?,?,?)")) {
                        del.setLong(1, scanId);
                        del.executeUpdate();
                        for (ReplyClass rc : ReplyClass.values()) {
                            ins.setLong(1, scanId);
                            ins.setInt(2, rc.rank());
                            ins.setLong(3, counts[rc.rank()]);
                            ins.addBatch();
                        }
                        ins.executeBatch();
                    }
                    return null;
                });
    }

    void dropSummary(long scanId) throws SQLException {
        try (PreparedStatement ps =
                db.conn.prepareStatement("DELETE FROM scan_summaries WHERE scan_id = ?")) {
            ps.setLong(1, scanId);
            ps.executeUpdate();
        }
    }
}
