package net.mptcpscan.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;

/**
 * Checks of a file an option names for writing, made before anything is written or stored: never
 * the results database's own files (however the path is spelled: relative, through links), never a
 * directory or a kernel file system (/proc, /sys), and a folder that exists. "-" is stdout and
 * always allowed.
 */
public final class OutputFiles {
    private OutputFiles() {}

    private static final Set<String> KERNEL_FILE_SYSTEMS =
            Set.of(
                    "proc",
                    "sysfs",
                    "debugfs",
                    "securityfs",
                    "tracefs",
                    "configfs",
                    "cgroup",
                    "cgroup2",
                    "bpf",
                    "pstore",
                    "efivarfs",
                    "fusectl",
                    "binfmt_misc");

    /**
     * The path as the kernel will see it: links resolved, relative made absolute; the file itself
     * need not exist.
     */
    public static Path resolve(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.exists(abs)) return abs.toRealPath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) return abs;
        Path name = abs.getFileName();
        // A dangling link is written through: resolve where it points.
        if (Files.isSymbolicLink(abs)) {
            Path target = Files.readSymbolicLink(abs);
            return resolve(parent.resolve(target));
        }
        return parent.toRealPath().resolve(name);
    }

    /**
     * Checks an output path; returns it resolved. {@code protectedFiles} are the database's files
     * (they need not exist yet: a lock or trace file appears later).
     */
    public static Path check(String option, String path, List<Path> protectedFiles)
            throws OutputFileException {
        if (path == null) return null;
        if (path.isEmpty()) throw new OutputFileException(option + ": the file name is empty");
        if (path.equals("-")) return null;
        String shown = Text.quote(path);
        Path real;
        try {
            real = resolve(Path.of(path));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new OutputFileException(option + ": cannot use " + shown + ": " + e.getMessage());
        }
        for (Path f : protectedFiles) {
            Path pf;
            try {
                pf = resolve(f);
            } catch (IOException e) {
                pf = f.toAbsolutePath().normalize();
            }
            if (pf.equals(real)) {
                throw new OutputFileException(
                        option
                                + ": "
                                + shown
                                + " is the results database's own file "
                                + Text.quote(f.getFileName().toString())
                                + ": writing there would destroy the stored scans; choose another"
                                + " file");
            }
        }
        Path parent = real.getParent();
        if (parent == null || !Files.isDirectory(parent))
            throw new OutputFileException(option + ": no such folder for " + shown);
        BasicFileAttributes attrs = null;
        try {
            attrs =
                    Files.readAttributes(
                            real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException absent) {
        }
        if (attrs != null && attrs.isDirectory())
            throw new OutputFileException(option + ": " + shown + " is a directory, not a file");
        try {
            String fs = Files.getFileStore(attrs != null ? real : parent).type();
            if (KERNEL_FILE_SYSTEMS.contains(fs))
                throw new OutputFileException(
                        option
                                + ": "
                                + shown
                                + " is on the kernel's "
                                + fs
                                + " file system, not a place for output");
        } catch (IOException ignored) {
        }
        if (attrs != null ? !Files.isWritable(real) : !Files.isWritable(parent))
            throw new OutputFileException(option + ": permission denied: " + shown);
        return real;
    }

    /**
     * True for a device, a FIFO or a socket (written in place: /dev/null, /dev/stdout, a named
     * pipe).
     */
    public static boolean isSpecial(Path real) {
        try {
            return Files.readAttributes(real, BasicFileAttributes.class).isOther();
        } catch (IOException e) {
            return false;
        }
    }
}
