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
 * A scan's replies: in blocks of up to 1,024 (reply_blocks, schema V10; ReplyBlock), and before V10
 * a row each (the replies table, still read). A reply's number is scan_id * 2^40 + its arrival
 * number, a block's id its first reply's, so blocks go in at the end of the primary key (fast
 * ingest, no random-order index) and a scan's replies are one key range [firstId, endId) of each.
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
        long first = nextSeq(scanId);
        long last =
                db.transaction(
                        c -> {
                            long seq = first;
                            try (PreparedStatement ps =
                                    c.prepareStatement(
                                            "INSERT INTO reply_blocks (id, replies, data) VALUES"
                                                    + " (?,?,?)")) {
                                for (int from = 0;
                                        from < replies.size();
                                        from += ReplyBlock.REPLIES) {
                                    int to = Math.min(replies.size(), from + ReplyBlock.REPLIES);
                                    ps.setLong(1, firstId(scanId) + seq);
                                    ps.setInt(2, to - from);
                                    ps.setBytes(3, ReplyBlock.encode(replies, from, to));
                                    ps.addBatch();
                                    seq += to - from;
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
        long next = 0;
        try (PreparedStatement ps =
                db.conn.prepareStatement("SELECT MAX(id) FROM replies WHERE id >= ? AND id < ?")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                if (!rs.wasNull()) next = max - firstId(scanId) + 1;
            }
        }
        try (PreparedStatement ps =
                db.conn.prepareStatement(
                        "SELECT id, replies FROM reply_blocks WHERE id >= ? AND id < ? ORDER BY id"
                                + " DESC LIMIT 1")) {
            ps.setLong(1, firstId(scanId));
            ps.setLong(2, endId(scanId));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next())
                    next = Math.max(next, rs.getLong(1) - firstId(scanId) + rs.getInt(2));
            }
        }
        return next;
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

    static String truncate(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    /**
     * A scan's replies in (address, port) order, of the given classes (all when empty): read in the
     * order stored and put in order by ReplySorter (H2's ORDER BY was fifty times slower, and
     * blocks are not rows a database can sort).
     */
    ReplyCursor cursor(long scanId, List<ReplyClass> classes) throws SQLException {
        ReplyCursor stored = stored(scanId, classes);
        try {
            return new ReplySorter(stored, ReplySorter.runSize());
        } catch (StoreException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /** A scan's replies of the given classes (all when empty) in the order stored. */
    ReplyCursor stored(long scanId, List<ReplyClass> classes) throws SQLException {
        return new StoredCursor(scanId, classes);
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

    /**
     * A scan's replies as stored: its rows in the replies table (stored before schema V10) in
     * arrival order, then its blocks, each decoded whole. Several may be open at once (compare
     * merges two).
     */
    private final class StoredCursor implements ReplyCursor {
        private final long scanId;
        private final List<ReplyClass> classes;

        /** The class ranks wanted, as bits (0: all). */
        private final int ranks;

        private PreparedStatement ps;
        private ResultSet rs;
        private boolean blocks, done, closed;
        private final java.util.ArrayDeque<ReplyRecord> ready = new java.util.ArrayDeque<>();

        StoredCursor(long scanId, List<ReplyClass> classes) throws SQLException {
            this.scanId = scanId;
            this.classes = classes;
            int r = 0;
            for (ReplyClass c : classes) r |= 1 << c.rank();
            this.ranks = r;
            StringBuilder sql =
                    new StringBuilder(
                            "SELECT saddr, saddr_hi, sport, dport, probe_version, reply_class,"
                                    + " reason, mptcp_version, mpc_flags, mptcp_key, evidence, ttl,"
                                    + " win, tcp_flags, received_at FROM replies WHERE id >= ? AND"
                                    + " id < ?");
            if (!classes.isEmpty())
                sql.append(" AND class_rank IN (")
                        .append(classes.stream().map(c -> "?").collect(Collectors.joining(",")))
                        .append(')');
            open(sql.append(" ORDER BY id").toString(), true);
        }

        private void open(String sql, boolean withClasses) throws SQLException {
            cursorOpening();
            try {
                ps = db.conn.prepareStatement(sql);
                ps.setFetchSize(withClasses ? 2000 : 20);
                ps.setLong(1, firstId(scanId));
                ps.setLong(2, endId(scanId));
                if (withClasses)
                    for (int i = 0; i < classes.size(); i++)
                        ps.setInt(3 + i, classes.get(i).rank());
                rs = ps.executeQuery();
            } catch (SQLException e) {
                if (ps != null) ps.close();
                ps = null;
                cursorClosed();
                throw e;
            }
        }

        @Override
        public boolean hasNext() throws StoreException {
            try {
                while (ready.isEmpty()) {
                    if (done) return false;
                    if (rs.next()) {
                        if (blocks)
                            ReplyBlock.decode(rs.getBytes(2), rs.getInt(1), ranks, ready::add);
                        else ready.add(row(rs));
                    } else if (!blocks) {
                        closeQuery(rs, ps);
                        rs = null;
                        blocks = true;
                        open(
                                "SELECT replies, data FROM reply_blocks WHERE id >= ? AND id < ?"
                                        + " ORDER BY id",
                                false);
                    } else done = true;
                }
                return true;
            } catch (SQLException e) {
                throw new StoreException("reading replies failed: " + db.why(e), e);
            }
        }

        @Override
        public ReplyRecord next() throws StoreException {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            return ready.poll();
        }

        @Override
        public long scanId() {
            return scanId;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (rs != null) closeQuery(rs, ps);
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
        long n = 0;
        for (String sql :
                new String[] {
                    "SELECT COUNT(*) FROM replies WHERE id >= ? AND id < ?",
                    "SELECT COALESCE(SUM(replies), 0) FROM reply_blocks WHERE id >= ? AND id < ?"
                })
            try (PreparedStatement ps = db.conn.prepareStatement(sql)) {
                ps.setLong(1, firstId(scanId));
                ps.setLong(2, endId(scanId));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        return n;
    }

    /**
     * Target verdicts per class rank (index 1..6): a target's verdict is its best reply's class.
     */
    long[] verdictCounts(long scanId) throws SQLException {
        long[] counts = new long[ReplyClass.values().length + 1];
        try (ReplyFeed feed = feed(scanId)) {
            feed.sorted.targets(t -> counts[(int) t[4]]++);
        } catch (java.io.IOException e) {
            throw new SQLException("sorting the replies: " + e.getMessage(), e);
        }
        return counts;
    }

    /** The scan's replies as stored, into a feed (what its targets are made from). */
    ReplyFeed feed(long scanId) throws SQLException {
        ReplyFeed feed = new ReplyFeed();
        try (ReplyCursor c = stored(scanId, List.of())) {
            while (c.hasNext()) feed.add(c.next());
            return feed;
        } catch (java.io.IOException | StoreException e) {
            feed.close();
            throw new SQLException("reading the replies: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
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
