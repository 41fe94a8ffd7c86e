package net.mptcpscan.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Lines of a text input file (target lists, allow/blocklists, prefix-to-AS tables) with a length
 * limit, so a file without newlines (/dev/zero, a binary, a 1 GB line) is refused with its name and
 * line number instead of filling the heap. Bytes are read as Latin-1: the formats are ASCII and
 * anything else fails in the parser, quoted with {@link Text}.
 */
public final class LineReader implements Closeable {
    /** Longer than any address, prefix or pfx2as line, short enough to never matter for memory. */
    public static final int MAX_LINE = 4096;

    private final InputStream in;
    private final String name;
    private final byte[] line = new byte[MAX_LINE];
    private final byte[] buf = new byte[1 << 16];
    private int pos, end;
    private int lineNo;

    private LineReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /**
     * Opens a file named by an option (null: messages name only the file); "-" is stdin. Missing
     * files, directories and unreadable files fail with one line naming the option and the file.
     */
    public static LineReader open(String option, Path file, boolean gzip)
            throws InputFileException {
        InputStream raw;
        if (file.toString().equals("-")) raw = System.in;
        else {
            InputFiles.check(option, file);
            try {
                raw = java.nio.file.Files.newInputStream(file);
            } catch (IOException e) {
                throw new InputFileException(
                        option
                                + ": cannot read "
                                + Text.quote(file.toString())
                                + ": "
                                + InputFiles.why(e));
            }
        }
        InputStream in = raw;
        if (gzip) {
            try {
                in = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
            } catch (ZipException | java.io.EOFException e) {
                close(raw);
                throw new InputFileException(
                        option
                                + ": "
                                + Text.quote(file.toString())
                                + " is not a gzip file (its name ends in .gz)");
            } catch (IOException e) {
                close(raw);
                throw new InputFileException(
                        option
                                + ": cannot read "
                                + Text.quote(file.toString())
                                + ": "
                                + InputFiles.why(e));
            }
        }
        return new LineReader(in, option == null ? file.toString() : option + ": " + file);
    }

    private static void close(InputStream s) {
        try {
            s.close();
        } catch (IOException ignored) {
        }
    }

    /** The number of the line last returned (1-based). */
    public int lineNumber() {
        return lineNo;
    }

    /** "OPTION: FILE:LINE", the prefix of a message about the current line. */
    public String where() {
        return Text.printable(name) + ":" + lineNo;
    }

    /**
     * The next line that says something, zmap's way: its # comment cut, blanks trimmed, empty lines
     * skipped; null at the end.
     */
    public String readContentLine() throws InputFileException {
        int n = readContentBytes();
        return n < 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * The next content line without a String: it is left in {@link #lineBytes()} from index 0;
     * returns its length, or -1 at the end. A list of ten million addresses is read without making
     * twenty million objects.
     */
    public int readContentBytes() throws InputFileException {
        int n;
        while ((n = fill()) >= 0) {
            for (int i = 0; i < n; i++)
                if (line[i] == '#') {
                    n = i;
                    break;
                }
            int from = 0; // String.trim's blanks: every character up to the space
            while (from < n && (line[from] & 0xFF) <= ' ') from++;
            while (n > from && (line[n - 1] & 0xFF) <= ' ') n--;
            if (n == from) continue;
            if (from > 0) System.arraycopy(line, from, line, 0, n - from);
            return n - from;
        }
        return -1;
    }

    /** The buffer readContentBytes fills (Latin-1 bytes), valid until the next read. */
    public byte[] lineBytes() {
        return line;
    }

    /** The next line without its end (\n or \r\n), or null at the end of the file. */
    public String readLine() throws InputFileException {
        int n = fill();
        return n < 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The next line into line[0, n) without its end; returns n, or -1 at the end of the file. */
    private int fill() throws InputFileException {
        int n = 0;
        try {
            while (true) {
                if (pos == end) {
                    end = in.read(buf, 0, buf.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        if (n == 0) return -1;
                        break; // the last line, without its newline
                    }
                }
                // The line's bytes in this buffer, found and copied in one go rather than byte by
                // byte: reading a hitlist of 10 million lines was a third its time in this loop.
                int nl = pos;
                while (nl < end && buf[nl] != '\n') nl++;
                int take = nl - pos;
                if (n + take > MAX_LINE) {
                    lineNo++;
                    throw new InputFileException(
                            where()
                                    + ": line longer than "
                                    + MAX_LINE
                                    + " bytes: not a text file of this kind");
                }
                System.arraycopy(buf, pos, line, n, take);
                n += take;
                if (nl < end) {
                    pos = nl + 1;
                    break;
                }
                pos = end;
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new InputFileException(
                    Text.printable(name)
                            + ": the compressed data is damaged or cut short after line "
                            + lineNo);
        } catch (IOException e) {
            throw new InputFileException(
                    Text.printable(name)
                            + ": read failed after line "
                            + lineNo
                            + ": "
                            + InputFiles.why(e));
        }
        lineNo++;
        if (n > 0 && line[n - 1] == '\r') n--;
        return n;
    }

    @Override
    public void close() {
        close(in);
    }
}
