package net.mptcpscan.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.Evidence;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanCounts;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.store.ScanStatus;
import net.mptcpscan.wire.IpAddress;

/**
 * Synthetic scans with an Internet's shares, for the analysis benchmark (scripts/bench --analysis):
 * 97% plain TCP, 0.5% genuine MPTCP (a fifth with the C bit), 1.5% echoes, the rest closed,
 * anomalous and unreachable, targets spread over the IPv4 space in arrival (random) order, one
 * reply each; the second scan changes the verdict of 10% of the targets. Stored through the store's
 * own API, as a scan stores them.
 *
 * <pre>
 *   generate DB REPLIES [SCANS]  SCANS (2) scans of REPLIES replies, a month apart;
 *                          prints "ingest_rps ... summary_s ..."
 *   duckdb A.parquet B.parquet   the reference: the same per-target aggregation and compare join
 *   capture FILE REPLIES   a pcap of REPLIES probes (MP_CAPABLE v1 SYNs) and their answers with the
 *                          same shares, for analyze's ingest
 * </pre>
 */
public final class SyntheticScans {
    private SyntheticScans() {}

    /** Target i's address: a bijection of the 32-bit space (odd multiplier), so all distinct. */
    static IpAddress address(long i) {
        return IpAddress.v4((int) (i * 0x9E3779B1L + 0x0A000001L));
    }

    /** Target i's verdict in the first scan, by its share; the second changes every tenth. */
    static ReplyClass verdict(long i, boolean second) {
        long h = (i * 0xD1B54A32D192ED03L) >>> 40;
        int per10k = (int) (h % 10_000);
        if (second && (h >>> 14) % 10 == 0) per10k = (per10k + 5_000) % 10_000;
        if (per10k < 50) return ReplyClass.MPTCP;
        if (per10k < 200) return ReplyClass.ECHO;
        if (per10k < 220) return ReplyClass.ANOMALOUS;
        if (per10k < 290) return ReplyClass.CLOSED;
        if (per10k < 300) return ReplyClass.UNREACHABLE;
        return ReplyClass.TCP;
    }

    static ReplyRecord reply(long i, boolean second, long micros) {
        ReplyClass c = verdict(i, second);
        Classification cl =
                switch (c) {
                    case MPTCP ->
                            new Classification(
                                    c, null, 1, i % 5 == 0 ? 0xA1 : 0x21, i * 31 + 7, Set.of());
                    case ECHO ->
                            new Classification(
                                    c, null, null, null, null, EnumSet.of(Evidence.MPC_ECHO));
                    case ANOMALOUS -> new Classification(c, "zero key", 1, 0x21, 0L, Set.of());
                    default -> Classification.of(c);
                };
        return new ReplyRecord(
                address(i),
                443,
                32768 + (int) (i % 28000),
                1,
                cl,
                50 + (int) (i % 14),
                65535,
                c == ReplyClass.CLOSED ? "R." : "S.",
                micros);
    }

    public static void main(String[] args) throws Exception {
        if ((args.length == 3 || args.length == 4) && args[0].equals("generate"))
            generate(
                    args[1],
                    Long.parseLong(args[2]),
                    args.length == 4 ? Integer.parseInt(args[3]) : 2);
        else if (args.length == 3 && args[0].equals("duckdb")) duckdb(args[1], args[2]);
        else if (args.length == 3 && args[0].equals("capture"))
            capture(java.nio.file.Path.of(args[1]), Long.parseLong(args[2]));
        else {
            System.err.println(
                    "usage: generate DB REPLIES [SCANS] | duckdb A.parquet B.parquet | capture FILE"
                            + " REPLIES");
            System.exit(2);
        }
    }

