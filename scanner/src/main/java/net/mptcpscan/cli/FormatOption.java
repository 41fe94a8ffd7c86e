package net.mptcpscan.cli;

import picocli.CommandLine.Option;

/** --format text|json, shared by the commands that print for people or for programs. */
public final class FormatOption {
    @Option(
            names = "--format",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    /** True for json; throws (bad input) for anything but text or json. */
    public boolean json() {
        if (!format.equals("text") && !format.equals("json"))
            throw new IllegalArgumentException(
                    "--format: text or json, not " + net.mptcpscan.io.Text.quote(format));
        return format.equals("json");
    }

    /**
     * Prints a result the way --format asks: JSON to stdout as is, text through the terminal-safe
     * stream (escapes control characters).
     */
    public <T> void print(
            T result,
            java.util.function.BiConsumer<T, java.io.PrintStream> asJson,
            java.util.function.BiConsumer<T, java.io.PrintStream> asText) {
        if (json()) asJson.accept(result, System.out);
        else asText.accept(result, net.mptcpscan.io.Text.terminalSafe(System.out));
    }
}
