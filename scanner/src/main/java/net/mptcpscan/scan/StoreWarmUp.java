package net.mptcpscan.scan;

/**
 * Loads the database engine's classes on a second core while the scan plans its targets and opens
 * its sockets: opening H2 cold takes about 0.3 s of class loading, felt as the time to the first
 * probe. Nothing is opened or created: a scan that stops on bad input leaves no database.
 */
final class StoreWarmUp {
    private StoreWarmUp() {}

    private static final String[] CLASSES = {
        "org.h2.Driver",
        "org.h2.engine.Database",
        "org.h2.engine.SessionLocal",
        "org.h2.mvstore.MVStore",
        "org.h2.mvstore.db.Store",
        "org.h2.command.Parser",
        "org.h2.jdbc.JdbcConnection",
        "org.h2.jdbc.JdbcPreparedStatement",
        "org.h2.table.Table",
        "org.h2.index.Index",
        "org.h2.result.LocalResult",
        "net.mptcpscan.store.JdbcResultStore",
    };

    static void start() {
        Thread t =
                new Thread(
                        () -> {
                            for (String c : CLASSES) {
                                try {
                                    Class.forName(c, true, StoreWarmUp.class.getClassLoader());
                                } catch (ClassNotFoundException | LinkageError ignored) {
                                    // only a warm-up: the real open reports what is missing
                                }
                            }
                        },
                        "mptcpscan-store-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
