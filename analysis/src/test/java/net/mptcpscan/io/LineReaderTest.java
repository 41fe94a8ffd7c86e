package net.mptcpscan.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Target and prefix files as people write them, and files that are not text at all. */
class LineReaderTest {
    @TempDir Path dir;

    static List<String> lines(Path f, boolean gz) {
        List<String> out = new ArrayList<>();
        try (LineReader r = LineReader.open("-I", f, gz)) {
            String l;
            while ((l = r.readLine()) != null) out.add(l);
        }
        return out;
    }

    @Test
    void windowsLineEndsAndNoFinalNewline() throws Exception {
        Path f = Files.writeString(dir.resolve("a.txt"), "198.18.0.1\r\n198.18.0.2\n\n198.18.0.3");
        assertEquals(List.of("198.18.0.1", "198.18.0.2", "", "198.18.0.3"), lines(f, false));
    }

    @Test
    void aLineAtTheLimitIsReadOneLongerIsRefusedWithItsNumber() throws Exception {
        Path ok =
                Files.writeString(
                        dir.resolve("ok.txt"), "a\n" + "x".repeat(LineReader.MAX_LINE) + "\n");
        assertEquals(LineReader.MAX_LINE, lines(ok, false).get(1).length());
        Path bad =
                Files.writeString(
                        dir.resolve("bad.txt"), "a\n" + "x".repeat(LineReader.MAX_LINE + 1) + "\n");
        InputFileException e = assertThrows(InputFileException.class, () -> lines(bad, false));
        assertTrue(
                e.getMessage().startsWith("-I: " + bad + ":2: line longer than"), e.getMessage());
    }

    /** Lines of every length from 0 to 199 (some with \r), so many that they cross buffer ends. */
    @Test
    void linesAcrossTheReadBufferComeBackWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        List<String> want = new ArrayList<>();
        java.util.Random r = new java.util.Random(5);
        while (text.length() < 3 * 65536) {
            StringBuilder l = new StringBuilder(); // letters in turn: a misplaced byte shows
            for (int i = r.nextInt(200); i > 0; i--)
                l.append((char) ('a' + (want.size() * 7 + i) % 26));
            want.add(l.toString());
            text.append(l).append(r.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        Path f = Files.writeString(dir.resolve("many.txt"), text);
        assertEquals(want, lines(f, false));
    }

    /** A file's content lines as readContentBytes gives them, turned into text. */
    static List<String> contentBytes(Path f) {
        List<String> out = new ArrayList<>();
        try (LineReader r = LineReader.open("-I", f, false)) {
            int n;
            while ((n = r.readContentBytes()) >= 0)
                out.add(
                        new String(
                                r.lineBytes(), 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    static List<String> contentLines(Path f) {
        List<String> out = new ArrayList<>();
        try (LineReader r = LineReader.open("-I", f, false)) {
            String l;
            while ((l = r.readContentLine()) != null) out.add(l);
        }
        return out;
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> contentFiles() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        "198.18.0.1\n198.18.0.2\n", List.of("198.18.0.1", "198.18.0.2")),
                org.junit.jupiter.params.provider.Arguments.of(
                        "# a comment\n\n   \n198.18.0.1 # the router\n", List.of("198.18.0.1")),
                org.junit.jupiter.params.provider.Arguments.of(
                        "  \t198.18.0.1\t \r\n\t2001:2::1,extra\n",
                        List.of("198.18.0.1", "2001:2::1,extra")),
                org.junit.jupiter.params.provider.Arguments.of(
                        "#\n##\n   #198.18.0.9\n", List.of()),
                org.junit.jupiter.params.provider.Arguments.of("198.18.0.1", List.of("198.18.0.1")),
                // control characters are blanks (String.trim's rule), a Latin-1 no-break space is
                // not
                org.junit.jupiter.params.provider.Arguments.of(
                        "\u000b198.18.0.3\u001f\n\u00a0198.18.0.4\n",
                        List.of("198.18.0.3", "\u00a0198.18.0.4")));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("contentFiles")
    void contentBytesAreTheContentLines(String text, List<String> content) throws Exception {
        Path f =
                Files.writeString(
                        dir.resolve("c.txt"), text, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(content, contentBytes(f));
        assertEquals(content, contentLines(f));
    }

    @Test
    void gzipIsReadAndACutGzipIsNamed() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            for (int i = 0; i < 50_000; i++)
                z.write(("1.0." + (i & 255) + ".0\t24\t" + i + "\n").getBytes());
        }
        Path whole = Files.write(dir.resolve("t.gz"), b.toByteArray());
        assertEquals(50_000, lines(whole, true).size());
        byte[] cut = java.util.Arrays.copyOf(b.toByteArray(), b.size() / 2);
        Path half = Files.write(dir.resolve("half.gz"), cut);
        InputFileException e = assertThrows(InputFileException.class, () -> lines(half, true));
        assertTrue(e.getMessage().contains("damaged or cut short"), e.getMessage());
    }
}
