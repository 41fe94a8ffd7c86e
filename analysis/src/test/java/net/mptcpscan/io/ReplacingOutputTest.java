package net.mptcpscan.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export interrupted half-way leaves the file that was there before, and no litter. */
class ReplacingOutputTest {
    @TempDir Path dir;

    @Test
    void withoutCommitTheOldFileStaysWhole() throws Exception {
        Path f = Files.writeString(dir.resolve("export.csv"), "the good export\n");
        try (ReplacingOutput o = ReplacingOutput.open(f)) {
            o.write("half of a new one".getBytes(StandardCharsets.UTF_8));
            // a failure here: no commit
        }
        assertEquals("the good export\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "the temporary file is removed");
        }
    }

    @Test
    void commitReplacesTheFileWithItsMode() throws Exception {
        Path f = Files.writeString(dir.resolve("export.csv"), "old\n");
        Files.setPosixFilePermissions(
                f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        try (ReplacingOutput o = ReplacingOutput.open(f)) {
            o.write("new\n".getBytes(StandardCharsets.UTF_8));
            o.commit();
        }
        assertEquals("new\n", Files.readString(f));
        assertEquals(
                "rw-r-----",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f)));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aNewFileIsReadableByOthersAsUsual() throws Exception {
        Path f = dir.resolve("new.csv");
        ReplacingOutput.write(f, "x\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "rw-r--r--",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(f)));
    }

    @Test
    void devicesAreWrittenInPlace() throws Exception {
        try (ReplacingOutput o = ReplacingOutput.open(Path.of("/dev/null"))) {
            o.write(new byte[] {1, 2, 3});
            o.commit();
        }
        assertTrue(
                Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")),
                "/dev/null is still the device");
    }
}
