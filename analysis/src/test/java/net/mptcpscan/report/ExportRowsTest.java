package net.mptcpscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.wire.IpAddress;
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
        ReplyClass[] classes = ReplyClass.values();
        Evidence[] evidence = Evidence.values();
        for (int i = 0; i < 5_000; i++) {
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
            long scan = r.nextInt(100);
            Map<String, Object> row = ExportRows.reply(scan, reply);
            assertEquals(ExportRows.REPLY_FIELDS, java.util.List.copyOf(row.keySet()));
            assertEquals(ExportRows.replyField(field, scan, reply), row.get(field), "reply " + i);
        }
    }
}
