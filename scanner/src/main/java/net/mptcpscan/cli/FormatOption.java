package net.mptcpscan.cli;

import picocli.CommandLine.Option;

/** --format text|json, shared by the commands that print for people or for programs. */
public final class FormatOption {
    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    /** True for json; throws (bad input) for anything but text or json. */
    public boolean json() {
        if (!format.equals("text") && !format.equals("json")) throw new IllegalArgumentException("--format: text or json, not " + net.mptcpscan.io.Text.quote(format));
        return format.equals("json");
    }
}
