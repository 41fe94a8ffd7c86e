package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.report.output.parquet.ParquetWriter;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An export's reply row, made at once, holds for each field what the field read by its name
 * (replyField, as live output and filters read it) gives: same value, same type, same order.
 */
class ExportRowsTest {
    static java.util.List<String> fields() {
        return ExportRows.REPLY_FIELDS;
    }

    @ParameterizedTest
    @MethodSource("fields")
    void aReplyRowHoldsEachFieldAsReadByName(String field) {
        Random r = new Random(field.hashCode());
        for (int i = 0; i < 5_000; i++) {
            ReplyRecord reply = reply(r);
            long scan = r.nextInt(100);
            Map<String, Object> row = ExportRows.reply(scan, reply);
            assertEquals(ExportRows.REPLY_FIELDS, java.util.List.copyOf(row.keySet()));
            assertEquals(ExportRows.replyField(field, scan, reply), row.get(field), "reply " + i);
        }
    }

    static java.util.stream.Stream<java.util.List<String>> fieldSelections() {
        java.util.List<String> reversed = new java.util.ArrayList<>(ExportRows.REPLY_FIELDS);
        java.util.Collections.reverse(reversed);
        return java.util.stream.Stream.of(
                ExportRows.REPLY_FIELDS,
                reversed,
                java.util.List.of("timestamp", "mpc_flags", "saddr"),
                java.util.List.of("mptcp_key", "c_bit", "tcp_flags"));
    }

    /**
     * Replies put into a Parquet file typed (the export's path) make the very file their rows make
     * through write(), whatever fields are asked and in what order: 3 row groups of varied replies.
     */
    @ParameterizedTest
    @MethodSource("fieldSelections")
    void typedRepliesMakeTheFileTheirRowsMake(java.util.List<String> fields, @TempDir Path dir)
            throws Exception {
        Random r = new Random(fields.hashCode());
        java.util.List<ReplyRecord> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 300_000; i++) replies.add(reply(r));
        Path rows = dir.resolve("rows.parquet"), typed = dir.resolve("typed.parquet");
        try (ParquetWriter w = new ParquetWriter(fields, rows)) {
            for (ReplyRecord reply : replies) w.write(ExportRows.reply(7, reply));
        }
        int[] at = ExportRows.replyFieldIndices(fields);
        try (ParquetWriter w = new ParquetWriter(fields, typed)) {
            for (ReplyRecord reply : replies) ExportRows.putReply(w.typedRow(), at, 7, reply);
        }
        assertArrayEquals(Files.readAllBytes(rows), Files.readAllBytes(typed));
    }

    /** A reply with every field varied: IPv4 and IPv6, nulls, flags past a byte, keys, evidence. */
    static ReplyRecord reply(Random r) {
        ReplyClass[] classes = ReplyClass.values();
        Evidence[] evidence = Evidence.values();
        {
            Classification c =
                    new Classification(
                            classes[r.nextInt(classes.length)],
                            r.nextBoolean() ? null : "reason " + r.nextInt(5),
                            r.nextBoolean() ? null : r.nextInt(2),
                            r.nextBoolean() ? null : r.nextInt(r.nextBoolean() ? 256 : 4096),
                            r.nextBoolean() ? null : r.nextLong(),
                            r.nextBoolean()
                                    ? Set.of()
                                    : EnumSet.of(
                                            evidence[r.nextInt(evidence.length)],
                                            evidence[r.nextInt(evidence.length)]));
            ReplyRecord reply =
                    new ReplyRecord(
                            r.nextBoolean()
                                    ? IpAddress.v4(r.nextInt())
                                    : IpAddress.v6(r.nextLong(), r.nextLong()),
                            r.nextInt(65536),
                            r.nextInt(65536),
                            r.nextInt(2),
                            c,
                            r.nextInt(256),
                            r.nextInt(65536),
                            r.nextBoolean() ? null : "SA",
                            1_700_000_000_000_000L + r.nextLong(1L << 40));
            return reply;
        }
    }
}
