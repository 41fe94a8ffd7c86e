package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/mptcpscan under pipefail: an ldconfig whose output is cut off by an early reader dies of
 * SIGPIPE; the wrapper must not turn that into exit 141 with no message. The fake ldconfig prints a
 * megabyte after the libpcap line, so a pipeline reader that stops at the match kills it every
 * time, not only under load.
 */
class WrapperScriptTest {
    @TempDir Path dir;

    @Test
    void survivesLdconfigDyingOfSigpipe() throws Exception {
        Path fake = dir.resolve("ldconfig");
        Files.writeString(
                fake,
                "#!/bin/bash\n"
                        + "echo '1 libs found in cache'\n"
                        + "echo '\tlibpcap.so.0.8 (libc6,x86-64) =>"
                        + " /usr/lib/x86_64-linux-gnu/libpcap.so.0.8'\n"
                        + "head -c 1000000 /dev/zero | tr '\\0' 'x' | fold -w 100\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb =
                new ProcessBuilder(
                                Testbed.HOME.resolve("scripts/mptcpscan").toString(), "--version")
                        .redirectErrorStream(true);
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "exit code; output: " + out);
        assertTrue(out.startsWith("mptcpscan "), out);
    }

    /** --version names the commit the jar was built from, so a result can be traced to its code. */
    @Test
    void versionNamesTheCommit() throws Exception {
        Process git =
                new ProcessBuilder(
                                "git",
                                "-C",
                                Testbed.HOME.toString(),
                                "rev-parse",
                                "--short",
                                "HEAD")
                        .start();
        String commit = new String(git.getInputStream().readAllBytes()).trim();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                git.waitFor() == 0 && !commit.isEmpty(),
                "not a git checkout: no commit to compare");
        Process p =
                new ProcessBuilder(
                                Testbed.HOME.resolve("scripts/mptcpscan").toString(), "--version")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(
                out.matches("mptcpscan \\S+ \\(commit " + commit + "\\)"),
                out + " names commit " + commit);
    }

    /**
     * scripts/setup installs the man pages and the completion it generates from the commands: what
     * is installed is what the code says.
     */
    @Test
    void installedManPagesAndCompletionMatchTheCommands() throws Exception {
        Path man = Path.of("/usr/local/share/man/man1/mptcpscan-scan.1"),
                completion = Path.of("/usr/share/bash-completion/completions/mptcpscan");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Testbed.isRoot(), "scripts/setup installs the docs only as root; skipped");
        assertTrue(
                Files.exists(man) && Files.exists(completion),
                "scripts/setup (run by scripts/test) installed them");
        Process p =
                new ProcessBuilder(
                                Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                                "docs",
                                dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        try (var pages = Files.list(dir)) {
            for (Path page : pages.filter(f -> f.toString().endsWith(".1")).toList()) {
                assertEquals(
                        Files.readString(page),
                        Files.readString(
                                Path.of("/usr/local/share/man/man1").resolve(page.getFileName())),
                        page.getFileName() + " as installed");
            }
        }
        assertEquals(
                Files.readString(dir.resolve("mptcpscan.bash")),
                Files.readString(completion),
                "the completion as installed");
    }
}
