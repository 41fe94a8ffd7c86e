package net.mptcpscan.store;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import net.mptcpscan.classify.ReplyClass;

/**
 * The results database over JDBC: an H2 file by default, any JDBC URL (PostgreSQL for teams) the
 * same way. Opening ({@link DbOpener}), the schema ({@link Migrations}), the scans ({@link
 * ScanRows}) and the replies ({@link ReplyRows}) are each their own class; this one gives them the
 * {@link ResultStore} interface and turns SQL failures into one-line StoreExceptions. Methods that
 * write are synchronized: the batching writer and the scan's checkpoints share one connection.
 */
public final class JdbcResultStore implements ResultStore {
    private final Db db;
    private final ScanRows scans;
    private final ReplyRows replies;
    private final TargetRows targets;

    /** Waits until readers can reach this open file (the server starts beside the first writes). */
    void awaitReaders() {
        db.sharing();
    }

    private JdbcResultStore(Db db) {
        this.db = db;
        this.scans = new ScanRows(db);
        this.replies = new ReplyRows(db);
        this.targets = new TargetRows(db, replies);
    }

    /**
     * Begins checking an existing H2 file on another thread, read-only, for the open that follows
     * (a scan's start calls it before parsing its options): nothing is created or written.
     */
    public static void precheck(String db) {
        DbOpener.precheck(db);
    }

    /**
     * Opens the database, creating it (and its folder) when there is none: for the commands that
     * store.
     */
    public static JdbcResultStore open(String db) throws StoreException {
        return new JdbcResultStore(DbOpener.open(db, false));
    }

    /**
     * Opens a database that must exist: for the commands that only read, and --resume (never create
     * an empty one).
     */
    public static JdbcResultStore openExisting(String db) throws StoreException {
        return new JdbcResultStore(DbOpener.open(db, true));
    }

    public String url() {
        return db.url;
    }

    /** A failed statement as one line, naming what was being done. */
    private StoreException failed(String doing, SQLException e) {
        return new StoreException(doing + " failed: " + db.why(e), e);
    }

    /**
     * The scans begun by this store, fed their replies as they are committed (ReplyFeed): their
     * ends need not read the replies back. A feed that fails (its spill file on a full disk) is
     * dropped, and that scan's end reads the table instead.
     */
    private final java.util.Map<Long, ReplyFeed> feeds = new java.util.HashMap<>();

    @Override
    public synchronized long beginScan(ScanRecord s) throws StoreException {
        try {
            long id = scans.begin(s);
            feeds.put(id, new ReplyFeed());
            return id;
        } catch (SQLException e) {
            throw failed("storing the scan", e);
        }
    }

    @Override
    public synchronized void append(long scanId, List<ReplyRecord> rows) throws StoreException {
        if (rows.isEmpty()) return;
        try {
            replies.append(scanId, rows);
        } catch (SQLException e) {
            dropFeed(scanId); // what was committed of the batch is not known here
            throw failed("storing replies", e);
        }
        ReplyFeed feed = feeds.get(scanId);
        if (feed != null)
            try {
                for (ReplyRecord r : rows) feed.add(r);
            } catch (java.io.IOException | RuntimeException e) {
                dropFeed(scanId);
            }
    }

    private void dropFeed(long scanId) {
        ReplyFeed f = feeds.remove(scanId);
        if (f != null) f.close();
    }

    @Override
    public synchronized void checkpoint(long scanId, ScanCounts c, long[] positions)
            throws StoreException {
        try {
            scans.checkpoint(scanId, c, positions);
        } catch (SQLException e) {
            throw failed("saving scan progress", e);
        }
    }

    @Override
    public synchronized void finishScan(
            long scanId, ScanStatus status, ScanCounts c, long endedAtMillis)
            throws StoreException {
        try {
            scans.finish(scanId, status, c, endedAtMillis);
        } catch (SQLException e) {
            throw failed("finishing the scan", e);
        }
        try {
            // The targets report, export and compare read, and from the same pass the summary the
            // listing reads: one sort of the replies now instead of one per read.
            replies.saveSummary(scanId, targets.build(scanId, feeds.remove(scanId)));
        } catch (SQLException | RuntimeException e) {
            // Optional: without them the replies are aggregated when read.
        }
    }

    @Override
    public synchronized void reopenScan(long scanId) throws StoreException {
        try {
            scans.reopen(scanId);
            dropFeed(scanId); // its end reads the table: replies from before are in it
            replies.dropSummary(scanId); // it grows again; summarised when it ends
            targets.drop(scanId);
        } catch (SQLException e) {
            throw failed("reopening scan " + scanId, e);
        }
    }

    @Override
    public synchronized long[] positions(long scanId) throws StoreException {
        try {
            return scans.positions(scanId);
        } catch (SQLException e) {
            throw failed("reading scan progress", e);
        }
    }

    @Override
    public synchronized List<ScanRecord> scans() throws StoreException {
        try {
            return scans.all();
        } catch (SQLException e) {
            throw failed("listing scans", e);
        }
    }

    @Override
    public synchronized ScanRecord scan(String idOrLatest) throws StoreException {
        try {
            return scans.one(idOrLatest);
        } catch (SQLException e) {
            throw failed("reading scan " + idOrLatest, e);
        }
    }

