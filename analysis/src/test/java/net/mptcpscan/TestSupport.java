package net.mptcpscan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Paths and external tools the tests share. */
public final class TestSupport {
    private TestSupport() {}

    /** ../shared/captures beside the checkout (found by walking up from the working directory). */
    public static Path captures() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared").resolve("captures");
            if (Files.isDirectory(c)) return c;
            Path d = p.resolveSibling("shared").resolve("captures");
            if (Files.isDirectory(d)) return d;
        }
        throw new IllegalStateException("../shared/captures not found beside the checkout");
    }

    public static List<Path> captureFiles() throws IOException {
        try (var s = Files.list(captures())) {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }

    /**
     * Runs a tool and returns its stdout; the test is skipped (with why) when the tool is missing.
     */
    public static String run(String... cmd) throws IOException, InterruptedException {
        requireTool(cmd[0]);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = new byte[0];
        byte[] out = p.getInputStream().readAllBytes();
        err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(Arrays.toString(cmd) + " timed out");
        }
        if (p.exitValue() != 0)
            throw new IOException(
                    Arrays.toString(cmd)
                            + " exited "
                            + p.exitValue()
                            + ": "
                            + new String(err, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    public static void requireTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":"))
            if (Files.isExecutable(Path.of(dir, tool))) found = true;
        Assumptions.assumeTrue(
                found,
                tool
                        + " is not installed: scripts/test installs it (apt-get install tshark"
                        + " tcpdump); cross-check skipped");
    }

    /** Splits tcpdump -v output into one text block per packet. */
    public static List<String> tcpdumpPackets(String out) {
        List<String> packets = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : out.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                if (cur != null) packets.add(cur.toString());
                cur = new StringBuilder();
            }
            if (cur != null) cur.append(line).append('\n');
        }
        if (cur != null) packets.add(cur.toString());
        return packets;
    }
}
