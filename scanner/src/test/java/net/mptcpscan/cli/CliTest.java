package net.mptcpscan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.mptcpscan.capture.PcapReader;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.PacketDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: one clear line on stderr, exit 2, no stack trace. Runs without privileges (dry runs
 * only).
 */
class CliTest {
    @TempDir Path dir;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    static void badInput(CliRun r, String mentions) {
        assertEquals(2, r.code(), "exit code 2 for bad input: " + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + r.err());
        assertTrue(lines[0].startsWith("mptcpscan: "), lines[0]);
        assertTrue(lines[0].contains(mentions), lines[0] + " should mention " + mentions);
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "2001:2::1::2 | 2001:2::1::2",
                "2001:2::g | 2001:2::g",
                "fe80::1%eth0 | zone",
                "::ffff:198.18.0.1 | IPv4-mapped",
                "::198.18.0.1 | IPv4-compatible",
                "2001:2::/64 | hitlist",
                "2001:2::/129 | 0-128",
            })
    void badIpv6TargetsAreOneLineAndStoreNothing(String target, String mentions) {
        Path db = dir.resolve("db");
        badInput(
                run(
                        "scan",
                        "--db",
                        db.toString(),
                        "-d",
                        "-S",
                        "198.18.0.2,2001:2::2",
                        "-b",
                        "/dev/null",
                        target),
                mentions);
        assertFalse(Files.exists(dir.resolve("db.mv.db")), "no database made for a bad scan");
    }

    /**
     * A live scan's database begins opening before its options are parsed: bad input found after
     * still leaves no database behind.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "-p 99999 198.18.0.1 | 99999",
                "-r -5 198.18.0.1 | -r",
                "--no-such-flag 198.18.0.1 | --no-such-flag",
                "-O nope 198.18.0.1 | nope",
                "-p 443 | target",
            })
    void aLiveScanWithBadInputLeavesNoDatabase(String flags, String mentions) {
        Path db = dir.resolve("live");
        String[] args = ("scan --db " + db + " -b /dev/null " + flags).split(" ");
        badInput(run(args), mentions);
        assertFalse(Files.exists(dir.resolve("live.mv.db")), "no database made for a bad scan");
    }

    @Test
    void aHitlistWithAJunkLineNamesTheLine() throws Exception {
        Path list = dir.resolve("hitlist.txt");
        Files.writeString(list, "# hitlist\n2001:2::1\n2001:2::zz\n2001:2::3\n");
        badInput(
                run(
                        "scan",
                        "--db",
                        dir.resolve("db").toString(),
                        "-d",
                        "-S",
                        "198.18.0.2,2001:2::2",
                        "-b",
                        "/dev/null",
                        "--ipv6-target-file",
                        list.toString()),
                "hitlist.txt:3");
    }

    @Test
    void aBadIpv6SourceIsOneLine() {
        badInput(
                run(
                        "scan",
                        "--db",
                        dir.resolve("db").toString(),
                        "-d",
                        "-S",
                        "2001:2::2::",
                        "-b",
                        "/dev/null",
                        "2001:2::1"),
                "-S/--source-ip");
    }

    @Test
    void badOptionsAreOneLine() {
        String db = dir.resolve("db").toString();
        badInput(
                run(
                        "scan",
                        "--db",
                        db,
                        "-d",
                        "-S",
                        "198.18.0.2",
                        "-p",
                        "http",
                        "198.18.1.0/24",
                        "-b",
                        "/dev/null"),
                "port");
        badInput(
                run("scan", "--db", db, "-d", "-S", "198.18.0.2", "198.18.1.0/33"),
                "198.18.1.0/33");
        badInput(
                run(
                        "scan",
                        "--db",
                        db,
                        "-d",
                        "-S",
                        "198.18.0.2",
                        "--rate",
                        "fast",
                        "198.18.1.0/24"),
                "rate");
        badInput(
                run(
                        "scan",
                        "--db",
                        db,
                        "-d",
                        "-S",
                        "198.18.0.2",
                        "--mptcp-versions",
                        "2",
                        "198.18.1.0/24",
                        "-b",
                        "/dev/null"),
                "--mptcp-versions");
        badInput(
                run(
                        "scan",
                        "--db",
                        db,
                        "-d",
                        "-S",
                        "198.18.0.2",
                        "-b",
                        dir.resolve("missing.conf").toString(),
                        "198.18.1.0/24"),
                "missing.conf");
        badInput(
                run(
                        "scan",
                        "--db",
                        db,
                        "-i",
                        "nosuchif0",
                        "-S",
                        "198.18.0.2",
                        "-G",
                        "02:00:00:00:00:01",
                        "-b",
                        "/dev/null",
                        "198.18.1.1"),
                "no such interface");
        badInput(run("export", "--db", db, "--format", "xml"), "format");
        badInput(run("export", "--db", db, "--format", "parquet"), "give -o FILE");
        badInput(run("nonsense"), "nonsense");
        badInput(
                run("analyze", "--db", db, "--pcap", dir.resolve("none.pcap").toString()),
                "none.pcap");
    }

    @Test
    void pfx2asAddsAnAsnColumnToExports() throws Exception {
        Path capture = net.mptcpscan.TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap");
        String db = dir.resolve("db").toString();
        assertEquals(0, run("analyze", "--db", db, "--pcap", capture.toString()).code());
        Path table = dir.resolve("pfx2as.txt");
        Files.writeString(table, "10.0.0.0\t8\t64500\n2001:2::\t32\t64510\n");
        CliRun r =
                run(
                        "export",
                        "--db",
                        db,
                        "--format",
                        "jsonl",
                        "--pfx2as",
                        table.toString(),
                        "--fields",
                        "saddr,asn");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"saddr\":\"10.0.2.1\",\"asn\":\"64500\"}", r.out().strip());
        CliRun all = run("export", "--db", db, "--pfx2as", table.toString());
        assertTrue(all.out().lines().findFirst().orElse("").endsWith(",\"asn\""), all.out());
        badInput(run("export", "--db", db, "--fields", "saddr,asn"), "--pfx2as");
    }

    @Test
    void parquetExportWritesAFileTheOtherFormatsAgreeWith() throws Exception {
        Path capture = net.mptcpscan.TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap");
        String db = dir.resolve("db").toString();
        assertEquals(0, run("analyze", "--db", db, "--pcap", capture.toString()).code());
        Path pq = dir.resolve("targets.parquet");
        CliRun r = run("export", "--db", db, "--format", "parquet", "-o", pq.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("(Parquet)"), r.err());
        byte[] b = Files.readAllBytes(pq);
        assertEquals("PAR1", new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(
                "PAR1",
                new String(b, b.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII),
                "a complete Parquet file (footer magic)");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                var st = c.createStatement();
                var rs =
                        st.executeQuery("SELECT saddr, versions FROM read_parquet('" + pq + "')")) {
            assertTrue(rs.next());
            assertEquals("10.0.2.1", rs.getString(1));
            assertEquals("[1]", rs.getString(2));
        }
        try (var files = Files.list(dir)) {
            assertFalse(
                    files.anyMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no scratch or part file left");
        }
    }

    @Test
    void defaultBlocklistRefusesReservedSpace() {
        CliRun r =
                run(
                        "scan",
                        "--db",
                        dir.resolve("db").toString(),
                        "-d",
                        "-S",
                        "198.18.0.2",
                        "10.0.0.0/8",
                        "192.168.1.1",
                        "198.18.0.0/15");
        badInput(r, "blocklist");
        assertTrue(r.err().contains("-b"), "says how to name another blocklist");
    }

    @Test
    void malformedCaptureIsOneLine() throws Exception {
        Path bad = dir.resolve("bad.pcap");
        Files.writeString(bad, "this is not a capture");
        badInput(
                run("analyze", "--db", dir.resolve("db").toString(), "--pcap", bad.toString()),
                "not a pcap file");
    }

    /** zmap's -V and --version: the version line, nothing else, exit 0. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--version", "-V"})
    void theVersionAloneIsOneLine(String flag) {
        CliRun v = run(flag);
        assertEquals(0, v.code(), v.err());
        assertEquals(
                "mptcpscan "
                        + net.mptcpscan.Version.VERSION
                        + " (commit "
                        + net.mptcpscan.Version.COMMIT
                        + ")",
                v.out().strip());
        assertEquals("", v.err());
    }

    @Test
    void helpAndVersion() {
        CliRun h = run("--help");
        assertEquals(0, h.code());
        for (String cmd :
                List.of("scan", "analyze", "scans", "export", "report", "compare", "trend"))
            assertTrue(h.out().contains(cmd), cmd + " in --help");
        CliRun v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("mptcpscan "));
        CliRun sh = run("scan", "--help");
        for (String opt :
                List.of(
                        "--target-ports",
                        "--rate",
                        "--bandwidth",
                        "--seed",
                        "--shards",
                        "--cooldown-time",
                        "--blocklist-file",
                        "--resume",
                        "--mptcp-versions")) {
            assertTrue(sh.out().contains(opt), opt + " in scan --help");
        }
    }

    /**
     * A dry run writes the frames it would send; they carry both MP_CAPABLE versions and skip
     * blocked targets.
     */
    @Test
    void dryRunWritesTheProbesToPcap() throws Exception {
        Path pcap = dir.resolve("dry.pcap"), block = dir.resolve("block.conf");
        Files.writeString(block, "198.18.7.5\n");
        CliRun r =
                run(
                        "scan",
                        "-d",
                        "-q",
                        "--db",
                        dir.resolve("db").toString(),
                        "-S",
                        "198.18.0.2",
                        "-G",
                        "02:00:00:00:00:01",
                        "-b",
                        block.toString(),
                        "-p",
                        "443,80",
                        "-r",
                        "0",
                        "--pcap-out",
                        pcap.toString(),
                        "198.18.7.0/28");
        assertEquals(0, r.code(), r.err());
        int[] counts = new int[3];
        java.util.Set<String> targets = new java.util.HashSet<>();
        PcapReader.readAll(
                pcap,
                (ts, buf, cap, orig) -> {
                    var p = PacketDecoder.decode(LinkType.ETHERNET, buf, 0, cap);
                    assertTrue(p.tcp().checksumValid());
                    MptcpOption.MpCapable c = p.tcp().option(MptcpOption.MpCapable.class);
                    counts[c.version()]++;
                    counts[2]++;
                    targets.add(p.ip().destination().toString() + ":" + p.tcp().dstPort());
                    assertNotEquals(
                            "198.18.7.5",
                            p.ip().destination().toString(),
                            "a blocked target is never probed");
                });
        assertEquals(15 * 2 * 2, counts[2]);
        assertEquals(counts[0], counts[1]);
        assertEquals(30, targets.size());
    }

    /** -n is exact whatever -T: each sender thread takes its share, some none. */
    @org.junit.jupiter.params.ParameterizedTest(name = "-n {0} -T {1}")
    @org.junit.jupiter.params.provider.CsvSource({"1,2", "1,4", "3,4", "5,2", "7,3", "16,16"})
    void maxTargetsIsExactWithManyThreads(int n, int threads) throws Exception {
        Path pcap = dir.resolve("n.pcap");
        CliRun r =
                run(
                        "scan",
                        "-d",
                        "-q",
                        "-S",
                        "198.18.0.2",
                        "-G",
                        "02:00:00:00:00:01",
                        "-b",
                        "/dev/null",
                        "-r",
                        "0",
                        "-n",
                        String.valueOf(n),
                        "-T",
                        String.valueOf(threads),
                        "--pcap-out",
                        pcap.toString(),
                        "198.18.7.0/24");
        assertEquals(0, r.code(), r.err());
        int[] frames = {0};
        PcapReader.readAll(pcap, (ts, buf, cap, orig) -> frames[0]++);
        assertEquals(2 * n, frames[0], n + " targets, two versions each");
    }

    /**
     * -m of a dry run: the seed as text too (jq and JavaScript round 64-bit numbers), and zmap's
     * keys with zmap's meanings.
     */
    static com.fasterxml.jackson.databind.JsonNode dryRunMetadata(Path dir) throws Exception {
        Path meta = dir.resolve("m.json");
        CliRun r =
                run(
                        "scan",
                        "-d",
                        "-q",
                        "-S",
                        "198.18.0.2",
                        "-G",
                        "02:00:00:00:00:01",
                        "-b",
                        "/dev/null",
                        "-r",
                        "0",
                        "-e",
                        "9007199254740993",
                        "-p",
                        "443,80",
                        "-m",
                        meta.toString(),
                        "--notes",
                        "lab run",
                        "--user-metadata",
                        "{\"campaign\": \"2026-11\"}",
                        "198.18.7.0/30");
        assertEquals(0, r.code(), r.err());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} = {1}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "seed_text|\"9007199254740993\"",
                "seed|9007199254740993",
                "packets_sent|16",
                "targets_scanned|8",
                "senders|1",
                "target_ports|[80,443]",
                "source_ips|[\"198.18.0.2\"]",
                "gateway_mac|\"02:00:00:00:00:01\"",
                "dryrun|1",
                "total_shards|1",
                "notes|\"lab run\"",
                "user-metadata|{\"campaign\":\"2026-11\"}",
                "blocklist_total_allowed|4"
            })
    void metadataHasZmapsKeys(String key, String json) throws Exception {
        var m = dryRunMetadata(dir);
        assertTrue(m.has(key), key + " in " + m);
        assertEquals(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json), m.get(key), key);
    }

    /**
     * A capture named with terminal escapes becomes a label; no listing or report sends them to the
     * terminal.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"scans", "trend", "report"})
    void hostileLabelsAreEscapedInTextOutput(String command) throws Exception {
        String hostile = "\u001b]0;pwned\u0007\u001b[2J\u001b]52;c;cHduZWQ=\u0007\u009b31m\r";
        Path cap =
                Files.copy(
                        net.mptcpscan.TestSupport.captures().resolve("tcpdump-mptcp-v1.pcap"),
                        dir.resolve(hostile + ".pcap"));
        String db = dir.resolve("db").toString();
        CliRun a = run("analyze", "--db", db, "--pcap", cap.toString());
        assertEquals(0, a.code(), a.err());
        CliRun r = run(command, "--db", db);
        assertEquals(0, r.code(), r.err());
        for (String out : new String[] {a.out(), r.out()}) {
            assertFalse(
                    out.chars()
                            .anyMatch(
                                    c ->
                                            (c < 0x20 && c != '\n' && c != '\t')
                                                    || (c >= 0x7f && c <= 0x9f)),
                    "no control character reaches the terminal: " + out);
        }
        if (!command.equals("trend"))
            assertTrue(r.out().contains("\\e]0;pwned"), "the label is shown, escaped: " + r.out());
    }

    /** A mistyped command or option gets picocli's suggestion, on the same one line. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {"scna|scan", "scan --rat 5|--rate", "export --formt csv|--format"})
    void typosGetADidYouMean(String line, String suggestion) {
        CliRun r = run(line.split(" "));
        badInput(r, "did you mean");
        assertTrue(r.err().contains(suggestion), r.err());
    }

    /** zmap's -p '*': every port. */
    @Test
    void starMeansEveryPort() {
        assertEquals(65535, net.mptcpscan.targets.TargetParser.parsePorts("*").length);
        assertEquals(1, net.mptcpscan.targets.TargetParser.parsePorts("*")[0]);
    }

    /**
     * --list-output-fields: every field of -o and -f, each with what it means (from
     * results-schema/).
     */
    @Test
    void listOutputFieldsDescribesEveryField() {
        CliRun r = run("scan", "--list-output-fields");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(net.mptcpscan.report.ExportRows.LIVE_FIELDS.size(), lines.size(), r.out());
        for (String l : lines)
            assertTrue(
                    l.matches("[a-z_]+ +(int|bool|string) +[a-zA-Z0-9].{10,}"),
                    "a field, its type and its meaning in words: " + l);
    }

    /** zmap's -I - reads the list of addresses from stdin. */
    @Test
    void listOfIpsFromStdin() throws Exception {
        java.io.InputStream old = System.in;
        Path pcap = dir.resolve("stdin.pcap");
        try {
            System.setIn(
                    new java.io.ByteArrayInputStream(
                            "198.18.7.1\n198.18.7.2\n198.18.7.3\n".getBytes()));
            CliRun r =
                    run(
                            "scan",
                            "-d",
                            "-q",
                            "-S",
                            "198.18.0.2",
                            "-G",
                            "02:00:00:00:00:01",
                            "-b",
                            "/dev/null",
                            "-r",
                            "0",
                            "-I",
                            "-",
                            "--pcap-out",
                            pcap.toString());
            assertEquals(0, r.code(), r.err());
        } finally {
            System.setIn(old);
        }
        int[] frames = {0};
        PcapReader.readAll(pcap, (ts, buf, cap, orig) -> frames[0]++);
        assertEquals(6, frames[0], "three addresses, two versions each");
    }

    /** zmap's -C: options from a file, the command line winning. */
    @Test
    void configFileInZmapsFormat() throws Exception {
        Path conf =
                Files.writeString(
                        dir.resolve("mptcpscan.conf"),
                        "# as /etc/zmap/zmap.conf\n"
                                + "source-ip 198.18.0.2\n"
                                + "gateway-mac \"02:00:00:00:00:01\"\n"
                                + "blocklist-file /dev/null\n"
                                + "rate 0\n"
                                + "max-targets 5\n"
                                + "dryrun\n"
                                + "quiet\n");
        Path pcap = dir.resolve("c.pcap");
        CliRun r =
                run(
                        "scan",
                        "-C",
                        conf.toString(),
                        "-n",
                        "3",
                        "--pcap-out",
                        pcap.toString(),
                        "198.18.7.0/28");
        assertEquals(0, r.code(), r.err());
        int[] frames = {0};
        PcapReader.readAll(pcap, (ts, buf, cap, orig) -> frames[0]++);
        assertEquals(6, frames[0], "-n 3 on the command line beats max-targets 5 in the file");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"no-such-option 1", "rate", "dryrun yes"})
    void badConfigLinesAreNamedWithTheirLine(String line) throws Exception {
        Path conf = Files.writeString(dir.resolve("bad.conf"), "dryrun\n" + line + "\n");
        CliRun r = run("scan", "-C", conf.toString(), "198.18.7.0/28");
        badInput(r, conf + ":2:");
    }

    /**
     * -m validates against results-schema/metadata.schema.json, the contract scripts read it by.
     */
    @Test
    void metadataValidatesAgainstItsSchema() throws Exception {
        var schema =
                com.networknt.schema.JsonSchemaFactory.getInstance(
                                com.networknt.schema.SpecVersion.VersionFlag.V202012)
                        .getSchema(
                                CliTest.class.getResourceAsStream(
                                        "/results-schema/metadata.schema.json"));
        assertEquals(java.util.Set.of(), schema.validate(dryRunMetadata(dir)), "schema violations");
    }

    /**
     * -u has the columns of results-schema/status.schema.json in its order, and every row validates
     * against it.
     */
    @Test
    void statusRowsValidateAgainstTheirSchema() throws Exception {
        Path u = dir.resolve("u.csv");
        CliRun r =
                run(
                        "scan",
                        "-d",
                        "-q",
                        "-S",
                        "198.18.0.2",
                        "-G",
                        "02:00:00:00:00:01",
                        "-b",
                        "/dev/null",
                        "-r",
                        "0",
                        "-u",
                        u.toString(),
                        "198.18.7.0/30");
        assertEquals(0, r.code(), r.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var schemaNode =
                json.readTree(
                        CliTest.class.getResourceAsStream("/results-schema/status.schema.json"));
        var schema =
                com.networknt.schema.JsonSchemaFactory.getInstance(
                                com.networknt.schema.SpecVersion.VersionFlag.V202012)
                        .getSchema(schemaNode);
        List<String> lines = Files.readAllLines(u);
        List<String> header = List.of(lines.get(0).split(","));
        List<String> columns = new java.util.ArrayList<>();
        schemaNode.get("x-columns").forEach(c -> columns.add(c.asText()));
        assertEquals(columns, header, "the header is the schema's columns, in order");
        assertTrue(lines.size() >= 2, "at least the final row: " + lines);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            var row = json.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                String type = schemaNode.get("properties").get(header.get(i)).get("type").asText();
                if (type.equals("string")) row.put(header.get(i), v[i]);
                else row.set(header.get(i), json.readTree(v[i]));
            }
            assertEquals(java.util.Set.of(), schema.validate(row), "schema violations in " + line);
        }
    }
}
