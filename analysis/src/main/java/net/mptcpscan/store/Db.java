package net.mptcpscan.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One open connection with what every part of the store needs from it: a transaction helper (the
 * one place autocommit is switched) and a one-line reason for a failure.
 */
final class Db implements AutoCloseable {
    final Connection conn;
    final String url;

    /** Opened read-only because its disk is full: results are readable, nothing can be written. */
    final boolean readOnly;

    /**
     * Serving this file to readers while it is open here (H2 files opened for writing): started on
     * its own thread, since a scan's first probe need not wait the 20-30 ms the server takes.
     */
    private CompletableFuture<H2Sharing> sharing;

    /** Reached through another process that has the file open (a running scan). */
    boolean shared;

    /** The H2 file this process opened for writing: sealed when it closes cleanly (DbSeal). */
    Path sealOnClose;

    Db(Connection conn, String url, boolean readOnly) {
        this.conn = conn;
        this.url = url;
        this.readOnly = readOnly;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws;
     * autocommit restored either way.
     */
    <T> T transaction(Work<T> work) throws SQLException {
        boolean auto = conn.getAutoCommit();
        conn.setAutoCommit(false);
        try {
            T result = work.run(conn);
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                conn.rollback();
            } catch (SQLException ignored) {
            }
            throw e;
        } finally {
            try {
                conn.setAutoCommit(auto);
            } catch (SQLException ignored) {
            }
        }
    }

    /**
     * One line for a failed statement; a full disk under an H2 file says so (H2 itself only reports
     * "closed").
     */
    String why(SQLException e) {
        if (readOnly || diskFull(url)) {
            return "the disk holding "
                    + DbLocation.h2BaseOfUrl(url).getParent()
                    + " is full"
                    + (readOnly ? " (the database is open read-only)" : "");
        }
        return oneLine(e);
    }

    static String oneLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("disk full") || m.contains("DISK_FULL"))
            return "the disk is full";
        if (m.contains("Database may be already in use") || m.contains("locked by another process"))
            return "it is in use by another mptcpscan process (the embedded database takes one"
                    + " process at a time)";
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** Less than a MiB left where an H2 file lives. */
    static boolean diskFull(String url) {
        Path base = DbLocation.h2BaseOfUrl(url);
        if (base == null || base.getParent() == null) return false;
        try {
            return Files.getFileStore(base.getParent()).getUsableSpace() < (1 << 20);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Starts serving the file at base to readers, beside the caller's first writes. */
    void serveReaders(Path base) {
        sharing = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                sharing.complete(H2Sharing.serve(base, url));
                            } catch (Throwable e) {
                                sharing.complete(null); // readers then get "in use"
                            }
                        },
                        "mptcpscan-db-serving");
        t.setDaemon(true);
        t.start();
    }

    /** The readers' server once it runs, or null (none, or it could not start). */
    H2Sharing sharing() {
        return sharing == null ? null : sharing.join();
    }

    @Override
    public void close() {
        H2Sharing s = sharing();
        if (s != null) s.close();
        try {
            conn.close();
        } catch (SQLException ignored) {
            return; // not closed cleanly: no seal, the next open checks the file
        }
        if (sealOnClose != null) DbSeal.write(sealOnClose);
    }
}
