package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.mptcpscan.Frames;
import net.mptcpscan.classify.ReplyClass;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.store.BatchingWriter;
import net.mptcpscan.store.JdbcResultStore;
import net.mptcpscan.store.ReplyRecord;
import net.mptcpscan.store.ScanRecord;
import net.mptcpscan.store.ScanSource;
import net.mptcpscan.testbed.Responder;
import net.mptcpscan.testbed.Role;
import net.mptcpscan.validate.ProbeKeys;
import net.mptcpscan.wire.Bytes;
import net.mptcpscan.wire.IpAddress;
import net.mptcpscan.wire.Ipv4;
import net.mptcpscan.wire.LinkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * receive -> validate -> classify -> store without privileges: probes built as the sender builds
 * them, answered by the testbed's responders, fed to the pipeline as captured frames.
 */
class ReplyPipelineTest {
    static final int SRC = Ipv4.parse("198.18.0.2");
    @TempDir Path dir;

    @Test
    void validRepliesAreClassifiedAndStoredOnceAndForgeriesAreNot() throws Exception {
        ProbeContext ctx =
                ProbeContext.defaults(
                        new byte[] {2, 0, 0, 0, 0, 1}, new byte[] {2, 0, 0, 0, 0, 2}, SRC, 4242);
        ProbeModule[] probes = {SynProbe.mptcpV1(ctx), SynProbe.mptcpV0(ctx)};
        ProbeKeys keys = new ProbeKeys(11, 22, 32768, 61000, 2);
        int v0 = Ipv4.parse("198.18.6.10"),
                dual = Ipv4.parse("198.18.6.20"),
                echo = Ipv4.parse("198.18.6.30");
        Responder responder =
                new Responder(
                        Map.of(
                                IpAddress.v4(v0),
                                Role.V0,
                                IpAddress.v4(dual),
                                Role.DUAL,
                                IpAddress.v4(echo),
                                Role.ECHO_ALL),
                        Set.of(443),
                        5);
        try (JdbcResultStore store = JdbcResultStore.open(dir.resolve("db").toString())) {
            long id =
                    store.beginScan(
                            ScanRecord.starting(
                                    new ScanRecord.Header("p", ScanSource.SCAN, 0, 0, 1, null, "t"),
                                    1,
                                    0,
                                    "{}"));
            ReplyPipeline pipeline;
            byte[] lastReply = null, lastSyn = null;
            try (BatchingWriter w = new BatchingWriter(store, id, 1000)) {
                pipeline =
                        new ReplyPipeline(
                                LinkType.ETHERNET,
                                SourceAddresses.of(new int[] {SRC}),
                                keys,
                                probes,
                                1,
                                w,
                                null,
                                null,
                                id,
                                new ReplyPipeline.Tables());
                for (int target : new int[] {v0, dual, echo}) {
                    for (int port : new int[] {443, 8443}) {
                        long base = keys.base(SRC, target, port);
                        for (int slot = 0; slot < 2; slot++) {
                            byte[] syn = new byte[probes[slot].frameLength()];
                            probes[slot].write(
                                    syn,
                                    0,
                                    target,
                                    port,
                                    keys.sourcePort(base, slot),
                                    ProbeKeys.sequence(base, slot),
                                    keys.v0Key(SRC, target, port));
                            byte[] reply = responder.answer(syn, syn.length);
                            pipeline.onFrame(reply, reply.length, 0);
                            lastReply = reply;
                            lastSyn = syn;
                        }
                    }
                }
                pipeline.onFrame(lastReply, lastReply.length, 0); // a retransmitted SYN-ACK
                byte[] forged = lastReply.clone();
                Bytes.put32(forged, 14 + 20 + 8, Bytes.s32(forged, 14 + 20 + 8) + 1); // wrong ack
                pipeline.onFrame(forged, forged.length, 0);
                byte[] icmp = Frames.icmpUnreachable(lastSyn, Ipv4.parse("198.18.0.1"));
                pipeline.onFrame(
                        icmp, icmp.length, 0); // ICMP quoting our probe: a repeat of that slot
                int silent =
                        Ipv4.parse("198.18.6.99"); // a host that never answers; its router does
                long base = keys.base(SRC, silent, 443);
                byte[] syn = new byte[probes[0].frameLength()];
                probes[0].write(
                        syn,
                        0,
                        silent,
                        443,
                        keys.sourcePort(base, 0),
                        ProbeKeys.sequence(base, 0),
                        0);
                assertNull(responder.answer(syn, syn.length));
                byte[] unreach = Frames.icmpUnreachable(syn, Ipv4.parse("198.18.0.1"));
                pipeline.onFrame(unreach, unreach.length, 0);
            }
            assertEquals(13, pipeline.valid, "every probe's reply, once, and the unreachable");
            assertEquals(
                    2, pipeline.repeats, "the retransmission and the ICMP for an answered slot");
            assertEquals(1, pipeline.validationFailures, "the forged ack");
            List<ReplyRecord> stored = new ArrayList<>();
            store.replies(id, List.of(), r -> stored.add(r.reply()));
            assertEquals(13, stored.size());
            long[] v = store.verdictCounts(id);
            assertEquals(2, v[ReplyClass.MPTCP.rank()], "the v0 and the dual server on 443");
            assertEquals(1, v[ReplyClass.ECHO.rank()]);
            assertEquals(3, v[ReplyClass.CLOSED.rank()], "8443 everywhere");
            assertEquals(1, v[ReplyClass.UNREACHABLE.rank()]);
        }
    }
}
