package net.mptcpscan.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * zmap's flags that mptcpscan does not take (zmap 2.1.1 and 4.3), each with why and what to use
 * instead: a script written for zmap gets one clear line, not "unknown option" and not a flag
 * silently ignored. Every other zmap flag is an option of `scan` with zmap's meaning.
 */
final class ZmapFlags {
    private ZmapFlags() {}

    static final Map<String, String> UNSUPPORTED = new LinkedHashMap<>();

    static {
        UNSUPPORTED.put("--batch", "batches are sized from the rate by the sender itself");
        UNSUPPORTED.put(
                "--retries",
                "a failed send is retried until it goes out, up to --max-sendto-failures frames");
        UNSUPPORTED.put(
                "--cores", "sender threads are not pinned to cores; -T sets how many there are");
        UNSUPPORTED.put(
                "--vpn",
                "probes are Ethernet frames; a VPN interface has no link layer to send them on");
        UNSUPPORTED.put(
                "--iplayer", "probes are Ethernet frames; IP-layer sending is not implemented");
        UNSUPPORTED.put("--netmap-wait-ping", "netmap is not used");
        UNSUPPORTED.put(
                "--probe-args", "the probes take no arguments; --mptcp-versions chooses them");
        UNSUPPORTED.put("--output-args", "the output modules take no arguments");
        UNSUPPORTED.put(
                "--dedup-method",
                "replies are deduplicated per probe over a window of 2^22, and zmap's repeat field"
                        + " marks the rest");
        UNSUPPORTED.put(
                "--dedup-window-size",
                "replies are deduplicated per probe over a window of 2^22, and zmap's repeat field"
                        + " marks the rest");
        UNSUPPORTED.put(
                "--validate-source-port",
                "replies are always validated by source port, sequence number and a keyed hash");
        UNSUPPORTED.put("--log-file", "messages go to stderr: redirect it (2> FILE)");
        UNSUPPORTED.put("--log-directory", "messages go to stderr: redirect it (2> FILE)");
        UNSUPPORTED.put(
                "--ignore-blocklist-errors",
                "a bad blocklist line is refused with its file and line, never skipped");
        UNSUPPORTED.put(
                "--ignore-invalid-hosts",
                "a bad -I line is refused with its file and line, never skipped");
    }

    /** The line for the first unsupported zmap flag among a scan's arguments, or null. */
    static String check(String[] args) {
        if (args.length == 0 || !args[0].equals("scan")) return null;
        for (String a : args) {
            if (a.equals("--")) break;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String why = UNSUPPORTED.get(name);
            if (why != null) return name + ": zmap's option is not supported by mptcpscan: " + why;
        }
        return null;
    }
}
