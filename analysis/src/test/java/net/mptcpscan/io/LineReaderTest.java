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
