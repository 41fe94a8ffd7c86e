package net.mptcpscan.cli;

import java.nio.file.Path;
import net.mptcpscan.report.Pfx2As;
import picocli.CommandLine.Option;

/** --pfx2as, for the commands that can count per AS. */
public final class Pfx2AsOption {
    @Option(
            names = "--pfx2as",
            description =
                    "CAIDA Routeviews prefix-to-AS file (plain or .gz, IPv4 and IPv6): counts per"
                            + " AS; export adds an asn column")
    Path file;

    public Path file() {
        return file;
    }

    /** The table, or null when none was named; a bad file is bad input naming --pfx2as. */
    public Pfx2As load() {
        return file == null ? null : Pfx2As.load("--pfx2as", file);
    }
}
