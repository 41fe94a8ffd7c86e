package net.mptcpscan.capture;

import java.io.IOException;
import java.nio.file.Path;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.ResultStore;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.store.StoreException;

/**
 * `analyze --pcap`: classifies a capture's handshakes and stores them as a scan (source "pcap").
 */
public final class CaptureImport {
    private CaptureImport() {}

    public record Result(long scanId, CaptureAnalyzer.Summary summary) {}

    /**
     * What the stored capture is called: its label (default the file name), campaign (default the
     * label) and vantage (where it was captured), each null when not given.
     */
    public record Names(String label, String campaign, String vantage) {}

    public static Result run(ResultStore store, Path pcap, String label, String toolVersion)
            throws IOException, CaptureFormatException, StoreException {
        return run(store, pcap, new Names(label, null, null), toolVersion);
    }

    public static Result run(ResultStore store, Path pcap, Names names, String toolVersion)
            throws IOException, CaptureFormatException, StoreException {
        String label = names.label();
        // Read it once before storing anything, so a bad file leaves no half-made scan behind.
        CaptureAnalyzer.Span first = CaptureAnalyzer.span(pcap);
        // Dated by its packets, so trend over historical captures puts each where it belongs.
        long started =
                first.firstMicros() > 0 ? first.firstMicros() / 1000 : System.currentTimeMillis();
        long ended =
                first.lastMicros() > 0 ? first.lastMicros() / 1000 : System.currentTimeMillis();
        long id =
                store.beginScan(
                        ScanRecord.starting(
                                new ScanRecord.Header(
                                        label == null ? pcap.getFileName().toString() : label,
                                        ScanSource.PCAP,
                                        0,
                                        0,
                                        1,
                                        names.vantage(),
                                        toolVersion,
                                        names.campaign()),
                                started,
                                0,
                                "{\"pcap\":" + quote(pcap.toAbsolutePath().toString()) + "}"));
        CaptureAnalyzer.Summary s;
        try (BatchingWriter w = new BatchingWriter(store, id, 1 << 16)) {
            s =
                    CaptureAnalyzer.analyze(
                            pcap,
                            r -> {
                                try {
                                    w.add(r);
                                } catch (StoreException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
        } catch (IllegalStateException e) {
            store.finishScan(id, ScanStatus.FAILED, null);
            throw (StoreException) e.getCause();
        }
        // Stage 2 as a live scan stores it: the handshakes and what the servers announced.
        store.appendHandshakes(id, s.handshakes());
        store.appendAnnouncements(id, s.serverAnnouncements());
        store.finishScan(
                id, ScanStatus.COMPLETE, new ScanCounts(0, s.syns(), s.replies(), 0, 0, 0), ended);
        return new Result(id, s);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
