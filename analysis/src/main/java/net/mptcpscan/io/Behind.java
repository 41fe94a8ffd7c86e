package net.mptcpscan.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One task at a time on a daemon thread of its own, one step behind its caller: the next task
 * starts once the last has ended, so the caller fills one buffer while the thread writes the other
 * (a Parquet row group encoded, a sorted run spilled). A task's failure (a full disk) is thrown by
 * the caller's next submit or await, as the IOException it was.
 */
public final class Behind implements AutoCloseable {
    /** A task that may fail with an IOException. */
    @FunctionalInterface
    public interface Task {
        void run() throws IOException;
    }

    private final String name;
    private ExecutorService thread;
    private Future<?> last;

    /** name: the thread's (made at the first task). */
    public Behind(String name) {
        this.name = name;
    }

    /** Waits for the last task, then starts this one. */
    public void submit(Task task) throws IOException {
        await();
        if (thread == null)
            thread =
                    Executors.newSingleThreadExecutor(
                            r -> {
                                Thread t = new Thread(r, name);
                                t.setDaemon(true);
                                return t;
                            });
        last =
                thread.submit(
                        () -> {
                            task.run();
                            return null;
                        });
    }

    /** Waits for the last task; its failure is thrown here. */
    public void await() throws IOException {
        Future<?> f = last;
        if (f == null) return;
        last = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable c =
                    e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(String.valueOf(c), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Lets the running task end (a minute at most), then the thread. */
    @Override
    public void close() {
        if (thread == null) return;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) thread.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
