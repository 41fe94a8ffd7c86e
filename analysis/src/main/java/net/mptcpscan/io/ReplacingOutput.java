package net.mptcpscan.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written whole or not at all: the bytes go to a temporary file beside the target, renamed
 * over it by {@link #commit()}. Closed without a commit (a failure, Ctrl-C) the temporary file is
 * removed and a file that was there before is untouched. Devices and pipes (/dev/null, /dev/stdout,
 * FIFOs) are written in place.
 */
public final class ReplacingOutput extends FilterOutputStream {
    private final Path target, temp;
    private boolean committed, closed;

    private ReplacingOutput(OutputStream out, Path target, Path temp) {
        super(out);
        this.target = target;
        this.temp = temp;
    }

    /** Creates the temporary file now, so a folder that cannot be written fails before any work. */
    public static ReplacingOutput open(Path target) throws IOException {
        if (OutputFiles.isSpecial(target))
            return new ReplacingOutput(
                    new BufferedOutputStream(Files.newOutputStream(target), 1 << 16), target, null);
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            // createTempFile makes an owner-only file: give it the old file's mode, or the usual
            // rw-r--r--.
            Files.setPosixFilePermissions(
                    temp,
                    Files.exists(target)
                            ? Files.getPosixFilePermissions(target)
                            : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException ignored) {
        }
        return new ReplacingOutput(
                new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), target, temp);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /** Finishes the file: flushed, synced and renamed over the target. */
    public void commit() throws IOException {
        if (closed) throw new IOException("already closed");
        out.flush();
        out.close();
        closed = true;
        if (temp != null)
            Files.move(
                    temp,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            out.close();
        } finally {
            if (!committed && temp != null) Files.deleteIfExists(temp);
        }
    }

    /** Writes a whole file at once through a temporary file. */
    public static void write(Path target, byte[] content) throws IOException {
        try (ReplacingOutput o = open(target)) {
            o.write(content);
            o.commit();
        }
    }
}
