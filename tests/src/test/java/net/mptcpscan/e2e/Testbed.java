package net.mptcpscan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The namespace testbed as the end-to-end tests use it: brought up once, driven only through the
 * project's scripts, every packet inside namespaces with no route to the host.
 */
final class Testbed {
    private Testbed() {}

    static final Path HOME =
            Path.of(System.getProperty("mptcpscan.home", "..")).toAbsolutePath().normalize();
    static final String SCAN_NS = "mps-scan";
    static final List<String> TARGETS =
            List.of(
                    "198.18.1.0/24",
                    "198.18.2.0/24",
                    "198.18.3.0/24",
                    "198.18.4.0/24",
                    "198.18.5.0/24",
                    "198.18.6.0/24",
                    "198.18.7.0/24",
                    // IPv6: small prefixes are walked like IPv4 blocks (256 addresses each)
                    "2001:2:0:1::/120",
                    "2001:2:0:5::/120",
                    "2001:2:0:6::/120");
    static final String PORTS = "443,80,8443,8081";
    static final Path BLOCKLIST = HOME.resolve("blocklists/testbed.conf");
    private static boolean up;

    record Result(int code, String out, String err) {}

    /** Skips (saying why) unless root; brings the testbed up once per JVM. */
    static synchronized void require() throws Exception {
        Assumptions.assumeTrue(
                isRoot(),
                "namespace tests need root (ip netns, raw sockets): run scripts/test as root;"
                        + " skipped");
        Assumptions.assumeTrue(
                Files.exists(Path.of("/proc/sys/net/mptcp/enabled")),
                "this kernel has no MPTCP; skipped");
        if (!up) {
            Result r = run(120, HOME.resolve("scripts/testbed").toString(), "up");
            if (r.code() != 0)
                throw new IllegalStateException("testbed up failed: " + r.err() + r.out());
            up = true;
        }
    }

    static boolean isRoot() {
        try {
            return "0"
                    .equals(
                            new String(
                                            new ProcessBuilder("id", "-u")
                                                    .start()
                                                    .getInputStream()
                                                    .readAllBytes())
                                    .trim());
        } catch (IOException e) {
            return false;
        }
    }

    static JsonNode manifest() throws IOException {
        return new ObjectMapper()
                .readTree(Path.of("/run/mptcpscan-testbed/manifest.json").toFile());
    }

    /** scripts/mptcpscan ARGS inside the scanner namespace. */
    static Result mptcpscan(int timeoutSeconds, String... args) throws Exception {
        return run(timeoutSeconds, inNamespace(SCAN_NS, args));
    }

    /** ip netns exec NS scripts/mptcpscan ARGS. */
    static String[] inNamespace(String ns, String... args) {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                ns,
                                HOME.resolve("scripts/mptcpscan").toString()));
        cmd.addAll(Arrays.asList(args));
        return cmd.toArray(new String[0]);
    }

    static Process start(Path stdout, Path stderr, String... cmd) throws IOException {
        return new ProcessBuilder(cmd)
                .directory(HOME.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    static Process startScan(Path dir, String... args) throws IOException {
        return start(dir.resolve("scan.out"), dir.resolve("scan.err"), inNamespace(SCAN_NS, args));
    }

    static Result run(int timeoutSeconds, String... cmd) throws Exception {
        Path out = Files.createTempFile("mps", ".out"), err = Files.createTempFile("mps", ".err");
        try {
            Process p =
                    new ProcessBuilder(cmd)
                            .directory(HOME.toFile())
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .redirectInput(
                                    ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                            .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", cmd)
                                + " did not finish in "
                                + timeoutSeconds
                                + " s: "
                                + Files.readString(err));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** tcpdump in a namespace, writing a pcap, until stopped; waits until it listens. */
    static Process capture(String ns, String iface, String filter, Path pcap) throws Exception {
        Path err = Files.createTempFile("tcpdump", ".err");
        Process p =
                new ProcessBuilder(
                                "ip",
                                "netns",
                                "exec",
                                ns,
                                "tcpdump",
                                "-i",
                                iface,
                                "-n",
                                "-U",
                                "-B",
                                "65536",
                                "-w",
                                pcap.toString(),
                                filter)
                        .redirectError(err.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            for (int i = 0; i < 100 && !Files.readString(err).contains("listening on"); i++)
                Thread.sleep(50);
            if (!Files.readString(err).contains("listening on"))
                throw new IllegalStateException("tcpdump did not start: " + Files.readString(err));
        } finally {
            Files.deleteIfExists(err); // tcpdump keeps writing to its open file, unnamed
        }
        return p;
    }

    /** Removes a test's folder and all in it (read-only files too), if it was made. */
    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                p.toFile().setWritable(true);
                                p.toFile().delete();
                            });
        }
    }

    static void stop(Process p) throws Exception {
        Thread.sleep(300); // let the last frames reach the file
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
    }

    static void signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start().waitFor();
    }

    /** Takes the scanner's only link down (its routes go with it). */
    static void scannerLinkDown() throws Exception {
        if (run(30, "ip", "-n", SCAN_NS, "link", "set", "scan0", "down").code() != 0)
            throw new IllegalStateException("ip link set scan0 down failed");
    }

    /**
     * Brings the scanner's link back with its route to the testbed router, as scripts/testbed made
     * it.
     */
    static void scannerLinkUp() throws Exception {
        run(30, "ip", "-n", SCAN_NS, "link", "set", "scan0", "up");
        Result r = run(30, "ip", "-n", SCAN_NS, "route", "replace", "default", "via", "198.18.0.1");
        if (r.code() != 0)
            throw new IllegalStateException("restoring the scanner's route failed: " + r.err());
        r = run(30, "ip", "-n", SCAN_NS, "-6", "route", "replace", "default", "via", "2001:2::1");
        if (r.code() != 0)
            throw new IllegalStateException(
                    "restoring the scanner's IPv6 route failed: " + r.err());
    }

    static String[] scanArgs(Path db, String... extra) {
        List<String> a =
                new ArrayList<>(List.of("scan", "--db", db.toString(), "-b", BLOCKLIST.toString()));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }
}
