package net.mptcpscan.scan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.mptcpscan.capture.PcapWriter;
import net.mptcpscan.io.ReplacingOutput;
import net.mptcpscan.io.Text;
import net.mptcpscan.report.ExportRows;
import net.mptcpscan.report.output.RowWriters;
import net.mptcpscan.wire.LinkType;

/**
 * A scan's files: --pcap-out, the live -o stream, -u and -m. All are opened at once before anything
 * is stored, so one that cannot be written leaves no scan behind; -m is written through a temporary
 * file created now and renamed at the end. "-" is stdout.
 */
final class ScanOutputs implements AutoCloseable {
    final PcapWriter pcap;
    final LiveOutput live;
    final PrintWriter status;

    /** Null with -m - (stdout) or without -m. */
    final ReplacingOutput metadata;

    private final OutputStream liveStream;
    private final boolean statusToStdout;

    private ScanOutputs(
            PcapWriter pcap,
            LiveOutput live,
            OutputStream liveStream,
            PrintWriter status,
            boolean statusToStdout,
            ReplacingOutput metadata) {
        this.pcap = pcap;
        this.live = live;
        this.liveStream = liveStream;
        this.status = status;
        this.statusToStdout = statusToStdout;
        this.metadata = metadata;
    }

    /** maxResults: zmap's -N, the most rows the live output writes (0: no limit). */
    static ScanOutputs open(ScanOptions opt, long maxResults) throws ScanException {
        PcapWriter pcap = null;
        LiveOutput live = null;
        OutputStream liveStream = null;
        PrintWriter status = null;
        ReplacingOutput metadata = null;
        try {
            if (opt.pcapOut() != null)
                pcap = new PcapWriter(Path.of(opt.pcapOut()), LinkType.ETHERNET.dlt);
            if (opt.outputFile() != null) {
                liveStream =
                        "-".equals(opt.outputFile())
                                ? System.out
                                : Files.newOutputStream(Path.of(opt.outputFile()));
                // Written by the receive thread, flushed by the status thread: shared under one
                // lock.
                // zmap's json module writes one object a line: so does -O json here (json-array for
                // one array).
                String module =
                        opt.outputFormat().equalsIgnoreCase("json") ? "jsonl" : opt.outputFormat();
                java.util.List<String> fields = ExportRows.fields("live", opt.outputFields());
                live =
                        new LiveOutput(
                                RowWriters.shared(
                                        RowWriters.create(
                                                module, fields, liveStream, !opt.noHeaderRow())),
                                fields,
                                opt.liveFilter(),
                                opt.liveDropsDuplicates(),
                                maxResults);
            } else if (opt.zmapDefaultOutput()) {
                liveStream = System.out;
                java.util.List<String> fields =
                        opt.outputFields() == null
                                ? java.util.List.of("saddr")
                                : ExportRows.fields("live", opt.outputFields());
                live =
                        new LiveOutput(
                                RowWriters.shared(
                                        RowWriters.create("csv", fields, System.out, false)),
                                fields,
                                opt.liveFilter(),
                                opt.liveDropsDuplicates(),
                                maxResults);
            }
            if (opt.statusFile() != null) {
                status =
                        new PrintWriter(
                                "-".equals(opt.statusFile())
                                        ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                                        : Files.newBufferedWriter(Path.of(opt.statusFile())),
                                true);
                status.println(StatusMonitor.HEADER);
            }
            if (opt.metadataFile() != null && !"-".equals(opt.metadataFile()))
                metadata = ReplacingOutput.open(Path.of(opt.metadataFile()));
            return new ScanOutputs(
                    pcap, live, liveStream, status, "-".equals(opt.statusFile()), metadata);
        } catch (IOException e) {
            new ScanOutputs(pcap, live, liveStream, status, "-".equals(opt.statusFile()), metadata)
                    .close();
            throw ScanException.badInput(
                    "cannot open an output file: "
                            + Text.printable(String.valueOf(e.getMessage())));
        }
    }

    /** Closes everything; an unfinished -m leaves no file behind. */
    @Override
    public void close() {
        try {
            if (live != null) live.writer.close();
            if (liveStream != null && liveStream != System.out) liveStream.close();
        } catch (IOException ignored) {
        }
        if (status != null) {
            if (statusToStdout) status.flush();
            else status.close();
        }
        try {
            if (metadata != null) metadata.close();
        } catch (IOException ignored) {
        }
        try {
            if (pcap != null) pcap.close();
        } catch (IOException ignored) {
        }
    }
}
