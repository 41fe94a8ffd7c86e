package net.mptcpscan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.mptcpscan.classify.Classification;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.scan.ReplyPipeline;
import net.mptcpscan.scan.TargetSetup;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.targets.Ipv4RangeSet;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.FrameEncoder;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.LinkType;
import net.mptcpscan.wire.MptcpOption;
import net.mptcpscan.wire.TcpOption;
import net.mptcpscan.wire.TcpOptionEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The hot paths, per operation: building a probe (the sender's whole per-target work), parsing +
 * validating + classifying a reply (the receiver's), walking the permutation of the whole IPv4
 * space less the default blocklist, and database ingest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPaths {
    static final int SRC = 0xC6120002;
    static final IpAddress SRC6 = IpAddress.v6(0x2001_0002_0000_0000L, 2);
    final ProbeKeys keys = new ProbeKeys(1, 2, 32768, 61000, 2);
    final SynProbe v1 = SynProbe.mptcpV1(ProbeContext.defaults(new byte[6], new byte[6], SRC, 7));
    final SynProbe v0 = SynProbe.mptcpV0(ProbeContext.defaults(new byte[6], new byte[6], SRC, 7));
    final byte[] frame = new byte[128];
    int dst;

    TargetSpace.Walk walk;
    TargetSpace space;

    /** Distinct valid replies (one per target), fed in turn through the real receive pipeline. */
    static final int REPLIES = 1 << 16;

    byte[][] replies, replies6;

    /**
     * The receive pipeline, fresh (empty dedup table) before each pass over the replies: its own
     * state, so the per-invocation setup touches only the benchmark that needs it.
     */
    @State(Scope.Thread)
    public static class Receiver {
        ReplyPipeline pipeline;

        @Setup(Level.Invocation)
        public void fresh(HotPaths h) {
            pipeline =
                    new ReplyPipeline(
                            LinkType.ETHERNET,
                            SourceAddresses.of(new int[] {SRC}, SRC6),
                            h.keys,
                            new net.mptcpscan.probe.ProbeModule[] {h.v1, h.v0},
                            1,
                            null,
                            null,
                            null,
                            1,
                            new ReplyPipeline.Tables());
        }
    }

    @Setup
    public void setup() throws Exception {
        Ipv4RangeSet allowed = Ipv4RangeSet.ALL.minus(TargetSetup.blocklist(null));
        space = new TargetSpace(allowed, new int[] {443}, 42);
        walk = space.walk(0, 1, 0, 1, 0, Long.MAX_VALUE);
        List<TcpOption> o = new ArrayList<>();
        o.add(new TcpOption.Mss(1460));
        o.add(new TcpOption.SackPermitted());
        o.add(new TcpOption.Timestamps(99, 7));
        o.add(new TcpOption.Nop());
        o.add(new TcpOption.WindowScale(7));
        o.add(new MptcpOption.MpCapable(12, 1, MptcpOption.FLAG_H, 0x1234567890L, null, -1, -1));
        byte[] options = TcpOptionEncoder.encode(o);
        replies = new byte[REPLIES][];
        replies6 = new byte[REPLIES][];
        for (int i = 0; i < REPLIES; i++) {
            int target = 0xC6130000 + i, port = 443;
            long b = keys.base(SRC, target, port);
            replies[i] =
                    FrameEncoder.encode(
                            new FrameEncoder.TcpFrame(
                                    new byte[6],
                                    new byte[6],
                                    target,
                                    SRC,
                                    64,
                                    0,
                                    port,
                                    keys.sourcePort(b, 0),
                                    5,
                                    ProbeKeys.sequence(b, 0) + 1,
                                    0x12,
                                    65535,
                                    options));
            // The same reply from an IPv6 target (hitlist-like: one /64, spread low halves).
            IpAddress t6 = IpAddress.v6(0x2001_0002_0000_0100L, 0x1000L + i * 0x9E37L);
            long b6 = keys.base6(SRC6.hi(), SRC6.lo(), t6.hi(), t6.lo(), port);
            replies6[i] =
                    FrameEncoder.encode(
                            new FrameEncoder.TcpFrame(
                                    new byte[6],
                                    new byte[6],
                                    t6,
                                    SRC6,
                                    64,
                                    0,
                                    port,
                                    keys.sourcePort(b6, 0),
                                    5,
                                    ProbeKeys.sequence(b6, 0) + 1,
                                    0x12,
                                    65535,
                                    options));
        }
    }

    /** The IPv6 sender's per-target work: the 128-bit keyed hash, the IPv6 template patch. */
    @Benchmark
    public byte[] buildProbe6() {
        long d = dst++;
        long b = keys.base6(SRC6.hi(), SRC6.lo(), 0x2001_0002_0000_0100L, d, 443);
        v1.write6(
                frame,
                0,
                SRC6.hi(),
                SRC6.lo(),
                0x2001_0002_0000_0100L,
                d,
                443,
                keys.sourcePort(b, 0),
                ProbeKeys.sequence(b, 0),
                0);
        return frame;
    }

    /** parseValidateClassify for IPv6 replies (extension-header walk, 128-bit validation). */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public long parseValidateClassify6(Receiver rx) {
        for (byte[] r : replies6) rx.pipeline.onFrame(r, r.length, 0);
        if (rx.pipeline.validReplies() != REPLIES)
            throw new IllegalStateException("validation failed: " + rx.pipeline.validReplies());
        return rx.pipeline.validReplies();
    }

    /** Sender: hash, sequence number, source port, template patch with checksums. */
    @Benchmark
    public byte[] buildProbe() {
        int d = dst++;
        long b = keys.base(SRC, d, 443);
        v1.write(frame, 0, d, 443, keys.sourcePort(b, 0), ProbeKeys.sequence(b, 0), 0);
        return frame;
    }

    /**
     * Receiver: the scanner's own ReplyPipeline.onFrame per reply (header fields, stateless
     * validation, dedup, full decode, classification, live verdict counts), nothing copied.
     */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public long parseValidateClassify(Receiver rx) {
        for (byte[] r : replies) rx.pipeline.onFrame(r, r.length, 0);
        if (rx.pipeline.validReplies() != REPLIES)
            throw new IllegalStateException("validation failed: " + rx.pipeline.validReplies());
        return rx.pipeline.validReplies();
    }

    /**
     * The permutation of the whole IPv4 space with the blocklist: the next target's address and
     * port.
     */
    @Benchmark
    @OperationsPerInvocation(1000)
    public long walkTargets() {
        return walk(space, walk);
    }

    /** A sender's walk over the given addresses and ports, the states below set it up. */
    abstract static class Walking {
        TargetSpace space;
        TargetSpace.Walk walk;

        void start(Ipv4RangeSet addresses, int[] ports) {
            space = new TargetSpace(addresses, ports, 42);
            walk = space.walk(0, 1, 0, 1, 0, Long.MAX_VALUE);
        }
    }

    /** The whole IPv4 space times ports 1-1000 (scripts/bench's maximum-rate scans). */
    @State(Scope.Thread)
    public static class ThousandPorts extends Walking {
        @Setup
        public void setup() throws Exception {
            start(
                    Ipv4RangeSet.ALL.minus(TargetSetup.blocklist(null)),
                    java.util.stream.IntStream.rangeClosed(1, 1000).toArray());
        }
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public long walkTargets1000Ports(ThousandPorts t) {
        return walk(t.space, t.walk);
    }

    /**
     * The whole IPv4 space without the default blocklist and an operator's opt-out list of 5,000
     * random /24s (about 4,300 ranges left to walk), one port.
     */
    @State(Scope.Thread)
    public static class LargeBlocklist extends Walking {
        @Setup
        public void setup() throws Exception {
            java.util.Random r = new java.util.Random(5);
            List<long[]> optOuts = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                long s = r.nextLong() & 0xFFFFFF00L;
                optOuts.add(new long[] {s, s + 255});
            }
            start(
                    Ipv4RangeSet.ALL
                            .minus(TargetSetup.blocklist(null))
                            .minus(Ipv4RangeSet.of(optOuts)),
                    new int[] {443});
        }
    }

    @Benchmark
    @OperationsPerInvocation(1000)
    public long walkTargetsLargeBlocklist(LargeBlocklist t) {
        return walk(t.space, t.walk);
    }

    /** 1000 targets as the sender takes them: their rank, port and address. */
    private static long walk(TargetSpace space, TargetSpace.Walk walk) {
        long acc = 0;
        for (int i = 0; i < 1000; i++) {
            long t = walk.next();
            if (t < 0) break; // a walk of billions of targets does not end within a run
            long rank = space.rank(t);
            acc += space.addressOfRank(rank) + space.port(t, rank);
        }
        return acc;
    }

    @State(Scope.Thread)
    public static class Db {
        JdbcResultStore store;
        long scanId;
        List<ReplyRecord> batch = new ArrayList<>();
        Path dir;

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("mptcpscan-jmh");
            store = JdbcResultStore.open(dir.resolve("db").toString());
            scanId =
                    store.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header(
                                            "jmh", ScanSource.SCAN, 0, 0, 1, null, "jmh"),
                                    1,
                                    0,
                                    "{}"));
            Classification c =
                    new Classification(ReplyClass.MPTCP, null, 1, 1, 0x1234L, java.util.Set.of());
            for (int i = 0; i < 10_000; i++)
                batch.add(
                        new ReplyRecord(
                                IpAddress.v4(0xC6130000 + i),
                                443,
                                40000,
                                1,
                                c,
                                64,
                                65535,
                                "S.",
                                1_700_000_000_000_000L + i));
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            store.close();
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Database ingest: one committed batch of 10,000 replies into an H2 file, per invocation. */
    @Benchmark
    @OperationsPerInvocation(10_000)
    public void ingest(Db db) throws Exception {
        db.store.append(db.scanId, db.batch);
    }
}
