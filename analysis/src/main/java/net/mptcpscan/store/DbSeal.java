package net.mptcpscan.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What an H2 file looked like when the process that had it for writing closed it cleanly: its
 * inode, size, change time (which no tool can set back, unlike the modification time) and a hash of
 * its first and last pages, kept in the user's cache (~/.cache/mptcpscan/seals). An open finding
 * the file exactly so skips the integrity check (which reads every scan's rows: a third of a second
 * of a scan's start with a few scans, growing with every scan kept). Any change since, a crash
 * while it was open (the seal is removed on open), a copy, a move: the seal no longer matches and
 * the file is checked in full.
 */
final class DbSeal {
    private DbSeal() {}

    /** Bytes hashed at each end: H2's file headers at the start, its last chunk at the end. */
    static final int EDGE = 8192;

    /**
     * Where the seal of file is kept: in the user's cache, not beside the file (a database stays
     * one file to copy); named by a hash of the file's absolute path.
     */
    static Path sealOf(Path file) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache =
                xdg != null && !xdg.isEmpty()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        byte[] h = sha256().digest(file.toAbsolutePath().normalize().toString().getBytes(UTF_8));
        return cache.resolve("mptcpscan/seals").resolve(HexFormat.of().formatHex(h, 0, 16));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the file is exactly as its last writer closed it. */
    static boolean holds(Path file) {
        try {
            String want = Files.readString(sealOf(file), StandardCharsets.US_ASCII).strip();
            return want.equals(describe(file));
        } catch (IOException | RuntimeException e) {
            return false; // no seal, or unreadable: the full check
        }
    }

    /** Records the file as it is now: call after the database was closed cleanly. */
    static void write(Path file) {
        Path seal = sealOf(file), tmp = Path.of(seal + ".tmp");
        try {
            Files.createDirectories(seal.getParent());
            prune(seal.getParent());
            Files.writeString(tmp, describe(file) + "\n", StandardCharsets.US_ASCII);
            Files.move(
                    tmp, seal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            remove(file); // no seal: the next open checks the file in full, as it always did
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file is harmless
            }
        }
    }

    /** The file is being opened for writing: until a clean close, no seal vouches for it. */
    static void remove(Path file) {
        try {
            Files.deleteIfExists(sealOf(file));
        } catch (IOException ignored) {
            // an unremovable seal can only match the file as it was when it was written
        }
    }

    private static String describe(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,ctime");
        long size = (Long) a.get("size");
        java.nio.file.attribute.FileTime ctime = (java.nio.file.attribute.FileTime) a.get("ctime");
        MessageDigest sha = sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(size, 2L * EDGE));
            if (size <= 2L * EDGE) readFully(ch, b, 0);
            else {
                b.limit(EDGE);
                readFully(ch, b, 0);
                b.limit(2 * EDGE);
                readFully(ch, b, size - EDGE);
            }
            b.flip();
            sha.update(b);
        }
        return "mptcpscan-seal-1 "
                + file.toAbsolutePath().normalize()
                + " "
                + a.get("dev")
                + " "
                + a.get("ino")
                + " "
                + size
                + " "
                + ctime.toInstant()
                + " "
                + HexFormat.of().formatHex(sha.digest());
    }

    /** Seals kept at most before those of files that are gone are removed. */
    static final int KEEP = 256;

    /** Past KEEP seals, removes those whose file no longer exists (tests make many). */
    private static void prune(Path dir) throws IOException {
        java.util.List<Path> seals;
        try (var s = Files.list(dir)) {
            seals = s.toList();
        }
        if (seals.size() <= KEEP) return;
        for (Path p : seals) {
            try {
                String[] f = Files.readString(p, StandardCharsets.US_ASCII).split(" ");
                if (f.length < 2 || !Files.exists(Path.of(f[1]))) Files.deleteIfExists(p);
            } catch (IOException | RuntimeException e) {
                // another process pruning at the same time, or a file of no concern
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at);
            if (n < 0) throw new IOException("the file is shorter than it was");
            at += n;
        }
    }
}
