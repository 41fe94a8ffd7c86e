package net.mptcpscan.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import net.mptcpscan.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * mptcpscan's entry point. Every failure ends as one line on stderr and an exit code: 0 done, 1
 * failure, 2 bad input (zmap's users script against these). Set MPTCPSCAN_DEBUG=1 to see stack
 * traces.
 */
@Command(
        name = "mptcpscan",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = {
            "Internet-wide Multipath TCP scanner: sends SYNs carrying MP_CAPABLE (v1 and v0), tells"
                + " genuine MPTCP servers from middleboxes that echo the option, and keeps every"
                + " scan in a database for comparisons over time."
        },
        footer = {
            "",
            "Exit codes: 0 done (or stopped at the -t or -N given, resumable), 1 failure (or a"
                    + " scan interrupted before its end), 2 bad input, 3"
                    + " scan done but replies were lost before they could be read.",
            "Results database: --db PATH (an H2 file) or a JDBC URL; default $MPTCPSCAN_DB or"
                    + " ~/.mptcpscan/results."
        })
public final class Main implements Runnable {
    private static final String SCAN = "scan";

    /** The commands after scan, in the order help lists them (scan's is built in code). */
    private static final List<Class<?>> SUBCOMMANDS =
            List.of(
                    AnalyzeCommand.class,
                    ScansCommand.class,
                    ExportCommand.class,
                    ReportCommand.class,
                    CompareCommand.class,
                    TrendCommand.class,
                    TestbedServeCommand.class,
                    BenchSenderCommand.class,
                    CdsTrainCommand.class,
                    Docs.class,
                    CommandLine.HelpCommand.class);

    /**
     * The command line for a run whose first argument is first (null: every command). Only the
     * command being run is built when first names one: picocli reads every option of every command
     * by reflection, about 60 ms of each start. Help, docs and a mistyped name get them all.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> only = null;
        for (Class<?> c : SUBCOMMANDS)
            if (c.getAnnotation(Command.class).name().equals(first)) only = c;
        if (only == Docs.class || only == CommandLine.HelpCommand.class) only = null;
        boolean scanOnly = SCAN.equals(first);
        if (only == null) cl.addSubcommand(SCAN, ScanCommand.commandLine());
        if (!scanOnly)
            for (Class<?> c : SUBCOMMANDS) if (only == null || c == only) cl.addSubcommand(c);
        return cl;
    }

    /**
     * The scan command's line without the top command's: picocli's model of this class (its
     * annotations, its methods searched for subcommands, the help mixin) took 100 ms of a scan's
     * start, every one of them before the first probe. Named as a subcommand is, so its usage and
     * messages read the same.
     */
    static CommandLine scanAlone() {
        CommandLine cl = ScanCommand.commandLine();
        cl.setCommandName("mptcpscan " + SCAN);
        return cl;
    }

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command (see --help)");
    }

    static {
        // Before any of H2's classes load (a scan opens its database on another thread).
        net.mptcpscan.store.H2Sharing.loopbackOnly();
        // Before JNA's first use (libc's and libpcap's bindings, on the warm-up thread).
        net.mptcpscan.send.JnaSetup.beforeFirstUse();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        PrintWriter early = new PrintWriter(System.err, true);
        String[] expanded;
        try {
            expanded = ConfigFile.expand(args);
        } catch (IllegalArgumentException e) {
            early.println("mptcpscan: " + Failure.oneLine(e.getMessage()));
            return 2;
        }
        String unsupported = ZmapFlags.check(expanded);
        if (unsupported != null) {
            early.println("mptcpscan: " + unsupported);
            return 2;
        }
        boolean scan = expanded.length > 0 && expanded[0].equals(SCAN);
        if (scan) net.mptcpscan.store.JdbcResultStore.precheck(dbArgument(expanded));
        // --version alone needs no command's model (reading them all was 0.3 CPU s of it).
        boolean version = expanded.length == 1 && List.of("--version", "-V").contains(expanded[0]);
        CommandLine cl =
                scan
                        ? scanAlone()
                        : version
                                ? new CommandLine(new Main())
                                : commandLine(expanded.length > 0 ? expanded[0] : null);
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    PrintWriter err = ex.getCommandLine().getErr();
                    String hint = "";
                    if (ex instanceof CommandLine.UnmatchedArgumentException u
                            && !u.getSuggestions().isEmpty()) {
                        hint =
                                " (did you mean "
                                        + String.join(
                                                " or ",
                                                u.getSuggestions()
                                                        .subList(
                                                                0,
                                                                Math.min(
                                                                        3,
                                                                        u.getSuggestions().size())))
                                        + "?)";
                    }
                    err.println(
                            "mptcpscan: "
                                    + Failure.oneLine(String.valueOf(ex.getMessage()) + hint));
                    err.flush();
                    return 2;
                });
        cl.setExecutionExceptionHandler(
                (ex, c, parseResult) -> {
                    if (System.getenv("MPTCPSCAN_DEBUG") != null) ex.printStackTrace();
                    c.getErr().println("mptcpscan: " + Failure.message(ex));
                    c.getErr().flush();
                    return Failure.exitCode(ex);
                });
        return cl.execute(scan ? Arrays.copyOfRange(expanded, 1, expanded.length) : expanded);
    }

    /**
     * The --db a command line names (--db X or --db=X, the last one), else the default: for the
     * check begun before parsing (JdbcResultStore.precheck); picocli's own parse decides.
     */
    static String dbArgument(String[] args) {
        String db = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--db") && i + 1 < args.length) db = args[++i];
            else if (args[i].startsWith("--db=")) db = args[i].substring(5);
        }
        return db != null ? db : net.mptcpscan.store.DbLocation.defaultLocation();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mptcpscan " + Version.VERSION + " (commit " + Version.COMMIT + ")"
            };
        }
    }
}
