package net.mptcpscan.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.wire.Ipv4;

/**
 * Keeps the scanner's own kernel from resetting the connections stage 2 completes: it answers every
 * SYN-ACK with a RST (no socket owns it), which would reach the server before our ACK. An nftables
 * table of this scan's own (mptcpscan_PID) drops the kernel's RSTs from our source addresses and
 * ports; frames we send ourselves (AF_PACKET) do not pass through it. The table is removed when the
 * scan ends; a table left by a scan that died (kill -9) is removed the next time a scan starts.
 */
final class KernelQuiet implements AutoCloseable {
    static final String PREFIX = "mptcpscan_";
    private final String table;

    private KernelQuiet(String table) {
        this.table = table;
    }

    /**
     * Installs the table; null (with the reason in why[0]) when nftables is not there or refuses.
     */
    static KernelQuiet install(SourceAddresses sources, int portFirst, int portLast, String[] why) {
        try {
            removeStale();
            String table = PREFIX + ProcessHandle.current().pid();
            String ports =
                    " tcp sport " + portFirst + "-" + portLast + " tcp flags & rst == rst drop\n";
            StringBuilder rules =
                    new StringBuilder("table inet ")
                            .append(table)
                            .append(
                                    " {\n  chain out { type filter hook output priority 0; policy"
                                            + " accept;\n");
            List<String> addrs = new ArrayList<>();
            for (int a : sources.v4()) addrs.add(Ipv4.toString(a));
            if (!addrs.isEmpty())
                rules.append("    ip saddr { ")
                        .append(String.join(", ", addrs))
                        .append(" }")
                        .append(ports);
            List<String> addrs6 = new ArrayList<>();
            for (int i = 0; i < sources.v6Count(); i++) addrs6.add(sources.v6(i).toString());
            if (!addrs6.isEmpty())
                rules.append("    ip6 saddr { ")
                        .append(String.join(", ", addrs6))
                        .append(" }")
                        .append(ports);
            rules.append("  }\n}\n");
            String err = nft(rules.toString(), "-f", "-");
            if (err != null) {
                why[0] = "nftables refused the table (" + err + ")";
                return null;
            }
            KernelQuiet q = new KernelQuiet(table);
            Runtime.getRuntime().addShutdownHook(new Thread(q::close, "mptcpscan-nft-cleanup"));
            return q;
        } catch (IOException e) {
            why[0] = "nftables (nft) is not installed: apt-get install nftables";
            return null;
        }
    }

    /** Tables of scans whose process is gone. */
    private static void removeStale() throws IOException {
        String list = run("nft", "list", "tables");
        if (list == null) return;
        for (String line : list.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length != 3 || !w[2].startsWith(PREFIX)) continue;
            try {
                long pid = Long.parseLong(w[2].substring(PREFIX.length()));
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    run("nft", "delete", "table", w[1], w[2]);
            } catch (NumberFormatException ignored) {
                // not one of ours
            }
        }
    }

    private static String nft(String input, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out =
                new String(
                                p.getInputStream().readAllBytes(),
                                java.nio.charset.StandardCharsets.UTF_8)
                        .trim();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "nft did not answer";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return p.exitValue() == 0
                ? null
                : out.isEmpty() ? "exit " + p.exitValue() : out.lines().findFirst().orElse(out);
    }

    /** stdout of a command, or null when it failed. */
    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out =
                new String(
                        p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String table() {
        return table;
    }

    @Override
    public synchronized void close() {
        try {
            run("nft", "delete", "table", "inet", table);
        } catch (IOException ignored) {
            // nft vanished: nothing we can do; the next scan removes the table
        }
    }
}