    /**
     * The newest interrupted live scan of this machine (and vantage, when given): --resume without
     * a number.
     */
    @Override
    public synchronized ScanRecord latestInterrupted(String host, String vantage)
            throws StoreException {
        try {
            return scans.latestInterrupted(host, vantage);
        } catch (SQLException e) {
            throw failed("looking for an interrupted scan", e);
        }
    }

    @Override
    public void replies(long scanId, List<ReplyClass> classes, Consumer<StoredReply> each)
            throws StoreException {
        try (ReplyCursor c = cursor(scanId, classes)) {
            while (c.hasNext()) each.accept(new StoredReply(scanId, c.next()));
        }
    }

    @Override
    public synchronized ReplyCursor cursor(long scanId, List<ReplyClass> classes)
            throws StoreException {
        try {
            return replies.cursor(scanId, classes);
        } catch (SQLException e) {
            throw failed("reading replies", e);
        }
    }

    @Override
    public synchronized void appendAnnouncements(long scanId, List<AnnouncementRecord> rows)
            throws StoreException {
        try {
            replies.appendAnnouncements(scanId, rows);
        } catch (SQLException e) {
            throw failed("storing announcements", e);
        }
    }

    @Override
    public synchronized List<AnnouncementRecord> announcements(long scanId) throws StoreException {
        try {
            return replies.announcements(scanId);
        } catch (SQLException e) {
            throw failed("reading announcements", e);
        }
    }

    @Override
    public synchronized void appendHandshakes(long scanId, List<HandshakeRecord> rows)
            throws StoreException {
        try {
            replies.appendHandshakes(scanId, rows);
        } catch (SQLException e) {
            throw failed("storing handshakes", e);
        }
    }

    @Override
    public synchronized List<HandshakeRecord> handshakes(long scanId) throws StoreException {
        try {
            return replies.handshakes(scanId);
        } catch (SQLException e) {
            throw failed("reading handshakes", e);
        }
    }

    @Override
    public synchronized long replyCount(long scanId) throws StoreException {
        try {
            return replies.count(scanId);
        } catch (SQLException e) {
            throw failed("counting replies", e);
        }
    }

    @Override
    public synchronized long[] verdictCounts(long scanId) throws StoreException {
        try {
            long[] stored = replies.summary(scanId);
            if (stored != null) return stored;
            long[] counts = replies.verdictCounts(scanId);
            // An ended scan without one (killed with -9, or stored before summaries): keep it.
            ScanRecord s = scans.one(String.valueOf(scanId));
            if (s != null && s.status() != ScanStatus.RUNNING && !db.readOnly)
                try {
                    replies.saveSummary(scanId, counts);
                } catch (SQLException e) {
                    // a read-only or full database: the counts are right, only not kept
                }
            return counts;
        } catch (SQLException e) {
            throw failed("counting verdicts", e);
        }
    }

    /**
     * An ended scan's targets from its target table, made now when it has none (a scan killed with
     * -9, or stored before the table existed); a running scan's from its replies.
     */
    @Override
    public synchronized TargetCursor targets(long scanId) throws StoreException {
        try {
            if (madeTargets(scanId)) return targets.cursor(scanId);
            return new TargetIterator(replies.cursor(scanId, java.util.List.of()));
        } catch (SQLException e) {
            throw failed("reading targets", e);
        }
    }

    /**
     * Whether the scan has its target tables (blocks, counts, genuine targets), making them now for
     * an ended scan that has none when this database can be written.
     */
    private boolean madeTargets(long scanId) throws SQLException, StoreException {
        if (targets.whole(scanId)) return true;
        ScanRecord s = scans.one(String.valueOf(scanId));
        if (s == null || s.status() == ScanStatus.RUNNING || db.readOnly || db.shared) return false;
        try {
            long[] counts = targets.build(scanId);
            if (replies.summary(scanId) == null) replies.saveSummary(scanId, counts);
            return true;
        } catch (SQLException | RuntimeException e) {
            return false; // a full disk: the replies still answer
        }
    }

    /** Counted when the scan's target tables were made (made now if it has none and can). */
    @Override
    public synchronized List<TargetGroup> targetGroups(long scanId) throws StoreException {
        try {
            return madeTargets(scanId) ? targets.groups(scanId) : null;
        } catch (SQLException e) {
            throw failed("reading target counts", e);
        }
    }

    /** From their own table when the scan has its target tables; else the default's filter. */
    @Override
    public synchronized TargetCursor mptcpTargets(long scanId) throws StoreException {
        try {
            if (madeTargets(scanId)) return targets.mptcpCursor(scanId);
        } catch (SQLException e) {
            throw failed("reading targets", e);
        }
        return ResultStore.super.mptcpTargets(scanId);
    }

    /** From the reasons counted with the targets when the scan has them. */
    @Override
    public synchronized java.util.Map<String, Long> anomalyReasons(long scanId)
            throws StoreException {
        try {
            if (targets.whole(scanId)) return targets.reasons(scanId);
        } catch (SQLException e) {
            throw failed("reading anomalies", e);
        }
        return ResultStore.super.anomalyReasons(scanId);
    }

    @Override
    public void close() {
        synchronized (this) {
            for (ReplyFeed f : feeds.values()) f.close(); // their spilled runs
            feeds.clear();
        }
        db.close();
    }
}
