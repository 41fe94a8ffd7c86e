package net.mptcpscan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import picocli.CommandLine.Command;

/**
 * What a live scan's start and the read commands' start load, without sending anything, for
 * scripts/setup's class-data archive (run under -XX:DumpLoadedClassList: a static archive, because
 * JDK 17's dynamic one leaves out classes older than Java 6, such as picocli's): a dry-run scan, a
 * database made and written in a temporary folder, the capture library's and the raw socket's
 * bindings, a child process (nftables).
 */
@Command(
        name = "cds-train",
        hidden = true,
        description = "Load what a scan's start loads (for the class-data sharing archive).")
public final class CdsTrainCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("mptcpscan-cds");
        try {
            Path empty = Files.writeString(dir.resolve("empty.conf"), "");
            quietly(
                    "scan",
                    "--dryrun",
                    "-q",
                    "-b",
                    empty.toString(),
                    "-o",
                    dir.resolve("out.csv").toString(),
                    "-n",
                    "100",
                    "198.19.0.0/20");
            String db = dir.resolve("db").toString();
            try (JdbcResultStore s = JdbcResultStore.open(db)) {
                long id =
                        s.beginScan(
                                ScanRecord.starting(
                                        new ScanRecord.Header(
                                                "cds", ScanSource.SCAN, 1, 0, 1, null, "cds"),
                                        System.currentTimeMillis(),
                                        1,
                                        new com.fasterxml.jackson.databind.ObjectMapper()
                                                .writeValueAsString(java.util.Map.of("cds", 1))));
                s.append(
                        id,
                        List.of(
                                new ReplyRecord(
                                        net.mptcpscan.wire.IpAddress.v4(1),
                                        443,
                                        40000,
                                        1,
                                        new Classification(
                                                ReplyClass.MPTCP, null, 1, 1, 1L, Set.of()),
                                        64,
                                        1000,
                                        "S.",
                                        1)));
                s.finishScan(
                        id,
                        net.mptcpscan.store.ScanStatus.COMPLETE,
                        new net.mptcpscan.store.ScanCounts(1, 1, 1, 0, 0, 0));
            }
            // The read commands' start too: they open the database and read it the same way.
            for (String[] args :
                    List.of(
                            new String[] {"scans", "--db", db},
                            new String[] {"report", "--db", db, "--scan", "1"},
                            new String[] {"compare", "--db", db, "1", "1"},
                            new String[] {
                                "export",
                                "--db",
                                db,
                                "--scan",
                                "1",
                                "--view",
                                "targets",
                                "-o",
                                dir.resolve("targets.csv").toString()
                            })) {
                quietly(args);
            }
            for (String c :
                    List.of(
                            "org.pcap4j.core.Pcaps",
                            "org.pcap4j.core.PcapHandle",
                            "net.mptcpscan.receive.PcapLiveSource",
                            "net.mptcpscan.send.AfPacketSink",
                            "net.mptcpscan.scan.KernelQuiet")) {
                try {
                    Class.forName(c, true, CdsTrainCommand.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // a missing native library: the archive simply holds less
                }
            }
            loadPackages(
                    "net/mptcpscan/",
                    "picocli/",
                    "org/pcap4j/core/",
                    "org/pcap4j/util/",
                    "org/pcap4j/Pcap4j",
                    "com/sun/jna/",
                    "com/fasterxml/jackson/");
            // The native bindings' own classes (JNA, for the raw socket and for libpcap) load
            // only when a library is bound; binding opens nothing and sends nothing.
            try {
                net.mptcpscan.send.AfPacketSink.bindLibrary();
                org.pcap4j.core.Pcaps.libVersion();
            } catch (LinkageError | RuntimeException ignored) {
                // no libpcap here: the archive simply holds less
            }
            try {
                new ProcessBuilder("true").start().waitFor();
            } catch (java.io.IOException ignored) {
            }
            return 0;
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Loads, without initialising, every class of the jar under these folders: what a live scan
     * loads past a dry run (the capture, stage 2, the writer; Jackson's introspection of the stored
     * configuration) was read from the jar on every start, 310 classes.
     */
    private static void loadPackages(String... prefixes) {
        ClassLoader loader = CdsTrainCommand.class.getClassLoader();
        try (java.util.jar.JarFile jar =
                new java.util.jar.JarFile(
                        Path.of(
                                        CdsTrainCommand.class
                                                .getProtectionDomain()
                                                .getCodeSource()
                                                .getLocation()
                                                .toURI())
                                .toFile())) {
            for (var e : java.util.Collections.list(jar.entries())) {
                String n = e.getName();
                if (!n.endsWith(".class") || n.contains("-")) continue;
                for (String prefix : prefixes)
                    if (n.startsWith(prefix)) {
                        try {
                            Class.forName(
                                    n.substring(0, n.length() - 6).replace('/', '.'),
                                    false,
                                    loader);
                        } catch (ClassNotFoundException | LinkageError ignored) {
                            // an optional dependency missing: the archive holds less
                        }
                    }
            }
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            // not run from the jar (tests): nothing more to archive
        }
    }

    /** Runs a command the way a user would, its output thrown away. */
    private static void quietly(String... args) {
        java.io.PrintStream stdout = System.out, stderr = System.err;
        java.io.OutputStream none = java.io.OutputStream.nullOutputStream();
        try {
            System.setOut(new java.io.PrintStream(none));
            System.setErr(new java.io.PrintStream(none));
            Main.commandLine(args[0])
                    .setOut(new java.io.PrintWriter(none))
                    .setErr(new java.io.PrintWriter(none))
                    .execute(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
