package net.mptcpscan.send;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SourceAddresses;
import net.mptcpscan.probe.SynProbe;
import net.mptcpscan.targets.TargetParser;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.validate.ProbeKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sender's frames and resume point whether it builds its batches itself or on a builder thread
 * (pipelined, at the maximum rate): the same frames in the same order, every target once, the
 * resume point at the walk's end; a send that fails ends both threads.
 */
class SenderTest {
    static final ProbeContext CTX =
            ProbeContext.defaults(
                    new byte[] {2, 0, 0, 0, 0, 1},
                    new byte[] {2, 0, 0, 0, 0, 2},
                    0xC6120002,
                    0x1234567L);

    /** Keeps every frame sent; fails on the frame numbered failAt (-1: never). */
    static final class Recording implements PacketSink {
        final List<byte[]> frames = new ArrayList<>();
        final long failAt;

        Recording(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public void send(byte[] buf, int stride, int[] lengths, int count) throws SendException {
            if (failAt >= 0 && frames.size() + count > failAt)
                throw new SendException("the link went down");
            for (int i = 0; i < count; i++)
                frames.add(java.util.Arrays.copyOfRange(buf, i * stride, i * stride + lengths[i]));
        }

        @Override
        public long retries() {
            return 0;
        }

        @Override
        public void close() {}
    }

    static TargetSpace.Walk walk() {
        return walk(0);
    }

    static TargetSpace.Walk walk(long from) {
        return new TargetSpace(TargetParser.parseBlock("198.18.0.0/18"), new int[] {80, 443}, 9)
                .walk(0, 1, 0, 1, from, Long.MAX_VALUE);
    }

    static Sender sender(TargetSpace.Walk walk, PacketSink sink, boolean pipelined, long maxFails) {
        ProbeModule[] probes = {SynProbe.mptcpV1(CTX), SynProbe.mptcpV0(CTX)};
        return new Sender(
                walk,
                sink,
                probes,
                1,
                new ProbeKeys(1, 2, 32768, 61000, 2),
                SourceAddresses.of(new int[] {0xC6120002}),
                new Sender.Limits(0, Long.MAX_VALUE, maxFails, pipelined),
                new AtomicBoolean(),
                null);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTargetIsProbedOnceInTheWalksOrder(boolean pipelined) {
        Recording serial = new Recording(-1), tested = new Recording(-1);
        TargetSpace.Walk w = walk();
        sender(walk(), serial, false, 0).run();
        Sender s = sender(w, tested, pipelined, 0);
        s.run();
        assertNull(s.failure());
        assertEquals(2 * 2 * 16384, tested.frames.size(), "2 probes x 2 ports x a /18");
        for (int i = 0; i < serial.frames.size(); i++)
            assertArrayEquals(serial.frames.get(i), tested.frames.get(i), "frame " + i);
        assertEquals(w.position(), s.position(), "the resume point is the walk's end");
        assertEquals(tested.frames.size(), s.sent());
    }

    /**
     * A failed send ends sending with the failure, and the builder thread with it; the resume point
     * is where the frames that went out end.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFailedSendEndsSendingBehindTheResumePoint(boolean pipelined) throws Exception {
        Recording sink = new Recording(10_000);
        Sender s = sender(walk(), sink, pipelined, 0);
        Thread t = new Thread(s);
        t.start();
        t.join(10_000);
        assertFalse(t.isAlive(), "the sender ended");
        assertNotNull(s.failure());
        assertEquals(sink.frames.size(), s.sent());
        // resumed from its resume point, the scan sends exactly the frames that did not go out
        Recording all = new Recording(-1), rest = new Recording(-1);
        sender(walk(), all, false, 0).run();
        sender(walk(s.position()), rest, false, 0).run();
        List<byte[]> joined = new ArrayList<>(sink.frames);
        joined.addAll(rest.frames);
        assertEquals(all.frames.size(), joined.size());
        for (int i = 0; i < joined.size(); i++)
            assertArrayEquals(all.frames.get(i), joined.get(i), "frame " + i);
        for (int i = 0; i < 100 && builders() > 0; i++) Thread.sleep(10);
        assertEquals(0, builders(), "no builder thread left");
    }

    static long builders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().endsWith("-build") && t.isAlive())
                .count();
    }
}
