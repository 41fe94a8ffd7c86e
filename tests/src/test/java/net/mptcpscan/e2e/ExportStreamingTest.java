package net.mptcpscan.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports stream: a scan of 400,000 replies exports through a JVM limited to a 48 MiB heap. No
 * privileges needed.
 */
class ExportStreamingTest {
    @TempDir Path dir;

    @Test
    void largeExportsRunInSmallMemory() throws Exception {
        Path db = dir.resolve("db");
        try (JdbcResultStore s = JdbcResultStore.open(db.toString())) {
            long id =
                    s.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            "big", ScanSource.SCAN, 0, 0, 1, null, "t"),
                                    1,
                                    0,
                                    "{}"));
            Classification c = new Classification(ReplyClass.MPTCP, null, 1, 1, 0x1234L, Set.of());
            List<ReplyRecord> batch = new ArrayList<>();
            for (int i = 0; i < 400_000; i++) {
                // Arrival order is not address order: the export has to sort 400k rows.
                batch.add(
                        new ReplyRecord(
                                net.mptcpscan.wire.IpAddress.v4(
                                        (int) (0xC6130000L + ((i * 2654435761L) & 0xFFFFF))),
                                443,
                                40000,
                                1,
                                c,
                                64,
                                65535,
                                "S.",
                                1));
                if (batch.size() == 10_000) {
                    s.append(id, batch);
                    batch.clear();
                }
            }
            s.finishScan(
                    id, ScanStatus.COMPLETE, new ScanCounts(400_000, 400_000, 400_000, 0, 0, 0));
        }
        Path out = dir.resolve("replies.csv");
        Testbed.Result r =
                Testbed.run(
                        300,
                        "env",
                        "MPTCPSCAN_JAVA_OPTS=-Xmx48m",
                        Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                        "export",
                        "--db",
                        db.toString(),
                        "--view",
                        "replies",
                        "--format",
                        "csv",
                        "-o",
                        out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(400_001, java.nio.file.Files.lines(out).count(), "header and every row");
        Testbed.Result t =
                Testbed.run(
                        300,
                        "env",
                        "MPTCPSCAN_JAVA_OPTS=-Xmx48m",
                        Testbed.HOME.resolve("scripts/mptcpscan").toString(),
                        "export",
                        "--db",
                        db.toString(),
                        "--view",
                        "targets",
                        "--format",
                        "jsonl",
                        "-o",
                        dir.resolve("targets.jsonl").toString());
        assertEquals(0, t.code(), t.err());
    }
}
