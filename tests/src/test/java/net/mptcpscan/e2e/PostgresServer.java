package net.mptcpscan.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server (Debian's) for a test, run as the postgres user inside a testbed
 * namespace and listening only on an address of that namespace: scanners in other namespaces reach
 * it over the testbed's links, nothing outside can.
 */
final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final String bin;
    final String address;
    final int port;

    private PostgresServer(Path dir, String bin, String address, int port) {
        this.dir = dir;
        this.bin = bin;
        this.address = address;
        this.port = port;
    }

    /** JDBC URL of a database on it, for the trusted testbed network. */
    String url(String database) {
        return "jdbc:postgresql://" + address + ":" + port + "/" + database + "?user=mps";
    }

    static String[] asPostgres(String... cmd) {
        List<String> c =
                new ArrayList<>(
                        List.of(
                                "setpriv",
                                "--reuid=postgres",
                                "--regid=postgres",
                                "--init-groups"));
        c.addAll(List.of(cmd));
        return c.toArray(new String[0]);
    }

    /** Starts one in namespace ns on address:port, trusting the network the clients come from. */
    static PostgresServer start(String ns, String address, int port, String clients)
            throws Exception {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        Assumptions.assumeTrue(
                versions != null && versions.length > 0,
                "PostgreSQL server not installed (scripts/setup installs it): skipped");
        String bin = versions[versions.length - 1].toPath().resolve("bin").toString();
        Path dir = Files.createTempDirectory("mptcpscan-pg");
        Testbed.run(30, "chown", "postgres:postgres", dir.toString());
        Testbed.Result init =
                Testbed.run(
                        120,
                        asPostgres(
                                bin + "/initdb",
                                "-D",
                                dir.resolve("db").toString(),
                                "-A",
                                "trust",
                                "-U",
                                "mps"));
        if (init.code() != 0) throw new IllegalStateException("initdb failed: " + init.err());
        Files.writeString(
                dir.resolve("db/pg_hba.conf"),
                "host all all " + clients + " trust\n",
                java.nio.file.StandardOpenOption.APPEND);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(
                List.of(
                        asPostgres(
                                bin + "/pg_ctl",
                                "-D",
                                dir.resolve("db").toString(),
                                "-w",
                                "-l",
                                dir.resolve("log").toString(),
                                "-o",
                                "-c listen_addresses="
                                        + address
                                        + " -p "
                                        + port
                                        + " -k "
                                        + dir
                                        + " -c max_connections=100",
                                "start")));
        Testbed.Result r = Testbed.run(120, cmd.toArray(new String[0]));
        if (r.code() != 0)
            throw new IllegalStateException(
                    "PostgreSQL did not start: " + r.err() + r.out() + log(dir));
        return new PostgresServer(dir, bin, address, port);
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (Exception e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        Testbed.run(
                60,
                asPostgres(
                        bin + "/pg_ctl",
                        "-D",
                        dir.resolve("db").toString(),
                        "-m",
                        "immediate",
                        "stop"));
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
