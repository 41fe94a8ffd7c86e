package net.mptcpscan.store;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a results database is: --db's value as a JDBC URL, and the files an embedded (H2) one is
 * made of.
 */
public final class DbLocation {
    private DbLocation() {}

    private static final String H2_FILE = "jdbc:h2:file:";

    /** The default database: $MPTCPSCAN_DB, else ~/.mptcpscan/results (an H2 file). */
    public static String defaultLocation() {
        String env = System.getenv("MPTCPSCAN_DB");
        if (env != null && !env.isBlank()) return env;
        return Path.of(System.getProperty("user.home"), ".mptcpscan", "results").toString();
    }

    /**
     * Turns --db's value (a JDBC URL, or an H2 file path with or without .mv.db) into a JDBC URL.
     */
    public static String urlFor(String db) {
        if (db.startsWith("jdbc:")) return db;
        String p = db.endsWith(".mv.db") ? db.substring(0, db.length() - 6) : db;
        // WRITE_DELAY=0: a commit reaches the file before append() returns, so kill -9 loses
        // nothing acknowledged. COMPRESS: pages are written LZF-compressed (read either way, so
        // older files need nothing): half the bytes per reply, at the same ingest rate.
        // AUTO_COMPACT_FILL_RATE=50: H2 moves live pages out of chunks less than half full, not
        // less than 90% (its default). A file of reply blocks is about three quarters live after
        // a scan (each commit rewrites the last leaf), so every open for writing, a read command's
        // too, moved pages: 0.66 s and 19 MB more file per open of a 1M-reply database, 0.3 s
        // and nothing with this.
        return H2_FILE
                + Path.of(p).toAbsolutePath()
                + ";WRITE_DELAY=0;COMPRESS=TRUE;AUTO_COMPACT_FILL_RATE=50";
    }

    /** The H2 file base path of a location (without .mv.db), or null for a server database. */
    public static Path h2Base(String db) {
        return h2BaseOfUrl(urlFor(db));
    }

    static Path h2BaseOfUrl(String url) {
        if (!url.startsWith(H2_FILE)) return null;
        int semi = url.indexOf(';');
        return Path.of(url.substring(H2_FILE.length(), semi < 0 ? url.length() : semi));
    }

    /** An H2 URL (file, memory or through a server): the driver is bundled. */
    static boolean isH2(String url) {
        return url.startsWith("jdbc:h2:");
    }

    static boolean isH2File(String url) {
        return url.startsWith(H2_FILE);
    }

    /**
     * The files an embedded database is made of (they need not exist yet): no output may be written
     * over them.
     */
    public static List<Path> ownFiles(String db) {
        Path base = h2Base(db);
        if (base == null) return List.of();
        List<Path> files = new ArrayList<>();
        for (String ext :
                new String[] {".mv.db", ".lock.db", ".trace.db", ".h2.db", ".mv.db.tempFile"})
            files.add(Path.of(base + ext));
        return files;
    }

    /**
     * A location some driver on the classpath takes (checked before a dry run too, which opens
     * nothing).
     */
    public static void checkLocation(String db) throws NoDatabaseException {
        String url = urlFor(db);
        if (isH2(url)) return; // bundled: no need to start every driver to know
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new NoDatabaseException(
                    "--db: no database driver takes "
                            + net.mptcpscan.io.Text.quote(db, 200)
                            + " (give an H2 file path, jdbc:h2:..., or jdbc:postgresql://host/db)");
        }
    }

    /**
     * This machine's name, stored with a running scan to tell a crashed one from one running
     * elsewhere.
     */
    public static String hostName() {
        String h = host;
        if (h != null) return h;
        // The kernel's name for this machine, as gethostname() gives it: InetAddress.getLocalHost()
        // returns the same name but first resolves it, which in a network namespace without DNS
        // (where scans run) waits for the resolver's timeouts, on every database open.
        try {
            h = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            h = "";
        }
        if (h.isEmpty()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "unknown";
            }
        }
        return host = h;
    }

    private static volatile String host;
}
