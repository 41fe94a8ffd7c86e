package net.mptcpscan.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.wire.IpAddress;

/**
 * Replies packed up to 1,024 to a row (reply_blocks, schema V10): a database inserts, logs and
 * pages one row per block where it did twenty values per reply, which was what held ingest at
 * 400,000 replies a second. Each reply keeps every value a row had, in the values' own types:
 *
 * <pre>
 * block:  format (1 byte, 1) then the replies
 * reply:  presence bits (2 bytes: v6, version, flags, key, reason, evidence, TCP flags; the C
 *         and A bits are the flags')
 *         class rank (1 byte), address (4 bytes, or 8 + 8 for IPv6)
 *         target port, our port, probe version, TTL, window (zigzag varints)
 *         [MP_CAPABLE version, flags (varints)] [key (8 bytes)] [reason] [evidence] [TCP flags]
 *         received_at as the change from the reply before (zigzag varint, microseconds)
 * text:   UTF-8 length (varint) and bytes; evidence as its names (what the rows held)
 * </pre>
 */
final class ReplyBlock {
    private ReplyBlock() {}

    static final int REPLIES = 1024;
    private static final int FORMAT = 1;

    private static final int V6 = 1, VERSION = 8, FLAGS = 16, KEY = 32;
    private static final int REASON = 64, EVIDENCE = 128, TCP_FLAGS = 256;

    /** replies[from, to) as one block. */
    static byte[] encode(List<ReplyRecord> replies, int from, int to) {
        Out o = new Out(32 * (to - from) + 16);
        o.write(FORMAT);
        long previous = 0;
        for (int i = from; i < to; i++) {
            ReplyRecord r = replies.get(i);
            Classification c = r.classification();
            String reason = ReplyRows.truncate(c.reason(), 200);
            String evidence = c.evidence().isEmpty() ? null : c.evidenceText();
            int bits =
                    (r.target().v6() ? V6 : 0)
                            | (c.mptcpVersion() != null ? VERSION : 0)
                            | (c.mpcFlags() != null ? FLAGS : 0)
                            | (c.key() != null ? KEY : 0)
                            | (reason != null ? REASON : 0)
                            | (evidence != null ? EVIDENCE : 0)
                            | (r.tcpFlags() != null ? TCP_FLAGS : 0);
            o.write(bits);
            o.write(bits >>> 8);
            o.write(c.replyClass().rank());
            if (r.target().v6()) {
                o.int64(r.target().hi());
                o.int64(r.target().lo());
            } else o.int32((int) r.target().lo());
            o.zigzag(r.targetPort());
            o.zigzag(r.ourPort());
            o.zigzag(r.probeVersion());
            o.zigzag(r.ttl());
            o.zigzag(r.window());
            if (c.mptcpVersion() != null) o.zigzag(c.mptcpVersion());
            if (c.mpcFlags() != null) o.zigzag(c.mpcFlags());
            if (c.key() != null) o.int64(c.key());
            if (reason != null) o.text(reason);
            if (evidence != null) o.text(evidence);
            if (r.tcpFlags() != null) o.text(r.tcpFlags());
            o.zigzag(r.receivedMicros() - previous);
            previous = r.receivedMicros();
        }
        return o.toByteArray();
    }

    /** Receives the replies of a block, in the order stored. */
    interface Sink {
        void accept(ReplyRecord r) throws SQLException;
    }

    /**
     * The replies of a block (n of them), each of the given class ranks (all when ranks is 0: bit r
     * set for rank r).
     */
    static void decode(byte[] data, int n, int ranks, Sink out) throws SQLException {
        In in = new In(data);
        int format = in.read();
        if (format != FORMAT)
            throw new SQLException(
                    "a block of replies in format " + format + " (a newer mptcpscan's?)");
        long received = 0;
        for (int i = 0; i < n; i++) {
            int bits = in.read() | in.read() << 8;
            int rank = in.read();
            IpAddress address =
                    (bits & V6) != 0
                            ? IpAddress.v6(in.int64(), in.int64())
                            : IpAddress.v4(in.int32());
            int targetPort = in.zigzag(), ourPort = in.zigzag(), probeVersion = in.zigzag();
            int ttl = in.zigzag(), window = in.zigzag();
            Integer version = (bits & VERSION) != 0 ? in.zigzag() : null;
            Integer flags = (bits & FLAGS) != 0 ? in.zigzag() : null;
            Long key = (bits & KEY) != 0 ? in.int64() : null;
            String reason = (bits & REASON) != 0 ? in.text(0) : null;
            String evidence = (bits & EVIDENCE) != 0 ? in.text(1) : null;
            String tcpFlags = (bits & TCP_FLAGS) != 0 ? in.text(2) : null;
            received += in.zigzagLong();
            if (ranks != 0 && (ranks & 1 << rank) == 0) continue;
            Set<Evidence> ev =
                    evidence == null
                            ? EnumSet.noneOf(Evidence.class)
                            : Evidence.parseList(evidence);
            Classification c =
                    new Classification(ReplyClass.ofRank(rank), reason, version, flags, key, ev);
            out.accept(
                    new ReplyRecord(
                            address,
                            targetPort,
                            ourPort,
                            probeVersion,
                            c,
                            ttl,
                            window,
                            tcpFlags,
                            received));
        }
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void int32(int v) {
            for (int s = 24; s >= 0; s -= 8) write(v >>> s);
        }

        void int64(long v) {
            for (int s = 56; s >= 0; s -= 8) write((int) (v >>> s));
        }

        void zigzag(long v) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                write((int) (z & 0x7F) | 0x80);
                z >>>= 7;
            }
            write((int) z);
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            zigzag(b.length);
            write(b, 0, b.length);
        }
    }

    private static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
            this.b = b;
        }

        int read() throws SQLException {
            if (p >= b.length) throw new SQLException("a block of replies ends early (damaged?)");
            return b[p++] & 0xFF;
        }

        int int32() throws SQLException {
            return read() << 24 | read() << 16 | read() << 8 | read();
        }

        long int64() throws SQLException {
            return (long) int32() << 32 | (int32() & 0xFFFFFFFFL);
        }

        long zigzagLong() throws SQLException {
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                int x = read();
                z |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) break;
                if (shift > 63) throw new SQLException("a damaged block of replies");
            }
            return (z >>> 1) ^ -(z & 1);
        }

        int zigzag() throws SQLException {
            return (int) zigzagLong();
        }

        /**
         * Texts of a field seen lately in this block (slot: the field), each with its bytes: a
         * block's reasons and TCP flags are a few values repeated, so they come back as the same
         * String (the Parquet writer's dictionary then matches by identity, not by hashing a new
         * String per reply; fewer allocations).
         */
        private final String[][] seen = new String[3][4];

        private final byte[][][] seenBytes = new byte[3][4][];
        private final int[] nextSeen = new int[3];

        String text(int slot) throws SQLException {
            int n = zigzag();
            if (n < 0 || p + n > b.length)
                throw new SQLException("a block of replies ends early (damaged?)");
            byte[][] bytes = seenBytes[slot];
            for (int i = 0; i < bytes.length; i++)
                if (bytes[i] != null
                        && java.util.Arrays.equals(bytes[i], 0, bytes[i].length, b, p, p + n)) {
                    p += n;
                    return seen[slot][i];
                }
            String s = new String(b, p, n, StandardCharsets.UTF_8);
            int i = nextSeen[slot];
            nextSeen[slot] = (i + 1) & 3;
            seen[slot][i] = s;
            bytes[i] = java.util.Arrays.copyOfRange(b, p, p + n);
            p += n;
            return s;
        }
    }
}
