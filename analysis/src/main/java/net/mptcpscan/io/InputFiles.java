package net.mptcpscan.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checks of a file an option names for reading, each failing with one line naming the option. */
public final class InputFiles {
    private InputFiles() {}

    public static void check(String option, Path file) throws InputFileException {
        String shown = Text.quote(file.toString());
        if (file.toString().isEmpty())
            throw new InputFileException(option + ": the file name is empty");
        if (!Files.exists(file)) throw new InputFileException(option + ": no such file: " + shown);
        if (Files.isDirectory(file))
            throw new InputFileException(option + ": " + shown + " is a directory, not a file");
        if (!Files.isReadable(file))
            throw new InputFileException(option + ": permission denied: " + shown);
    }

    /** An I/O error's cause in a few words. */
    public static String why(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : Text.printable(m);
    }
}
