package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.mptcpscan.TestSupport;
import net.mptcpscan.cli.CliRun;
import net.mptcpscan.scan.ScanRequest;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A careless user's table: bad values for every option of every command, replayed against a
 * database holding earlier scans. Each row must end in one line on stderr naming the option, exit
 * 2, no stack trace, nothing on stdout, no file created or changed beside the database, and every
 * stored row as it was (a checksum of the tables before and after). Runs without privileges: scans
 * are dry runs (-d) from a documentation address, so even a row that slipped through would send
 * nothing; everything else is offline.
 */
class BadInputTest {
    static Path dir, db, dbFile;
    static String checksum;
    static long interruptedScan;
    static final Map<String, Path> FILES = new LinkedHashMap<>();

    /** One row of the table: what it tries, what the error line must name, the command line. */
    record Row(String name, String mentions, boolean needsNonRoot, String[] args) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static synchronized void earlierScans() throws Exception {
        if (dir != null) return;
        dir = Files.createTempDirectory("mptcpscan-badinput");
        db = dir.resolve("scans/x");
        dbFile = Path.of(db + ".mv.db");
        List<Path> caps = TestSupport.captureFiles();
        for (Path cap : caps.subList(0, 3)) {
            CliRun r =
                    run(
                            "analyze",
                            "--db",
                            db.toString(),
                            "--pcap",
                            cap.toString(),
                            "--label",
                            "earlier " + cap.getFileName());
            assertEquals(0, r.code(), r.err());
        }
        // An interrupted live scan to --resume: its stored settings are a dry run of a
        // documentation block.
        ScanRequest cfg =
                new ScanRequest(
                        List.of("198.18.7.0/28"),
                        "443",
                        100,
                        null,
                        1,
                        7,
                        1,
                        0,
                        "0",
                        0,
                        0,
                        1,
                        null,
                        "198.18.0.2",
                        "32768-61000",
                        "02:00:00:00:00:01",
                        "/dev/null",
                        null,
                        null,
                        "1,0",
                        "earlier live",
                        null,
                        null,
                        true,
                        true,
                        11,
                        12,
                        null,
                        null,
                        0);
        try (ResultStore s = JdbcResultStore.open(db.toString())) {
            interruptedScan =
                    s.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            "earlier live", ScanSource.SCAN, 7, 0, 1, null, "test"),
                                    System.currentTimeMillis(),
                                    16,
                                    new ObjectMapper().writeValueAsString(cfg)));
            s.checkpoint(interruptedScan, new ScanCounts(16, 8, 2, 0, 0, 0), new long[] {4});
            s.finishScan(interruptedScan, ScanStatus.INTERRUPTED, null);
        }
        makeFiles();
        checksum = checksum();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Testbed.deleteTree(dir);
    }

    /** Input files of every wrong kind, made once. */
    static void makeFiles() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.createDirectories(dir.resolve("out"));
        FILES.put("a directory", Files.createDirectories(in.resolve("folder")));
        FILES.put("a missing file", in.resolve("missing.txt"));
        FILES.put("/dev/zero", Path.of("/dev/zero"));
        byte[] junk = new byte[1 << 16];
        new Random(9).nextBytes(junk);
        FILES.put("binary junk", Files.write(in.resolve("junk.bin"), junk));
        Path huge = in.resolve("one-gigabyte-line.txt");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30);
        } // sparse: no disk used
        FILES.put("a 1 GB line", huge);
        FILES.put("the database's own file", dbFile);
        Path unreadable = Files.writeString(in.resolve("unreadable.txt"), "198.18.7.1\n");
        unreadable.toFile().setReadable(false, false);
        FILES.put("an unreadable file", unreadable);
        FILES.put(
                "a bad line",
                Files.writeString(
                        in.resolve("badline.txt"),
                        "198.18.7.1\n198.18.7.0/24 # fine\nnot-an-address\n"));
        FILES.put(
                "terminal escapes",
                Files.writeString(in.resolve("escapes.txt"), "\u001b]0;pwned\u0007\u001b[2J\n"));
        FILES.put(
                "a prefix too long",
                Files.writeString(in.resolve("prefix33.txt"), "198.18.7.0/33\n"));
        FILES.put("an empty file", Files.writeString(in.resolve("empty.txt"), ""));
        Files.createSymbolicLink(dir.resolve("out/link-to-db.csv"), dbFile);
    }

    static String s(Path p) {
        return p.toString();
    }

    /** Output paths that must be refused. */
    static Map<String, String> badOutputs() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("empty", "");
        m.put("a directory", s(dir.resolve("out")));
        m.put("a missing folder", s(dir.resolve("nofolder/x.out")));
        m.put("/proc/version", "/proc/version");
        m.put("the database file", s(dbFile));
        m.put("the database's lock file", db + ".lock.db");
        m.put("the database's trace file", db + ".trace.db");
        m.put("a link to the database", s(dir.resolve("out/link-to-db.csv")));
        m.put(
                "a relative path to the database",
                s(Path.of("").toAbsolutePath().relativize(dbFile)));
        m.put("the database via ..", s(dir.resolve("out/../scans/x.mv.db")));
        return m;
    }

    static Map<String, String> badInputFiles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("empty name", "");
        for (String k :
                List.of(
                        "a directory",
                        "a missing file",
                        "/dev/zero",
                        "binary junk",
                        "a 1 GB line",
                        "the database's own file",
                        "an unreadable file",
                        "a bad line",
                        "terminal escapes",
                        "a prefix too long")) {
            m.put(k, s(FILES.get(k)));
        }
        return m;
    }

    static final List<String> BAD_SCAN_REFS =
            List.of(
                    "abc",
                    "-1",
                    "1e3",
                    "",
                    "99999999999999999999",
                    "latest ",
                    "0",
                    " 1",
                    "1.0",
                    "0x1",
                    "LATEST!");

    static final String[] SCAN_BASE = {
        "-d", "-q", "-S", "198.18.0.2", "-G", "02:00:00:00:00:01", "-b", "/dev/null", "-e", "1"
    };

    /** A dry-run scan line with one option replaced (or added). */
    static String[] scan(Map<String, String> replace, boolean withTarget) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < SCAN_BASE.length; i++) {
            if (SCAN_BASE[i].equals("-d") || SCAN_BASE[i].equals("-q")) o.put(SCAN_BASE[i], null);
            else o.put(SCAN_BASE[i], SCAN_BASE[++i]);
        }
        o.put("--db", s(db));
        o.putAll(replace);
        List<String> a = new ArrayList<>(List.of("scan"));
        o.forEach(
                (k, v) -> {
                    a.add(k);
                    if (v != null) a.add(v);
                });
        if (withTarget) a.add("198.18.7.0/28");
        return a.toArray(new String[0]);
    }

    static String[] args(String... a) {
        return a;
    }

    static void add(List<Row> rows, String name, String mentions, String... args) {
        rows.add(new Row(name, mentions, false, args));
    }

    static List<Row> rows() throws IOException {
        if (dir == null) earlierScansUnchecked();
        List<Row> rows = new ArrayList<>();
        String d = s(db);

        // scan: numbers outside their documented ranges, wrong types, empty values.
        Map<String, List<String>> numbers = new LinkedHashMap<>();
        numbers.put(
                "-r",
                List.of(
                        "",
                        "-1",
                        "-0.5",
                        "NaN",
                        "Infinity",
                        "-Infinity",
                        "1e308",
                        "1e400",
                        "abc",
                        "100000001",
                        "1,000"));
        numbers.put(
                "-B",
                List.of(
                        "",
                        "-1M",
                        "0",
                        "NaN",
                        "Infinity",
                        "1e400",
                        "fast",
                        "10X",
                        "2000G",
                        "1e13",
                        "0x10M"));
        numbers.put("-P", List.of("", "0", "-1", "256", "128", "abc", "1.5", "99999999999"));
        numbers.put("-e", List.of("", "abc", "1.5", "99999999999999999999", "NaN"));
        numbers.put("--shards", List.of("", "0", "-1", "65536", "abc", "1.5"));
        numbers.put("--shard", List.of("", "-1", "1", "abc", "1.5"));
        numbers.put(
                "-n",
                List.of(
                        "", "-5", "-1", "abc", "1.5", "101%", "10%%",
                        "%")); // above the search space is "all", as in zmap
        numbers.put("--probe-ttl", List.of("", "0", "256", "-1", "abc"));
        numbers.put("-N", List.of("", "-1", "abc", "1.5"));
        numbers.put("--source-mac", List.of("", "zz:zz:zz:zz:zz:zz", "01:02:03"));
        numbers.put("-t", List.of("", "-1", "-0.5", "NaN", "Infinity", "1e400", "abc", "1e12"));
        numbers.put("-c", List.of("", "-1", "NaN", "Infinity", "1e400", "abc", "86401"));
        numbers.put("-T", List.of("", "0", "-1", "65", "abc", "NaN", "1.5"));
        numbers.put(
                "-p",
                List.of(
                        "", "0", "65536", "-1", "abc", "80-", "443-80", "1e3", ",", "0-10",
                        "http"));
        numbers.put("-s", List.of("", "0", "0-10", "9-1", "70000", "abc", "40000", "1-"));
        numbers.put(
                "-S",
                List.of(
                        "",
                        "abc",
                        "300.1.1.1",
                        "1.2.3",
                        "1.2.3.4.5",
                        "\u001b[2J",
                        "198.18.0.5-198.18.0.2",
                        "198.18.0.0/15",
                        "198.18.0.2,"));
        numbers.put(
                "-G",
                List.of(
                        "",
                        "0102.0304.0506",
                        "zz:zz:zz:zz:zz:zz",
                        "01:02:03",
                        "01:02:03:04:05:06:07",
                        "100:00:00:00:00:00",
                        "01:02:03:04:05:0g"));
        numbers.put("-i", List.of("", "   ", "a/b", "averyveryverylongname0", "eth0\n"));
        numbers.put("--mptcp-versions", List.of("", "2", "1,2", "v1", ",", "none,x"));
        numbers.put("--label", List.of("", "   ", "\u001b]0;pwned\u0007", "a\nb", "x".repeat(300)));
        numbers.put(
                "--vantage",
                List.of("", "   ", "\u001b]52;c;cHduZWQ=\u0007", "a\rb", "y".repeat(300)));
        numbers.put("-O", List.of("", "xml", "csv2", "parquet!"));
        numbers.put("-f", List.of("", "nonsense", "saddr,nonsense", ",", "versions"));
        numbers.put("--db", List.of("", "jdbc:nonsense:x"));
        numbers.put("--user-metadata", List.of("", "[1]", "{", "nope", "\"text\""));
        numbers.put("--max-drop-rate", List.of("", "-0.1", "1.5", "NaN", "abc"));
        numbers.put("--pcap-buffer", List.of("", "0", "-1", "5000", "abc"));
        numbers.put("--min-hitrate", List.of("", "-1", "101", "NaN", "abc"));
        numbers.put(
                "--output-filter",
                List.of(
                        "sucess = 1",
                        "success =",
                        "saddr > 1",
                        "success = 1 &&",
                        "(repeat = 0",
                        "ttl = \"x"));
        numbers.put(
                "--max-sendto-failures", List.of("", "-2", "1.5", "abc", "99999999999999999999"));
        numbers.put("--handshake-rate", List.of("", "0", "-1", "abc", "2000000"));
        numbers.put("--handshake-window", List.of("", "0", "-1", "abc", "61", "NaN"));
        Map<String, String> longNames =
                Map.ofEntries(
                        Map.entry("-r", "--rate"),
                        Map.entry("-B", "--bandwidth"),
                        Map.entry("-P", "--probes"),
                        Map.entry("-e", "--seed"),
                        Map.entry("-n", "--max-targets"),
                        Map.entry("-N", "--max-results"),
                        Map.entry("-t", "--max-runtime"),
                        Map.entry("-c", "--cooldown-time"),
                        Map.entry("-T", "--sender-threads"),
                        Map.entry("-p", "--target-ports"),
                        Map.entry("-s", "--source-port"),
                        Map.entry("-S", "--source-ip"),
                        Map.entry("-G", "--gateway-mac"),
                        Map.entry("-i", "--interface"),
                        Map.entry("-O", "--output-module"),
                        Map.entry("-f", "--output-fields"));
        for (var e : numbers.entrySet()) {
            String opt = e.getKey(), mention = longNames.getOrDefault(opt, opt);
            for (String v : e.getValue()) {
                Map<String, String> r = new LinkedHashMap<>();
                r.put(opt, v);
                if (opt.equals("--shard")) r.put("--shards", "1");
                add(rows, "scan " + opt + " " + show(v), mention, scan(r, true));
            }
        }
        add(
                rows,
                "scan --shards 2 --shard 2",
                "--shard",
                scan(Map.of("--shards", "2", "--shard", "2"), true));
        add(
                rows,
                "scan --shards 2 without a seed",
                "--shards",
                without(scan(Map.of("--shards", "2"), true), "-e"));
        add(rows, "scan -P 200 with two versions", "--probes", scan(Map.of("-P", "200"), true));
        // Targets on the command line.
        for (String t :
                List.of(
                        "",
                        "300.1.1.1",
                        "198.18.0.0/33",
                        "198.18.0.0/-1",
                        "abc",
                        "198.18.0.0/24/1",
                        "1.2.3",
                        "\u001b[2J",
                        "1.2.3.4\n5.6.7.8",
                        "9".repeat(100_000),
                        "198.18.7.1-198.18.7.9")) {
            List<String> a = new ArrayList<>(Arrays.asList(scan(Map.of(), false)));
            a.add(t);
            add(rows, "scan TARGET " + show(t), "TARGET", a.toArray(new String[0]));
        }
        add(rows, "scan with no target", "TARGET", scan(Map.of(), false));
        add(
                rows,
                "scan TARGET blocked by the default blocklist",
                "TARGET",
                without(scan(Map.of(), true), "-b"));
        // Input files.
        for (String opt : List.of("-b", "-w", "-I", "-C")) {
            String mention =
                    Map.of(
                                    "-b",
                                    "--blocklist-file",
                                    "-w",
                                    "--allowlist-file",
                                    "-I",
                                    "--list-of-ips-file",
                                    "-C",
                                    "--config")
                            .get(opt);
            for (var f : badInputFiles().entrySet()) {
                rows.add(
                        new Row(
                                "scan " + opt + " " + f.getKey(),
                                mention,
                                f.getKey().equals("an unreadable file"),
                                scan(Map.of(opt, f.getValue()), !opt.equals("-I"))));
            }
        }
        add(
                rows,
                "scan -I an empty file",
                "--list-of-ips-file",
                scan(Map.of("-I", s(FILES.get("an empty file"))), false));
        add(
                rows,
                "scan -w an empty file",
                "--allowlist-file",
                scan(Map.of("-w", s(FILES.get("an empty file"))), false));
        // Outputs.
        for (String opt : List.of("-o", "-m", "-u", "--pcap-out")) {
            String mention =
                    Map.of(
                                    "-o",
                                    "--output-file",
                                    "-m",
                                    "--metadata-file",
                                    "-u",
                                    "--status-updates-file",
                                    "--pcap-out",
                                    "--pcap-out")
                            .get(opt);
            for (var o : badOutputs().entrySet())
                add(
                        rows,
                        "scan " + opt + " " + o.getKey(),
                        mention,
                        scan(Map.of(opt, o.getValue()), true));
        }
        add(rows, "scan --pcap-out to stdout", "--pcap-out", scan(Map.of("--pcap-out", "-"), true));
        add(
                rows,
                "scan -o and -m to one file",
                "--metadata-file",
                scan(
                        Map.of("-o", s(dir.resolve("out/same")), "-m", s(dir.resolve("out/same"))),
                        true));
        add(rows, "scan -o and -m both to stdout", "-m", scan(Map.of("-o", "-", "-m", "-"), true));
        // --resume: bad names, scans that cannot resume, and a good scan with a bad output.
        for (String ref : BAD_SCAN_REFS)
            add(
                    rows,
                    "scan --resume " + show(ref),
                    "--resume",
                    args("scan", "-d", "-q", "--db", d, "--resume=" + ref));
        add(
                rows,
                "scan --resume of a scan that is not there",
                "--resume",
                args("scan", "-d", "-q", "--db", d, "--resume", "999"));
        add(
                rows,
                "scan --resume of a capture",
                "--resume",
                args("scan", "-d", "-q", "--db", d, "--resume", "1"));
        add(
                rows,
                "scan --resume with a database that is not there",
                "--db",
                args("scan", "-d", "-q", "--db", s(dir.resolve("none/db")), "--resume"));
        add(
                rows,
                "scan --resume with -o the database file",
                "--output-file",
                args("scan", "-d", "-q", "--db", d, "--resume", "-o", s(dbFile)));
        add(
                rows,
                "scan --resume with -m in a missing folder",
                "--metadata-file",
                args(
                        "scan",
                        "-d",
                        "-q",
                        "--db",
                        d,
                        "--resume",
                        "-m",
                        s(dir.resolve("nofolder/m.json"))));
        add(
                rows,
                "scan --resume with -u a directory",
                "--status-updates-file",
                args("scan", "-d", "-q", "--db", d, "--resume", "-u", s(dir)));
        // Options without their value, unknown options.
        for (String opt : List.of("-r", "-p", "-o", "-b", "--db", "--label", "-e", "-I")) {
            List<String> a = new ArrayList<>(Arrays.asList(scan(Map.of(), true)));
            a.add(opt);
            add(
                    rows,
                    "scan " + opt + " without its value",
                    longNames.getOrDefault(
                            opt,
                            Map.of(
                                            "-o",
                                            "--output-file",
                                            "-b",
                                            "--blocklist-file",
                                            "-I",
                                            "--list-of-ips-file")
                                    .getOrDefault(opt, opt)),
                    a.toArray(new String[0]));
        }
        add(rows, "scan --bogus", "--bogus", scan(Map.of("--bogus", "1"), true));
        for (String flag : List.of("--dryrun=maybe", "--quiet=2", "--no-qdisc-bypass=x")) {
            List<String> a = new ArrayList<>(Arrays.asList(scan(Map.of(), true)));
            a.add(flag);
            add(
                    rows,
                    "scan " + flag,
                    flag.substring(0, flag.indexOf('=')),
                    a.toArray(new String[0]));
        }

        // export
        for (String ref : BAD_SCAN_REFS)
            add(
                    rows,
                    "export --scan " + show(ref),
                    "--scan",
                    args("export", "--db", d, "--scan=" + ref));
        add(
                rows,
                "export --scan of a scan that is not there",
                "--scan",
                args("export", "--db", d, "--scan", "999"));
        for (String f : List.of("", "xml", "parquet", "CSV ", "json\n"))
            add(
                    rows,
                    "export --format " + show(f),
                    "--format",
                    args("export", "--db", d, "--format", f));
        for (var o : badOutputs().entrySet())
            add(
                    rows,
                    "export -o " + o.getKey(),
                    "--output",
                    args("export", "--db", d, "-o", o.getValue()));
        for (String v : List.of("", "all", "target", "Targets"))
            add(rows, "export --view " + show(v), "--view", args("export", "--db", d, "--view", v));
        for (String f : List.of("", "nonsense", "saddr,nonsense", ",", "timestamp"))
            add(
                    rows,
                    "export --fields " + show(f),
                    "--fields",
                    args("export", "--db", d, "--fields", f));
        for (String c : List.of("", "bogus", "mptcp,bogus", "MPTCPX", "\u001b[2J"))
            add(
                    rows,
                    "export --class " + show(c),
                    "--class",
                    args("export", "--db", d, "--class", c));
        add(rows, "export --db empty", "--db", args("export", "--db", ""));
        add(
                rows,
                "export --db where there is none",
                "--db",
                args("export", "--db", s(dir.resolve("none/db"))));
        add(rows, "export --db with no driver", "--db", args("export", "--db", "jdbc:nonsense:x"));
        add(rows, "export --bogus", "--bogus", args("export", "--db", d, "--bogus"));
        add(rows, "export -o without its value", "--output", args("export", "--db", d, "-o"));

        // report
        for (String ref : BAD_SCAN_REFS)
            add(
                    rows,
                    "report --scan " + show(ref),
                    "--scan",
                    args("report", "--db", d, "--scan=" + ref));
        add(
                rows,
                "report --scan of a scan that is not there",
                "--scan",
                args("report", "--db", d, "--scan", "999"));
        for (var f : pfx2asFiles().entrySet()) {
            rows.add(
                    new Row(
                            "report --pfx2as " + f.getKey(),
                            "--pfx2as",
                            f.getKey().equals("an unreadable file"),
                            args("report", "--db", d, "--pfx2as", f.getValue())));
        }
        for (String f : List.of("", "xml", "JSON ", "csv"))
            add(
                    rows,
                    "report --format " + show(f),
                    "--format",
                    args("report", "--db", d, "--format", f));
        add(rows, "report --db empty", "--db", args("report", "--db", ""));
        add(
                rows,
                "report --db where there is none",
                "--db",
                args("report", "--db", s(dir.resolve("none/db"))));
        add(rows, "report --bogus", "--bogus", args("report", "--db", d, "--bogus"));

        // compare
        for (String ref : BAD_SCAN_REFS) {
            if (!ref.startsWith("-")) {
                add(rows, "compare OLD " + show(ref), "OLD", args("compare", "--db", d, ref, "2"));
                add(rows, "compare NEW " + show(ref), "NEW", args("compare", "--db", d, "1", ref));
            }
        }
        add(rows, "compare OLD that is not there", "OLD", args("compare", "--db", d, "999", "2"));
        add(rows, "compare NEW that is not there", "NEW", args("compare", "--db", d, "1", "999"));
        add(rows, "compare without NEW", "NEW", args("compare", "--db", d, "1"));
        for (String l : List.of("", "-1", "abc", "2000000", "1.5"))
            add(
                    rows,
                    "compare --list " + show(l),
                    "--list",
                    args("compare", "--db", d, "--list", l, "1", "2"));
        for (var f : pfx2asFiles().entrySet()) {
            rows.add(
                    new Row(
                            "compare --pfx2as " + f.getKey(),
                            "--pfx2as",
                            f.getKey().equals("an unreadable file"),
                            args("compare", "--db", d, "--pfx2as", f.getValue(), "1", "2")));
        }
        for (String f : List.of("", "yaml"))
            add(
                    rows,
                    "compare --format " + show(f),
                    "--format",
                    args("compare", "--db", d, "--format", f, "1", "2"));
        add(
                rows,
                "compare --db where there is none",
                "--db",
                args("compare", "--db", s(dir.resolve("none/db")), "1", "2"));

        for (var o : badOutputs().entrySet())
            add(
                    rows,
                    "report --html " + o.getKey(),
                    "--html",
                    args("report", "--db", d, "--html", o.getValue()));

        // trend
        for (var o : badOutputs().entrySet())
            add(
                    rows,
                    "trend --chart " + o.getKey(),
                    "--chart",
                    args("trend", "--db", d, "--chart", o.getValue()));
        for (String f : List.of("", "svg"))
            add(
                    rows,
                    "trend --format " + show(f),
                    "--format",
                    args("trend", "--db", d, "--format", f));
        add(rows, "trend --label empty", "--label", args("trend", "--db", d, "--label", ""));
        add(
                rows,
                "trend --db where there is none",
                "--db",
                args("trend", "--db", s(dir.resolve("none/db"))));
        add(rows, "trend --db empty", "--db", args("trend", "--db", ""));

        // scans
        for (String f : List.of("", "xml", "text "))
            add(
                    rows,
                    "scans --format " + show(f),
                    "--format",
                    args("scans", "--db", d, "--format", f));
        add(
                rows,
                "scans --db where there is none",
                "--db",
                args("scans", "--db", s(dir.resolve("none/db"))));
        add(rows, "scans --db with no driver", "--db", args("scans", "--db", "jdbc:nonsense:x"));
        add(rows, "scans --db empty", "--db", args("scans", "--db", ""));
        add(rows, "scans an extra argument", "extra", args("scans", "--db", d, "extra"));

        // analyze
        for (var f : badInputFiles().entrySet()) {
            if (f.getKey().equals("a bad line") || f.getKey().equals("a prefix too long")) continue;
            rows.add(
                    new Row(
                            "analyze --pcap " + f.getKey(),
                            "--pcap",
                            f.getKey().equals("an unreadable file"),
                            args("analyze", "--db", d, "--pcap", f.getValue())));
        }
        add(
                rows,
                "analyze --pcap a truncated capture",
                "--pcap",
                args("analyze", "--db", d, "--pcap", s(truncatedCapture())));
        String good = s(TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap"));
        for (String l : List.of("", "   ", "\u001b]0;pwned\u0007", "a\nb", "z".repeat(300)))
            add(
                    rows,
                    "analyze --label " + show(l),
                    "--label",
                    args("analyze", "--db", d, "--pcap", good, "--label", l));
        add(rows, "analyze --db empty", "--db", args("analyze", "--db", "", "--pcap", good));
        add(
                rows,
                "analyze --db with no driver",
                "--db",
                args("analyze", "--db", "jdbc:nonsense:x", "--pcap", good));
        add(rows, "analyze without --pcap", "--pcap", args("analyze", "--db", d));

        // The command itself.
        add(rows, "no command", "command", args());
        add(rows, "an unknown command", "nonsense", args("nonsense"));
        add(rows, "a mistyped command", "scna", args("scna", "--db", d));
        add(rows, "a command in capitals", "SCAN", args("SCAN"));
        add(rows, "an unknown top-level option", "--bogus", args("--bogus"));
        return rows;
    }

    static String[] without(String[] a, String opt) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(opt)) {
                i++;
                continue;
            }
            out.add(a[i]);
        }
        return out.toArray(new String[0]);
    }

    static Map<String, String> pfx2asFiles() throws IOException {
        Map<String, String> m = badInputFiles();
        Path in = dir.resolve("in");
        m.put("a line without an AS", s(write(in.resolve("p1.txt"), "1.0.0.0\t24\n")));
        m.put("a prefix length of 40", s(write(in.resolve("p2.txt"), "1.0.0.0\t40\t13335\n")));
        m.put(
                "an AS that is not a number",
                s(write(in.resolve("p3.txt"), "1.0.0.0\t24\tAS13335\n")));
        m.put("a bad prefix", s(write(in.resolve("p4.txt"), "1.0.0.256\t24\t13335\n")));
        m.put("no prefixes", s(write(in.resolve("p5.txt"), "# nothing\n")));
        m.put(
                "a .gz that is not gzip",
                s(write(in.resolve("p6.pfx2as.gz"), "1.0.0.0\t24\t13335\n")));
        Path gz = in.resolve("p7.pfx2as.gz");
        if (!Files.exists(gz)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(b)) {
                StringBuilder t = new StringBuilder();
                for (int i = 0; i < 20000; i++)
                    t.append(i >> 8 & 255)
                            .append('.')
                            .append(i & 255)
                            .append(".0.0\t16\t")
                            .append(i)
                            .append('\n');
                z.write(t.toString().getBytes(StandardCharsets.US_ASCII));
            }
            byte[] all = b.toByteArray();
            Files.write(gz, Arrays.copyOf(all, all.length / 2));
        }
        m.put("a truncated .gz", s(gz));
        return m;
    }

    static Path write(Path p, String text) throws IOException {
        return Files.exists(p) ? p : Files.writeString(p, text);
    }

    static Path truncatedCapture() throws IOException {
        Path p = dir.resolve("in/truncated.pcap");
        if (!Files.exists(p)) {
            byte[] all =
                    Files.readAllBytes(TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap"));
            Files.write(
                    p,
                    Arrays.copyOf(
                            all,
                            24 + 16 + 30)); // the file header, one record header, part of its frame
        }
        return p;
    }

    static String show(String v) {
        String p = net.mptcpscan.io.Text.printable(v);
        return v.isEmpty() ? "(empty)" : p.length() > 24 ? p.substring(0, 24) + "..." : p;
    }

    /** JUnit builds the rows before @BeforeAll: the fixture is made here the first time. */
    static void earlierScansUnchecked() {
        try {
            earlierScans();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final Pattern STACK = Pattern.compile("\\tat |\\b[A-Z][A-Za-z]+(Exception|Error)\\b");

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void refusedWithOneLine(Row row) throws Exception {
        if (row.needsNonRoot())
            Assumptions.assumeFalse(
                    Testbed.isRoot(),
                    "root reads every file: an unreadable file cannot be made; skipped");
        TreeSet<String> filesBefore = files();
        CliRun r = run(row.args());
        String line = r.err().strip(), w = row.name() + ": ";
        assertEquals(2, r.code(), w + "exit 2 for bad input; stderr: " + r.err());
        assertEquals(1, line.split("\n", -1).length, w + "exactly one line on stderr: " + r.err());
        assertTrue(line.startsWith("mptcpscan: "), w + line);
        assertTrue(
                line.contains(row.mentions()),
                w + "the line names " + row.mentions() + ": " + line);
        assertFalse(STACK.matcher(r.err()).find(), w + "no stack trace or exception name: " + line);
        assertTrue(
                line.length() < 1000,
                w + "a line a terminal can show: " + line.length() + " characters");
        assertFalse(
                line.chars().anyMatch(c -> c < 0x20 || c == 0x7f),
                w + "no control characters reach the terminal: " + line);
        assertEquals("", r.out(), w + "nothing on stdout");
        TreeSet<String> after = files();
        assertEquals(
                filesBefore,
                after,
                w + "no file created, removed or left half-written: " + diff(filesBefore, after));
        assertEquals(checksum, checksum(), w + "every stored row as it was");
    }

    static String diff(TreeSet<String> a, TreeSet<String> b) {
        TreeSet<String> gone = new TreeSet<>(a), added = new TreeSet<>(b);
        gone.removeAll(b);
        added.removeAll(a);
        return "gone " + gone + ", new " + added;
    }

    /** After the whole table, the database still lists every earlier scan. */
    @Test
    void earlierScansStillListed() throws Exception {
        CliRun r = run("scans", "--db", s(db), "--format", "json");
        assertEquals(0, r.code(), r.err());
        var scans = new ObjectMapper().readTree(r.out());
        assertEquals(4, scans.size(), r.out());
        assertEquals(checksum, checksum());
    }

    /**
     * Every file under the test folder with its size and time, but the database's transient lock
     * and trace files.
     */
    static TreeSet<String> files() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(".lock.db") || n.endsWith(".trace.db") || Files.isDirectory(p))
                    continue;
                boolean content =
                        !n.endsWith(".mv.db")
                                && !Files.isSymbolicLink(p); // the database is checked by its rows
                out.add(
                        dir.relativize(p)
                                + (content
                                        ? " " + Files.size(p) + " " + Files.getLastModifiedTime(p)
                                        : ""));
            }
        }
        return out;
    }

    /** SHA-256 over every row of every table, in key order. */
    static String checksum() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:h2:file:" + db.toAbsolutePath() + ";IFEXISTS=TRUE");
                Statement st = c.createStatement()) {
            for (String q :
                    List.of(
                            "SELECT * FROM scans ORDER BY id",
                            "SELECT * FROM replies ORDER BY id",
                            "SELECT * FROM scan_progress ORDER BY scan_id, thread",
                            "SELECT * FROM mps_schema ORDER BY version")) {
                try (ResultSet rs = st.executeQuery(q)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next())
                        for (int i = 1; i <= cols; i++)
                            md.update(
                                    (rs.getString(i) + "\u0000").getBytes(StandardCharsets.UTF_8));
                }
                md.update((byte) '|');
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static CliRun run(String... args) {
        return CliRun.run(args);
    }
}
