package net.mptcpscan.cli;

import java.io.IOException;
import java.nio.file.Path;
import net.mptcpscan.report.Pfx2As;
import picocli.CommandLine.Option;

/** --pfx2as, for the commands that can count per AS. */
public final class Pfx2AsOption {
    @Option(names = "--pfx2as", description = "CAIDA Routeviews prefix-to-AS file (plain or .gz): counts per AS")
    Path file;

    /** The table, or null when none was named. */
    public Pfx2As load() throws IOException { return file == null ? null : Pfx2As.load(file); }
}
