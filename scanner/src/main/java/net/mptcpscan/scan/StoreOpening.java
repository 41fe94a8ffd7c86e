package net.mptcpscan.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.mptcpscan.store.DbLocation;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.StoreException;

/**
 * Opens the results database on a second thread while the scan resolves its link and opens its
 * sockets (about 0.1 s of a start: the file's check, the schema, the readers' server). A scan that
 * stops before it begins abandons the opening: a database file this run made is removed again, so
 * bad input still leaves no database behind.
 */
final class StoreOpening {
    private final CompletableFuture<JdbcResultStore> opening;

    /** The H2 file this opening makes (null: it existed already, or a server database). */
    private final Path made;

    private boolean taken;

    private StoreOpening(String db) {
        Path base = DbLocation.h2Base(db);
        Path file = base == null ? null : Path.of(base + ".mv.db");
        made = file != null && !Files.exists(file) ? file : null;
        opening = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                opening.complete(JdbcResultStore.open(db));
                            } catch (Throwable e) {
                                opening.completeExceptionally(e);
                            }
                        },
                        "mptcpscan-store-open");
        t.setDaemon(true);
        t.start();
    }

    static StoreOpening start(String db) {
        return new StoreOpening(db);
    }

    /** The open database, or the reason it did not open. */
    JdbcResultStore take() throws StoreException {
        taken = true;
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while opening the database", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException s) throw s;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new StoreException(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** The scan stopped before it began: close the database and remove a file made for it. */
    void abandon() {
        if (taken) return;
        taken = true;
        try {
            opening.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | RuntimeException e) {
            // it did not open: nothing to close
        }
        if (made == null) return;
        String base = made.toString().substring(0, made.toString().length() - ".mv.db".length());
        try {
            Files.deleteIfExists(made);
            Files.deleteIfExists(Path.of(base + ".trace.db"));
        } catch (IOException ignored) {
            // an empty database is left: harmless, and the next scan uses it
        }
    }
}
