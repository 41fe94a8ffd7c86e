package net.mptcpscan.cli;

import net.mptcpscan.capture.CaptureFormatException;
import net.mptcpscan.io.Text;
import net.mptcpscan.scan.ScanException;
import net.mptcpscan.store.NoDatabaseException;

/** Maps what a command threw to the one line and exit code the user sees. */
final class Failure {
    private Failure() {}

    /** Longer messages are cut: one line on a terminal, whatever a file or argument held. */
    static final int MAX_MESSAGE = 600;

    static String message(Throwable e) {
        String m;
        if (e instanceof java.nio.file.NoSuchFileException n) m = "no such file: " + n.getFile();
        else if (e instanceof java.nio.file.AccessDeniedException a)
            m = "permission denied: " + a.getFile();
        else if (e instanceof java.io.IOException io
                && String.valueOf(io.getMessage()).contains("No space left"))
            m = "the disk is full: " + io.getMessage();
        else if (e instanceof OutOfMemoryError)
            m = "out of memory (raise the heap with MPTCPSCAN_JAVA_OPTS=-Xmx...)";
        else {
            m = e.getMessage();
            if (m == null || m.isBlank()) m = e.getClass().getSimpleName();
        }
        return oneLine(m);
    }

    /** Control characters escaped (no line breaks, no terminal escapes), cut to MAX_MESSAGE. */
    static String oneLine(String m) {
        String p = Text.printable(m);
        return p.length() > MAX_MESSAGE ? p.substring(0, MAX_MESSAGE) + "..." : p;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ScanException s) return s.exitCode;
        if (e instanceof IllegalArgumentException
                || e instanceof CaptureFormatException
                || e instanceof java.nio.file.NoSuchFileException
                || e instanceof NoDatabaseException) return 2;
        return 1;
    }
}