    /** scans: how many, a month apart; every other one has 10% of its verdicts changed. */
    static void generate(String db, long n, int scans) throws Exception {
        long rows = 0, ingestNanos = 0, summaryNanos = 0;
        try (JdbcResultStore store = JdbcResultStore.open(db)) {
            for (int s = 0; s < scans; s++) {
                long start = 1_767_225_600_000L + s * 30L * 86_400_000L; // a month apart
                long id =
                        store.beginScan(
                                ScanRecord.starting(
                                        new ScanRecord.Header(
                                                "synthetic",
                                                ScanSource.SCAN,
                                                1,
                                                0,
                                                1,
                                                null,
                                                "bench"),
                                        start,
                                        n,
                                        "{}"));
                List<ReplyRecord> batch = new ArrayList<>(10_000);
                long t0 = System.nanoTime();
                for (long i = 0; i < n; i++) {
                    batch.add(reply(i, s % 2 == 1, start * 1000 + i));
                    if (batch.size() == 10_000) {
                        store.append(id, batch);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) store.append(id, batch);
                long t1 = System.nanoTime();
                store.finishScan(
                        id,
                        ScanStatus.COMPLETE,
                        new ScanCounts(n, n, n, 0, 0, 0),
                        start + 3_600_000);
                summaryNanos += System.nanoTime() - t1;
                ingestNanos += t1 - t0;
                rows += n;
            }
        }
        System.out.printf(
                "ingest_rps %.0f summary_s %.2f%n", rows / (ingestNanos / 1e9), summaryNanos / 1e9);
    }

    /**
     * A capture as tcpdump on a scanner would make it: each probe (a v1 MP_CAPABLE SYN) and its
     * answer: a plain SYN-ACK, a genuine MP_CAPABLE v1 SYN-ACK with a key, an echo of our option, a
     * RST, or an ICMP-less silence for unreachable ones.
     */
    static void capture(java.nio.file.Path file, long n) throws Exception {
        byte[] us = {2, 0, 0, 0, 0, 1}, gw = {2, 0, 0, 0, 0, 2};
        IpAddress src = IpAddress.v4(0xC6120002);
        var mpcSyn =
                net.mptcpscan.wire.TcpOptionEncoder.encode(
                        List.of(net.mptcpscan.wire.TcpOptionEncoder.mpCapableV1Syn(0x81)));
        try (var w =
                new net.mptcpscan.capture.PcapWriter(
                        new java.io.BufferedOutputStream(
                                java.nio.file.Files.newOutputStream(file), 1 << 20),
                        1)) {
            long t = 1_767_225_600_000_000L;
            for (long i = 0; i < n; i++) {
                IpAddress dst = address(i);
                int sport = 32768 + (int) (i % 28000), seq = (int) (i * 2654435761L);
                byte[] syn =
                        net.mptcpscan.wire.FrameEncoder.encode(
                                new net.mptcpscan.wire.FrameEncoder.TcpFrame(
                                        us, gw, src, dst, 64, 0, sport, 443, seq, 0, 0x02, 64240,
                                        mpcSyn));
                w.write(t++, syn, 0, syn.length);
                ReplyClass c = verdict(i, false);
                byte[] options;
                int flags = 0x12;
                switch (c) {
                    case MPTCP ->
                            options =
                                    net.mptcpscan.wire.TcpOptionEncoder.encode(
                                            List.of(
                                                    new net.mptcpscan.wire.MptcpOption.MpCapable(
                                                            12,
                                                            1,
                                                            0x81,
                                                            i * 31 + 7,
                                                            null,
                                                            -1,
                                                            -1)));
                    case ECHO -> options = mpcSyn;
                    case CLOSED -> {
                        options = new byte[0];
                        flags = 0x14;
                    }
                    case TCP -> options = new byte[0];
                    default -> {
                        continue; // no answer
                    }
                }
                byte[] reply =
                        net.mptcpscan.wire.FrameEncoder.encode(
                                new net.mptcpscan.wire.FrameEncoder.TcpFrame(
                                        gw,
                                        us,
                                        dst,
                                        src,
                                        50,
                                        0,
                                        443,
                                        sport,
                                        (int) (i * 7),
                                        seq + 1,
                                        flags,
                                        flags == 0x14 ? 0 : 65535,
                                        options));
                w.write(t++, reply, 0, reply.length);
            }
        }
    }

    /** The per-target verdict SQL over a replies Parquet file: min rank per (address, port). */
    static String targets(String file) {
        return "SELECT saddr_hi, saddr_lo, sport, MIN(CASE class WHEN 'mptcp' THEN 1 WHEN 'echo'"
                + " THEN 2 WHEN 'anomalous' THEN 3 WHEN 'tcp' THEN 4 WHEN 'closed' THEN 5 ELSE 6"
                + " END) AS r FROM read_parquet('"
                + file.replace("'", "''")
                + "') GROUP BY ALL";
    }

    /**
     * The exports' reference: the same per-target rows `export --view targets` writes (its 13
     * columns, in address order), made by DuckDB from the replies. Writing only the aggregate's
     * four columns made DuckDB's files a quarter of ours (2.5 against 10 GB of JSON lines at 50M).
     */
    static String targetRows(String file) {
        return "SELECT 1::BIGINT AS scan_id, any_value(saddr) AS saddr, sport, CASE MIN(CASE class"
                + " WHEN 'mptcp' THEN 1 WHEN 'echo' THEN 2 WHEN 'anomalous' THEN 3 WHEN 'tcp'"
                + " THEN 4 WHEN 'closed' THEN 5 ELSE 6 END) WHEN 1 THEN 'mptcp' WHEN 2 THEN"
                + " 'echo' WHEN 3 THEN 'anomalous' WHEN 4 THEN 'tcp' WHEN 5 THEN 'closed' ELSE"
                + " 'unreachable' END AS class, list_sort(list_distinct(list(mptcp_version)"
                + " FILTER (WHERE mptcp_version IS NOT NULL))) AS versions,"
                + " bool_or(coalesce(c_bit, false)) AS c_bit, bool_or(coalesce(a_bit, false)) AS"
                + " a_bit, count(*)::INTEGER AS replies, coalesce(string_agg(DISTINCT"
                + " NULLIF(evidence, ''), ','), '') AS evidence, '' AS handshake, '' AS"
                + " handshake_events, '' AS announced, '' AS inference FROM read_parquet('"
                + file.replace("'", "''")
                + "') GROUP BY saddr_hi, saddr_lo, sport ORDER BY saddr_hi NULLS FIRST, saddr_lo,"
                + " sport";
    }

    /** sync(1): written data to disk, between timed jobs. */
    static void sync() throws java.io.IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    static void duckdb(String a, String b) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("SET threads TO 2");
            long t0 = System.nanoTime();
            long targets = 0;
            try (ResultSet rs =
                    st.executeQuery("SELECT r, COUNT(*) FROM (" + targets(a) + ") GROUP BY r")) {
                while (rs.next()) targets += rs.getLong(2);
            }
            long t1 = System.nanoTime();
            long pairs = 0;
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT x.r, y.r, COUNT(*) FROM ("
                                    + targets(a)
                                    + ") x FULL OUTER JOIN ("
                                    + targets(b)
                                    + ") y ON x.saddr_hi IS NOT DISTINCT FROM y.saddr_hi AND"
                                    + " x.saddr_lo = y.saddr_lo AND x.sport = y.sport GROUP BY"
                                    + " ALL")) {
                while (rs.next()) pairs += rs.getLong(3);
            }
            long t2 = System.nanoTime();
            // The exports' reference: the per-target rows written out by DuckDB in each format.
            StringBuilder exports = new StringBuilder();
            for (String[] f :
                    new String[][] {
                        {"csv", "FORMAT csv"},
                        {"jsonl", "FORMAT json"},
                        {"parquet", "FORMAT parquet"}
                    }) {
                java.nio.file.Path to = java.nio.file.Path.of(a + ".duck." + f[0]);
                long e0 = System.nanoTime();
                st.execute(
                        "COPY ("
                                + targetRows(a)
                                + ") TO '"
                                + to.toString().replace("'", "''")
                                + "' ("
                                + f[1]
                                + ")");
                exports.append(String.format(" %s_s %.2f", f[0], (System.nanoTime() - e0) / 1e9));
                java.nio.file.Files.deleteIfExists(to);
                sync(); // the next job does not pay for this file's writeback (as the script's)
            }
            // export --view replies' reference: the replies in address order, as Parquet.
            java.nio.file.Path sorted = java.nio.file.Path.of(a + ".duck.sorted.parquet");
            long r0 = System.nanoTime();
            st.execute(
                    "COPY (SELECT * FROM read_parquet('"
                            + a.replace("'", "''")
                            + "') ORDER BY saddr_hi NULLS FIRST, saddr_lo, sport) TO '"
                            + sorted.toString().replace("'", "''")
                            + "' (FORMAT parquet)");
            exports.append(String.format(" replies_s %.2f", (System.nanoTime() - r0) / 1e9));
            java.nio.file.Files.deleteIfExists(sorted);
            System.out.printf(
                    "report_s %.2f compare_s %.2f%s targets %d pairs %d%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, exports, targets, pairs);
        }
    }
}
