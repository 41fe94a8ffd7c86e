package net.mptcpscan.cli;

import net.mptcpscan.capture.CaptureFormatException;
import net.mptcpscan.scan.ScanException;
import net.mptcpscan.store.StoreException;

/** Maps what a command threw to the one line and exit code the user sees. */
final class Failure {
    private Failure() {}

    static String message(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return "no such file: " + n.getFile();
        if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof java.io.IOException io && String.valueOf(io.getMessage()).contains("No space left")) return "the disk is full: " + io.getMessage();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ScanException s) return s.exitCode;
        if (e instanceof IllegalArgumentException || e instanceof CaptureFormatException || e instanceof java.nio.file.NoSuchFileException) return 2;
        if (e instanceof StoreException) return 1;
        return 1;
    }
}
