package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import net.mptcpscan.Version;
import net.mptcpscan.capture.CaptureImport;
import net.mptcpscan.store.ResultStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Classify the handshakes in a capture (pcap or pcapng; Ethernet, Linux cooked or raw"
                + " IP) with the scanner's classifier and store them as a scan, to compare captures"
                + " from tcpdump or other scanners with ours."
        })
public final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--pcap", required = true, description = "capture file: pcap or pcapng")
    Path pcap;

    @Option(names = "--label", description = "name of the stored scan (default: the file name)")
    String label;

    @Option(
            names = "--campaign",
            description = "the campaign the capture belongs to (default: its label)")
    String campaign;

    @Option(names = "--vantage", description = "where the capture was made")
    String vantage;

    @Mixin DbOption db;

    @Override
    public Integer call() throws Exception {
        net.mptcpscan.io.InputFiles.check("--pcap", pcap);
        net.mptcpscan.io.Text.requireName("--label", label);
        net.mptcpscan.io.Text.requireName("--campaign", campaign);
        net.mptcpscan.io.Text.requireName("--vantage", vantage);
        try (ResultStore store = db.open()) {
            CaptureImport.Result r;
            try {
                r =
                        CaptureImport.run(
                                store,
                                pcap,
                                new CaptureImport.Names(label, campaign, vantage),
                                Version.VERSION);
            } catch (net.mptcpscan.capture.CaptureFormatException e) {
                String m = e.getMessage();
                throw new IllegalArgumentException(
                        "--pcap: " + (m.startsWith(pcap.toString()) ? m : pcap + ": " + m));
            }
            var s = r.summary();
            java.io.PrintStream out = net.mptcpscan.io.Text.terminalSafe(System.out);
            out.printf(
                    "scan %d: %,d frames, %,d SYNs, %,d replies classified, %,d malformed"
                            + " options%n",
                    r.scanId(), s.frames(), s.syns(), s.replies(), s.defects());
            if (!s.mptcpOptions().isEmpty()) out.println("MPTCP options seen: " + s.mptcpOptions());
            s.defectSamples().forEach(d -> out.println("  malformed: " + d));
            for (var a : s.announcements()) {
                out.printf(
                        "ADD_ADDR %s id %d%s from %s (%s) to %s: %s%n",
                        a.address(),
                        a.addressId(),
                        a.port() >= 0 ? " port " + a.port() : "",
                        a.from(),
                        a.side(),
                        a.to(),
                        a.echo() ? "echo (acknowledges an announcement)" : "HMAC " + a.hmac());
            }
            out.printf(
                    "see it with: mptcpscan report --scan %d%s%n",
                    r.scanId(), db.db == null ? "" : " --db " + db.db);
            return 0;
        }
    }
}
