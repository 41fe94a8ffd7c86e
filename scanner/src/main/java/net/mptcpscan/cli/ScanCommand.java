package net.mptcpscan.cli;

import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.scan.ScanOptions;
import net.mptcpscan.scan.ScanRequest;
import net.mptcpscan.scan.ScanService;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * `scan`: zmap's options, MPTCP's probes. Parses, runs ScanService, returns its exit code.
 *
 * <p>Its command line is built through picocli's programmatic API ({@link #commandLine()}), not
 * from annotations: picocli's model of the annotated class (a proxy class made for each annotation
 * type, every read through it interpreted) took about 90 ms of the main thread before a scan's
 * first probe; built in code, about 30.
 */
public final class ScanCommand implements java.util.concurrent.Callable<Integer> {
    // Set by the command line built in commandLine(), in the order of its options.
    List<String> targets = new ArrayList<>();
    String ports;
    double rate;
    String bandwidth;
    int probes;
    Long seed;
    int shards;
    int shard;
    String maxTargets;
    long maxResults;
    double maxRuntime;
    double cooldown;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1));
    String config; // read by ConfigFile before parsing
    boolean listOutputFields;
    String iface;
    String sourceIp;
    String sourcePorts;
    String sourceMac;
    int probeTtl;
    String gatewayMac;
    String blocklist;
    String allowlist;
    String listOfIps;
    String versions;
    String label;
    String vantage;
    String campaign;
    String outputFile;
    String outputFormat;
    String outputFields;
    String outputFilter;
    String metadataFile;
    String statusFile;
    String pcapOut;
    double maxDropRate;
    double minHitrate;
    boolean handshake;
    boolean noHandshake;
    double handshakeWindow;
    double handshakeRate;
    boolean slowOnDrops;
    long maxSendtoFailures;
    boolean noHeaderRow;
    String notes;
    String userMetadata;
    int pcapBufferMiB;
    boolean dryrun;
    boolean fastDryrun;
    boolean noBypass;
    boolean quiet;
    int verbosity;
    boolean disableSyslog;
    String probeModule;
    boolean listProbeModules;
    boolean listOutputModules;
    ScanRef resume;
    DbOption db = new DbOption();
    CommandSpec spec;

    /**
     * The command line of `scan`, its options in the order its help lists them. Main adds it as the
     * subcommand "scan", or runs it alone.
     */
    static CommandLine commandLine() {
        ScanCommand c = new ScanCommand();
        CommandSpec s = CommandSpec.wrapWithoutInspection(c);
        c.spec = s;
        s.name("scan").versionProvider(new Main.VersionProvider());
        s.usageMessage()
                .sortOptions(false)
                .description(
                        "Scan targets (addresses or CIDR blocks) for Multipath TCP.",
                        "Sends one SYN per MP_CAPABLE version (--mptcp-versions) to every (address,"
                                + " port), walks the targets in a seeded random order, classifies"
                                + " replies live and stores them. Ctrl-C stops sending, waits the"
                                + " cooldown, stores everything and marks the scan interrupted;"
                                + " --resume continues it.");
        s.addPositional(
                Binding.field(c, "targets", PositionalParamSpec.builder())
                        .paramLabel("TARGET")
                        .arity("0..*")
                        .description("addresses or CIDR blocks (default: the allowlist, or -I)")
                        .build());
        s.addOption(
                Binding.field(
                                c,
                                "ports",
                                OptionSpec.builder("-p", "--target-ports", "--target-port"))
                        .defaultValue("443")
                        .description(
                                "ports: list and ranges, e.g. 80,443,8000-8010, or '*' for all"
                                        + " (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "rate", OptionSpec.builder("-r", "--rate"))
                        .defaultValue("10000")
                        .description(
                                "packets per second, all threads together, 0 to 100,000,000; 0 = as"
                                        + " fast as possible (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "bandwidth", OptionSpec.builder("-B", "--bandwidth"))
                        .description(
                                "send rate in bits per second, 1 to 1000G (K, M, G suffixes),"
                                        + " instead of -r")
                        .build());
        s.addOption(
                Binding.field(c, "probes", OptionSpec.builder("-P", "--probes"))
                        .defaultValue("1")
                        .description(
                                "SYNs per target and MP_CAPABLE version, 1 to 255 in all (default:"
                                        + " ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "seed", OptionSpec.builder("-e", "--seed"))
                        .description(
                                "seed of the target order (default: random; the same seed gives the"
                                        + " same order and shards)")
                        .build());
        s.addOption(
                Binding.field(c, "shards", OptionSpec.builder("--shards"))
                        .defaultValue("1")
                        .description(
                                "total shards (machines) splitting the scan, 1 to 65535; needs -e"
                                        + " (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "shard", OptionSpec.builder("--shard"))
                        .defaultValue("0")
                        .description(
                                "this machine's shard, 0 to --shards - 1 (default:"
                                        + " ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "maxTargets", OptionSpec.builder("-n", "--max-targets"))
                        .defaultValue("0")
                        .description(
                                "stop after this many targets in this shard (0 = all), or a"
                                        + " percentage of the search space as zmap counts it (2^32"
                                        + " times the ports): 10%%")
                        .build());
        s.addOption(
                Binding.field(c, "maxResults", OptionSpec.builder("-N", "--max-results"))
                        .defaultValue("0")
                        .description(
                                "stop (interrupted, resumable) once this many targets sent a"
                                        + " SYN-ACK, as zmap's (0 = no limit)")
                        .build());
        s.addOption(
                Binding.field(c, "maxRuntime", OptionSpec.builder("-t", "--max-runtime"))
                        .defaultValue("0")
                        .description(
                                "stop sending after this many seconds (0 = no limit, at most 100"
                                        + " years); --resume continues")
                        .build());
        s.addOption(
                Binding.field(c, "cooldown", OptionSpec.builder("-c", "--cooldown-time"))
                        .defaultValue("8")
                        .description(
                                "seconds to keep receiving after the last probe, 0 to 86400"
                                        + " (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "threads", OptionSpec.builder("-T", "--sender-threads"))
                        .defaultValue(String.valueOf(c.threads))
                        .description(
                                "sender threads, 1 to 64 (default: as zmap's, min(4, cores - 1):"
                                        + " here ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "config", OptionSpec.builder("-C", "--config"))
                        .paramLabel("FILE")
                        .description(
                                "read options from FILE, zmap's format: 'option value' a line (the"
                                        + " command line wins)")
                        .build());
        s.addOption(
                Binding.field(c, "listOutputFields", OptionSpec.builder("--list-output-fields"))
                        .description("list the fields of -o and -f with what each means, and exit")
                        .build());
        s.addOption(
                Binding.field(c, "iface", OptionSpec.builder("-i", "--interface"))
                        .description(
                                "interface to send and capture on (default: the default route's)")
                        .build());
        s.addOption(
                Binding.field(c, "sourceIp", OptionSpec.builder("-S", "--source-ip"))
                        .description("source address (default: the interface's)")
                        .build());
        s.addOption(
                Binding.field(c, "sourcePorts", OptionSpec.builder("-s", "--source-port"))
                        .defaultValue("32768-61000")
                        .description("source port range (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "sourceMac", OptionSpec.builder("--source-mac"))
                        .description("source MAC address (default: the interface's)")
                        .build());
        s.addOption(
                Binding.field(c, "probeTtl", OptionSpec.builder("--probe-ttl"))
                        .defaultValue("64")
                        .description(
                                "IP TTL of the probes, 1 to 255 (default: ${DEFAULT-VALUE}, a Linux"
                                        + " client's; zmap's is 255)")
                        .build());
        s.addOption(
                Binding.field(c, "gatewayMac", OptionSpec.builder("-G", "--gateway-mac"))
                        .description("gateway MAC (default: from the route and neighbour tables)")
                        .build());
        s.addOption(
                Binding.field(
                                c,
                                "blocklist",
                                OptionSpec.builder("-b", "--blocklist-file", "--blacklist-file"))
                        .description(
                                "blocklist in zmap's format; replaces the built-in one of reserved"
                                        + " ranges (-b /dev/null: none)")
                        .build());
        s.addOption(
                Binding.field(
                                c,
                                "allowlist",
                                OptionSpec.builder("-w", "--allowlist-file", "--whitelist-file"))
                        .description("allowlist in zmap's format: only these addresses")
                        .build());
        s.addOption(
                Binding.field(
                                c,
                                "listOfIps",
                                OptionSpec.builder(
                                        "-I", "--list-of-ips-file", "--ipv6-target-file"))
                        .description(
                                "file of addresses to scan, one a line, IPv4 and IPv6 mixed (a"
                                    + " hitlist such as the public IPv6 Hitlist; .gz read as gzip);"
                                    + " --ipv6-target-file is the name zmap's IPv6 fork uses")
                        .build());
        s.addOption(
                Binding.field(c, "versions", OptionSpec.builder("--mptcp-versions"))
                        .defaultValue("1,0")
                        .description(
                                "MP_CAPABLE versions to probe with, one SYN each: 1, 0, none"
                                        + " (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "label", OptionSpec.builder("--label"))
                        .description("a name for this scan in the database")
                        .build());
        s.addOption(
                Binding.field(c, "vantage", OptionSpec.builder("--vantage"))
                        .description("where the scan runs from (stored with the scan)")
                        .build());
        s.addOption(
                Binding.field(c, "campaign", OptionSpec.builder("--campaign"))
                        .description(
                                "the campaign this scan belongs to (default: its --label): the"
                                    + " shards of one scan on several machines, and the same scan"
                                    + " from several vantages; report, export and compare read it"
                                    + " as campaign:NAME")
                        .build());
        s.addOption(
                Binding.field(c, "outputFile", OptionSpec.builder("-o", "--output-file"))
                        .description(
                                "live stream of every reply ('-' for stdout); without -o, stdout"
                                        + " gets zmap's default: the address of each target's first"
                                        + " SYN-ACK, one a line")
                        .build());
        s.addOption(
                Binding.field(c, "outputFormat", OptionSpec.builder("-O", "--output-module"))
                        .defaultValue("csv")
                        .description(
                                "format of -o: csv, json (one object a line, as zmap's), jsonl (the"
                                        + " same), json-array (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "outputFields", OptionSpec.builder("-f", "--output-fields"))
                        .description(
                                "fields of -o, comma-separated: ours and zmap's"
                                        + " (--list-output-fields; default: all of ours, see"
                                        + " results-schema/reply.schema.json)")
                        .build());
        s.addOption(
                Binding.field(c, "outputFilter", OptionSpec.builder("--output-filter"))
                        .paramLabel("FILTER")
                        .description(
                                "which replies the live output writes, zmap's syntax: e.g. 'success"
                                    + " = 1 && repeat = 0' (fields compared with = != < > <= >=,"
                                    + " joined by && and ||); default: that one without -o (zmap's"
                                    + " default mode), none with -o (every reply to every probe,"
                                    + " once), '' for all, a probe's duplicate replies too")
                        .build());
        s.addOption(
                Binding.field(c, "metadataFile", OptionSpec.builder("-m", "--metadata-file"))
                        .description(
                                "JSON summary: configuration, seed, counts, hit rate, times ('-'"
                                        + " for stdout)")
                        .build());
        s.addOption(
                Binding.field(c, "statusFile", OptionSpec.builder("-u", "--status-updates-file"))
                        .description("CSV status row each second ('-' for stdout)")
                        .build());
        s.addOption(
                Binding.field(c, "pcapOut", OptionSpec.builder("--pcap-out"))
                        .description(
                                "every reply received, as pcap (with -d: the frames that would be"
                                        + " sent)")
                        .build());
        s.addOption(
                Binding.field(c, "maxDropRate", OptionSpec.builder("--max-drop-rate"))
                        .paramLabel("FRACTION")
                        .defaultValue("1")
                        .description(
                                "stop (interrupted, resumable, exit 1) when more than this fraction"
                                    + " of replies is lost before we read them, 0 to 1 (default:"
                                    + " ${DEFAULT-VALUE}: never)")
                        .build());
        s.addOption(
                Binding.field(c, "minHitrate", OptionSpec.builder("--min-hitrate"))
                        .paramLabel("PERCENT")
                        .defaultValue("0")
                        .description(
                                "stop (interrupted, resumable, exit 1) when the hit rate stays"
                                        + " below this for 5 seconds, as zmap (default:"
                                        + " ${DEFAULT-VALUE}: never)")
                        .build());
        s.addOption(
                Binding.field(c, "handshake", OptionSpec.builder("--handshake"))
                        .description(
                                "stage 2 (the default): complete the handshake with every genuine"
                                    + " MPTCP server, record what it sends in the window (ADD_ADDR"
                                    + " with its HMAC checked, REMOVE_ADDR, MP_PRIO, RST...), then"
                                    + " RST; needs nftables (it silences this machine's RSTs to the"
                                    + " scan's ports while it runs)")
                        .build());
        s.addOption(
                Binding.field(c, "noHandshake", OptionSpec.builder("--no-handshake"))
                        .description(
                                "no stage 2: SYNs only, as zmap; SYN-ACKs are reset by the kernel")
                        .build());
        s.addOption(
                Binding.field(c, "handshakeWindow", OptionSpec.builder("--handshake-window"))
                        .paramLabel("SECONDS")
                        .defaultValue("2")
                        .description(
                                "how long stage 2 listens after its third ACK before its RST, 0.1"
                                        + " to 60 (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "handshakeRate", OptionSpec.builder("--handshake-rate"))
                        .paramLabel("N")
                        .defaultValue("1000")
                        .description(
                                "stage 2's own limit: handshakes per second at most, 1 to"
                                        + " 1,000,000; genuine servers beyond it are not handshaken"
                                        + " (counted in -m) (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "slowOnDrops", OptionSpec.builder("--slow-on-drops"))
                        .description(
                                "when replies are lost (beyond --max-drop-rate, or any without it),"
                                    + " go back to before the first loss and continue at half the"
                                    + " rate, until none are lost, instead of stopping")
                        .build());
        s.addOption(
                Binding.field(c, "maxSendtoFailures", OptionSpec.builder("--max-sendto-failures"))
                        .paramLabel("N")
                        .defaultValue("0")
                        .description(
                                "frames whose send may fail (a link down) before the scan stops,"
                                    + " interrupted and resumable; failed batches are retried, so"
                                    + " no target is skipped; -1: retry for ever (default:"
                                    + " ${DEFAULT-VALUE}: the first failure stops the scan)")
                        .build());
        s.addOption(
                Binding.field(c, "noHeaderRow", OptionSpec.builder("--no-header-row"))
                        .description("csv -o without its header line (as zmap's)")
                        .build());
        s.addOption(
                Binding.field(c, "notes", OptionSpec.builder("--notes"))
                        .description("text stored in -m metadata (as zmap's --notes)")
                        .build());
        s.addOption(
                Binding.field(c, "userMetadata", OptionSpec.builder("--user-metadata"))
                        .paramLabel("JSON")
                        .description(
                                "a JSON object stored in -m metadata (as zmap's --user-metadata)")
                        .build());
        s.addOption(
                Binding.field(c, "pcapBufferMiB", OptionSpec.builder("--pcap-buffer"))
                        .paramLabel("MiB")
                        .defaultValue("64")
                        .description(
                                "kernel capture buffer, 1 to 4096 MiB (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "dryrun", OptionSpec.builder("-d", "--dryrun"))
                        .description(
                                "send nothing (--pcap-out writes the frames that would be sent)")
                        .build());
        s.addOption(
                Binding.field(c, "fastDryrun", OptionSpec.builder("--fast-dryrun"))
                        .description("zmap's: the same as -d (a dry run here never prints frames)")
                        .build());
        s.addOption(
                Binding.field(c, "noBypass", OptionSpec.builder("--no-qdisc-bypass"))
                        .description("send through the interface's queueing discipline")
                        .build());
        s.addOption(
                Binding.field(c, "quiet", OptionSpec.builder("-q", "--quiet"))
                        .description("no status lines")
                        .build());
        s.addOption(
                Binding.field(c, "verbosity", OptionSpec.builder("-v", "--verbosity"))
                        .defaultValue("3")
                        .description(
                                "zmap's log level, 0 to 5: below 3 no start line, 4 and 5 also how"
                                        + " the scan was set up (default: ${DEFAULT-VALUE})")
                        .build());
        s.addOption(
                Binding.field(c, "disableSyslog", OptionSpec.builder("--disable-syslog"))
                        .description(
                                "accepted for zmap's scripts: mptcpscan never writes to syslog")
                        .build());
        s.addOption(
                Binding.field(c, "probeModule", OptionSpec.builder("-M", "--probe-module"))
                        .paramLabel("MODULE")
                        .description(
                                "mptcp_synscan (default: SYNs with MP_CAPABLE, --mptcp-versions) or"
                                    + " tcp_synscan (zmap's plain SYN, as --mptcp-versions none);"
                                    + " --list-probe-modules")
                        .build());
        s.addOption(
                Binding.field(c, "listProbeModules", OptionSpec.builder("--list-probe-modules"))
                        .description("list the probe modules and exit")
                        .build());
        s.addOption(
                Binding.field(c, "listOutputModules", OptionSpec.builder("--list-output-modules"))
                        .description("list the output modules (-O) and exit")
                        .build());
        s.addOption(
                Binding.field(c, "resume", OptionSpec.builder("--resume"))
                        .paramLabel("SCAN")
                        .arity("0..1")
                        .fallbackValue("latest")
                        .converters(new ScanRef.Converter())
                        .description(
                                "continue an interrupted scan (default: the latest) with its stored"
                                        + " settings; -r or -B given here change its rate")
                        .build());
        s.addOption(c.db.option());
        // What mixinStandardHelpOptions adds, without its annotated mixin.
        s.addOption(
                OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("Show this help message and exit.")
                        .build());
        s.addOption(
                OptionSpec.builder("-V", "--version")
                        .versionHelp(true)
                        .description("Print version information and exit.")
                        .build());
        return new CommandLine(s);
    }

    @Override
    public Integer call() throws Exception {
        if (listProbeModules) {
            System.out.println("mptcp_synscan   (default) one SYN per --mptcp-versions entry:");
            for (var m : net.mptcpscan.probe.ProbeModules.values())
                System.out.printf("  %-13s %-5s %s%n", m.moduleName, m.versionToken, m.description);
            System.out.println("tcp_synscan     zmap's: a plain SYN (--mptcp-versions none)");
            return 0;
        }
        if (listOutputModules) {
            System.out.println(
                    "csv\n"
                            + "json (one object a line, as zmap's)\n"
                            + "jsonl (the same)\n"
                            + "json-array (one JSON array)");
            return 0;
        }
        if (verbosity < 0 || verbosity > 5)
            throw new IllegalArgumentException("-v/--verbosity: 0 to 5, not " + verbosity);
        if (probeModule != null) {
            boolean versionsGiven =
                    spec.commandLine().getParseResult().hasMatchedOption("--mptcp-versions");
            switch (probeModule) {
                case "mptcp_synscan" -> {}
                case "tcp_synscan" -> {
                    if (versionsGiven && !versions.trim().equals("none"))
                        throw new IllegalArgumentException(
                                "-M tcp_synscan sends plain SYNs: it contradicts --mptcp-versions "
                                        + versions);
                    versions = "none";
                }
                default ->
                        throw new IllegalArgumentException(
                                "-M/--probe-module: mptcp_synscan or tcp_synscan"
                                        + " (--list-probe-modules), not "
                                        + net.mptcpscan.io.Text.quote(probeModule));
            }
        }
        if (listOutputFields) {
            net.mptcpscan.report.ExportRows.describeFields("live")
                    .forEach(
                            (f, d) ->
                                    System.out.printf(
                                            "%-18s %-7s %s%n",
                                            f,
                                            net.mptcpscan.report.ExportRows.LIVE_TYPES.get(f),
                                            d));
            return 0;
        }
        // Shards on several machines must walk one permutation: a random seed each would overlap
        // and leave gaps (zmap refuses too).
        if (shards > 1 && seed == null && resume == null) {
            throw new IllegalArgumentException(
                    "--shards: give every shard the same -e/--seed, or the shards overlap and leave"
                            + " gaps");
        }
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong();
        ScanRequest cfg =
                new ScanRequest(
                        targets,
                        ports,
                        rate,
                        bandwidth,
                        probes,
                        s,
                        shards,
                        shard,
                        maxTargets,
                        maxRuntime,
                        cooldown,
                        threads,
                        iface,
                        sourceIp,
                        sourcePorts,
                        gatewayMac,
                        blocklist,
                        allowlist,
                        listOfIps,
                        versions,
                        label,
                        vantage,
                        campaign,
                        dryrun || fastDryrun,
                        !noBypass,
                        0,
                        0,
                        sourceMac,
                        probeTtl,
                        maxResults);
        ScanOptions opt =
                new ScanOptions(
                        db.location(),
                        outputFile,
                        outputFormat,
                        outputFields,
                        metadataFile,
                        statusFile,
                        pcapOut,
                        quiet,
                        maxDropRate,
                        pcapBufferMiB,
                        notes,
                        userMetadata,
                        noHeaderRow,
                        minHitrate,
                        maxSendtoFailures,
                        slowOnDrops,
                        outputFilter,
                        verbosity,
                        !noHandshake,
                        handshakeRate,
                        handshakeWindow);
        ScanService service = new ScanService(System.err);
        Signals.onInterrupt(service::interrupt);
        Signals.onRateChange(service::scaleRate);
        var parsed = spec.commandLine().getParseResult();
        boolean rateGiven =
                parsed.hasMatchedOption("--rate") || parsed.hasMatchedOption("--bandwidth");
        ScanService.Outcome o =
                service.run(cfg, opt, resume == null ? null : resume.text(), rateGiven);
        // 3: every target probed (or as many as -t or -N asked for), but replies were lost before
        // they could be read (the scan says how many).
        boolean done = o.status() == net.mptcpscan.store.ScanStatus.COMPLETE || o.limit() != null;
        return !done ? 1 : o.dropped() > 0 ? 3 : 0;
    }
}
