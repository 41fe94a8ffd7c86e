package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.mptcpscan.cli.CliRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * zmap (Debian's 2.1.1) and mptcpscan side by side, as a zmap user would meet them: every flag zmap
 * lists is taken by `mptcpscan scan` with zmap's meaning or refused in one line saying why; zmap's
 * output fields exist here; and the same scan of the testbed by both gives the same rows in the
 * shared fields, the same stdout in default mode, zmap's -m keys with the same values and zmap's -u
 * columns. Plain SYNs (-M tcp_synscan) make the probes alike.
 */
class ZmapCompatibilityTest {
    static Path dir;
    static String gatewayMac;
    static final String[] DRY = {
        "scan",
        "-d",
        "-q",
        "-S",
        "198.18.0.2",
        "-G",
        "02:00:00:00:00:01",
        "-b",
        "/dev/null",
        "198.18.7.0/28"
    };

    /**
     * The zmap flags mptcpscan refuses, with its reason: a change here is a decision, not an
     * accident.
     */
    static final Set<String> REFUSED =
            Set.of(
                    "retries",
                    "vpn",
                    "probe-args",
                    "output-args",
                    "log-file",
                    "log-directory",
                    "cores",
                    "ignore-invalid-hosts");

    @org.junit.jupiter.api.AfterAll
    static void removeFolder() throws Exception {
        Testbed.deleteTree(dir);
    }

    @BeforeAll
    static void zmapIsHere() throws Exception {
        Assumptions.assumeTrue(
                Testbed.run(10, "sh", "-c", "command -v zmap").code() == 0,
                "zmap is not installed (scripts/test installs it): skipped");
        dir = Files.createTempDirectory("mptcpscan-zmapcompat");
        // zmap drops root for nobody before it opens -u: the folder must be writable by anyone, as
        // /tmp is.
        Files.setPosixFilePermissions(
                dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("allow.txt"), "198.18.7.0/28\n");
        Files.writeString(dir.resolve("zmap.conf"), "rate 100\n");
    }

    /** Every long option `zmap --help` lists. */
    static Stream<String> zmapFlags() throws Exception {
        String help = Testbed.run(30, "zmap", "--help").out();
        List<String> flags = new ArrayList<>();
        for (String line : help.split("\n")) {
            var m =
                    java.util.regex.Pattern.compile("^\\s+(-[a-zA-Z], )?--([a-z][a-z0-9-]*)")
                            .matcher(line);
            if (m.find()) flags.add(m.group(2));
        }
        assertTrue(flags.size() > 30, "zmap --help lists its options: " + help);
        return flags.stream();
    }

    /** What to give each zmap flag in a dry run (zmap's meaning; files made in dir). */
    static List<String> sample(String flag) {
        Map<String, List<String>> s = new HashMap<>();
        s.put("target-port", List.of("443"));
        s.put("output-file", List.of(dir.resolve("o.csv").toString()));
        s.put("blacklist-file", List.of("/dev/null"));
        s.put("whitelist-file", List.of(dir.resolve("allow.txt").toString()));
        s.put("rate", List.of("100"));
        s.put("bandwidth", List.of("1M"));
        s.put("max-targets", List.of("5"));
        s.put("max-runtime", List.of("1"));
        s.put("max-results", List.of("5"));
        s.put("probes", List.of("1"));
        s.put("cooldown-time", List.of("0"));
        s.put("seed", List.of("1"));
        s.put("shards", List.of("2", "--shard", "1", "-e", "1"));
        s.put("shard", List.of("0"));
        s.put("source-port", List.of("40000-40010"));
        s.put("source-ip", List.of("198.18.0.2"));
        s.put("gateway-mac", List.of("02:00:00:00:00:01"));
        s.put("source-mac", List.of("02:00:00:00:00:02"));
        s.put("interface", List.of("nosuch0"));
        s.put("probe-module", List.of("tcp_synscan"));
        s.put("output-fields", List.of("saddr,classification,success"));
        s.put("output-module", List.of("csv"));
        s.put("output-filter", List.of("success = 1 && repeat = 0"));
        s.put("verbosity", List.of("3"));
        s.put("metadata-file", List.of(dir.resolve("m.json").toString()));
        s.put("status-updates-file", List.of(dir.resolve("u.csv").toString()));
        s.put("notes", List.of("compatibility"));
        s.put("user-metadata", List.of("{\"a\":1}"));
        s.put("config", List.of(dir.resolve("zmap.conf").toString()));
        s.put("max-sendto-failures", List.of("5"));
        s.put("min-hitrate", List.of("0"));
        s.put("sender-threads", List.of("1"));
        s.put("retries", List.of("3"));
        s.put("probe-args", List.of("x"));
        s.put("output-args", List.of("x"));
        s.put("log-file", List.of(dir.resolve("log").toString()));
        s.put("log-directory", List.of(dir.toString()));
        s.put("cores", List.of("0"));
        return s.getOrDefault(flag, List.of());
    }

    @ParameterizedTest(name = "[{index}] --{0}")
    @MethodSource("zmapFlags")
    void everyZmapFlagIsTakenOrRefusedWithAReason(String flag) {
        List<String> a = new ArrayList<>(Arrays.asList(DRY));
        // The dry run's own options, when the flag is one of them, are given once: by the flag.
        String base =
                Map.of(
                                "dryrun",
                                "-d",
                                "source-ip",
                                "-S",
                                "gateway-mac",
                                "-G",
                                "quiet",
                                "-q",
                                "blacklist-file",
                                "-b")
                        .get(flag);
        if (base != null) {
            int i = a.indexOf(base);
            a.remove(i);
            if (!flag.equals("dryrun") && !flag.equals("quiet")) a.remove(i);
        }
        boolean info =
                Set.of(
                                "help",
                                "version",
                                "list-probe-modules",
                                "list-output-modules",
                                "list-output-fields")
                        .contains(flag);
        if (info) a = new ArrayList<>(List.of("scan"));
        a.add("--" + flag);
        a.addAll(sample(flag));
        CliRun r = CliRun.run(a.toArray(new String[0]));
        if (REFUSED.contains(flag)) {
            assertEquals(2, r.code(), r.err());
            assertTrue(
                    r.err()
                            .contains(
                                    "--"
                                            + flag
                                            + ": zmap's option is not supported by mptcpscan: "),
                    r.err());
            assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        } else {
            assertEquals(0, r.code(), "--" + flag + " " + sample(flag) + ": " + r.err());
            if (info) assertFalse(r.out().isBlank(), "--" + flag + " prints something");
        }
    }

    @Test
    void everyZmapOutputFieldIsAnOutputFieldHere() throws Exception {
        List<String> fields = new ArrayList<>();
        for (String line : Testbed.run(30, "zmap", "--list-output-fields").out().split("\n"))
            if (!line.isBlank()) fields.add(line.trim().split("\\s+")[0]);
        assertTrue(fields.size() >= 15, fields.toString());
        List<String> a = new ArrayList<>(Arrays.asList(DRY));
        a.addAll(List.of("-o", dir.resolve("f.csv").toString(), "-f", String.join(",", fields)));
        CliRun r = CliRun.run(a.toArray(new String[0]));
        assertEquals(0, r.code(), "zmap's fields " + fields + ": " + r.err());
    }

    // ---- the same scan by both, in the testbed ----

    /**
     * The fields whose values depend only on the target (window and the options answer the SYN's
     * own options, which differ: zmap's has none).
     */
    static final String PLAIN_FIELDS = "saddr,daddr,sport,ttl,classification,success,repeat";

    record Run(List<String> rows, List<String> stdout, JsonNode meta, String statusHeader) {}

    static int runs;

    static Run zmap(String port, boolean toFile) throws Exception {
        // New names each run: zmap, running as nobody by then, cannot open an -u file that root's
        // earlier run made.
        String n = "zmap-" + port + "-" + (++runs);
        Path o = dir.resolve(n + ".csv"), m = dir.resolve(n + ".json"), u = dir.resolve(n + ".u");
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "ip",
                                "netns",
                                "exec",
                                Testbed.SCAN_NS,
                                "zmap",
                                // A fixed seed: with some random ones zmap 2.1.1 aborts on a
                                // small target block (constraint.c:231 assertion), about 1 run in
                                // 10.
                                "-e",
                                "1",
                                "-i",
                                "scan0",
                                "-S",
                                "198.18.0.2",
                                "-G",
                                gatewayMac(),
                                "-p",
                                port,
                                "-b",
                                "/dev/null",
                                "-c",
                                "1",
                                "-T",
                                "1",
                                "-r",
                                "2000",
                                "-m",
                                m.toString(),
                                "-u",
                                u.toString()));
        if (toFile) a.addAll(List.of("-o", o.toString(), "-f", PLAIN_FIELDS));
        a.add("198.19.0.0/26");
        Testbed.Result r = Testbed.run(120, a.toArray(new String[0]));
        assertEquals(
                0,
                r.code(),
                "zmap: "
                        + r.err()
                                .lines()
                                .filter(l -> !l.contains("[INFO]") && !l.startsWith(" 0:"))
                                .toList());
        return new Run(
                toFile ? Files.readAllLines(o) : List.of(),
                r.out().lines().toList(),
                new ObjectMapper().readTree(m.toFile()),
                Files.readAllLines(u).get(0));
    }

    static Run mptcpscan(String port, boolean toFile) throws Exception {
        Path o = dir.resolve("mps-" + port + ".csv"),
                m = dir.resolve("mps-" + port + ".json"),
                u = dir.resolve("mps-" + port + ".u");
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "scan",
                                "--db",
                                dir.resolve("db").toString(),
                                "-i",
                                "scan0",
                                "-S",
                                "198.18.0.2",
                                "-G",
                                gatewayMac(),
                                "-p",
                                port,
                                "-b",
                                "/dev/null",
                                "-c",
                                "1",
                                "-T",
                                "1",
                                "-r",
                                "2000",
                                "-m",
                                m.toString(),
                                "-u",
                                u.toString(),
                                "-M",
                                "tcp_synscan",
                                "-q"));
        if (toFile)
            a.addAll(
                    List.of(
                            "-o",
                            o.toString(),
                            "-f",
                            PLAIN_FIELDS,
                            "--output-filter",
                            "success = 1 && repeat = 0 || success = 0 && repeat = 0"));
        a.add("198.19.0.0/26");
        Testbed.Result r = Testbed.mptcpscan(120, a.toArray(new String[0]));
        assertEquals(0, r.code(), "mptcpscan: " + r.err());
        return new Run(
                toFile ? Files.readAllLines(o) : List.of(),
                r.out().lines().toList(),
                new ObjectMapper().readTree(m.toFile()),
                Files.readAllLines(u).get(0));
    }

    static synchronized String gatewayMac() throws Exception {
        if (gatewayMac == null) {
            Testbed.require();
            gatewayMac =
                    Testbed.run(
                                    10,
                                    "ip",
                                    "netns",
                                    "exec",
                                    "mps-rtr",
                                    "cat",
                                    "/sys/class/net/rtr0/address")
                            .out()
                            .trim();
        }
        return gatewayMac;
    }

    /**
     * Rows by target, header kept apart; zmap writes only success = 1 && repeat = 0 unless told, so
     * both are asked for first replies.
     */
    static Map<String, String> bySaddr(List<String> rows) {
        Map<String, String> m = new TreeMap<>();
        for (String r : rows.subList(1, rows.size())) m.put(r.split(",")[0], r);
        return m;
    }

    @Test
    void openPortRowsAreTheSameInTheSharedFields() throws Exception {
        Run z = zmap("443", true), m = mptcpscan("443", true);
        assertEquals(z.rows().get(0), m.rows().get(0), "the same header for the same -f");
        assertEquals(64, bySaddr(z.rows()).size(), "zmap found the 64 hosts: " + z.rows());
        assertEquals(
                bySaddr(z.rows()),
                bySaddr(m.rows()),
                "saddr, daddr, sport, ttl, classification, success, repeat alike");
    }

    @Test
    void defaultModeStdoutIsTheSame() throws Exception {
        Run z = zmap("443", false), m = mptcpscan("443", false);
        assertEquals(64, z.stdout().size(), "zmap printed each host once");
        assertEquals(
                new TreeSet<>(z.stdout()),
                new TreeSet<>(m.stdout()),
                "the same addresses, one a line");
        assertEquals(z.stdout().size(), m.stdout().size(), "each once");
    }

    @Test
    void closedPortDefaultModePrintsNothingInEither() throws Exception {
        Run z = zmap("8443", false), m = mptcpscan("8443", false);
        assertEquals(List.of(), z.stdout());
        assertEquals(List.of(), m.stdout());
    }

    /**
     * zmap 2.1's keys that mean nothing here (zmap's internals or its syslog), left out on purpose.
     */
    static final Set<String> KEYS_NOT_HERE =
            Set.of(
                    "generator",
                    "first_scanned",
                    "use_seed",
                    "success_cooldown_total",
                    "success_cooldown_unique",
                    "whitelisted_networks",
                    "blacklisted_networks");

    @Test
    void metadataHasZmapsKeysWithZmapsValues() throws Exception {
        Run z = zmap("443", false), m = mptcpscan("443", false);
        List<String> missing = new ArrayList<>();
        z.meta()
                .fieldNames()
                .forEachRemaining(
                        k -> {
                            if (!m.meta().has(k) && !KEYS_NOT_HERE.contains(k)) missing.add(k);
                        });
        assertEquals(List.of(), missing, "zmap's -m keys missing here");
        for (String k :
                List.of(
                        "target_port",
                        "senders",
                        "shard_num",
                        "total_shards",
                        "cooldown_secs",
                        "source_ip_first",
                        "source_ip_last",
                        "source_port_first",
                        "source_port_last",
                        "success_total",
                        "success_unique",
                        "total_sent",
                        "hitrate",
                        "iface",
                        "gateway_mac",
                        "source_mac",
                        "dryrun",
                        "probe_module",
                        "output_module",
                        "blacklist_total_allowed",
                        "blacklist_total_not_allowed",
                        "max_runtime",
                        "pcap_drop",
                        "packet_streams")) {
            assertEquals(z.meta().get(k).asText(), m.meta().get(k).asText(), "-m " + k);
        }
    }

    @Test
    void statusFileHasZmapsColumns() throws Exception {
        Run z = zmap("443", false), m = mptcpscan("443", false);
        List<String> ours = Arrays.asList(m.statusHeader().split(","));
        List<String> missing = new ArrayList<>();
        for (String c : z.statusHeader().split(",")) if (!ours.contains(c)) missing.add(c);
        assertEquals(List.of(), missing, "zmap's -u columns missing from " + ours);
    }
}
