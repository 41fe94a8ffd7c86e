package net.mptcpscan.capture;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.mptcpscan.TestSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Classic pcap with nanosecond timestamps (magic a1b23c4d, as tcpdump --time-stamp-precision=nano
 * writes) is read in nanoseconds, not microseconds.
 */
class PcapTimestampTest {
    @TempDir Path dir;

    static Stream<Path> classicCaptures() throws Exception {
        List<Path> out = new ArrayList<>();
        for (Path p : TestSupport.captureFiles()) {
            byte[] head = new byte[4];
            try (var in = Files.newInputStream(p)) {
                if (in.read(head) == 4 && (head[0] & 0xFF) == 0xd4 && (head[3] & 0xFF) == 0xa1)
                    out.add(p);
            }
        }
        assertFalse(out.isEmpty(), "some real captures are little-endian microsecond pcap");
        return out.stream();
    }

    /**
     * The same capture rewritten with the nanosecond magic and every ts_usec times 1,000 (plus 999
     * ns the reader must drop).
     */
    static Path asNanoseconds(Path pcap, Path out) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0xa1b23c4d);
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            long usec = Integer.toUnsignedLong(b.getInt(pos + 4));
            b.putInt(pos + 4, (int) (usec * 1000 + 999));
            pos += 16 + b.getInt(pos + 8);
        }
        Files.write(out, b.array());
        return out;
    }

    static List<Long> times(Path pcap) throws Exception {
        List<Long> t = new ArrayList<>();
        PcapReader.readAll(pcap, (ts, buf, len, orig) -> t.add(ts));
        return t;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("classicCaptures")
    void nanosecondPcapGivesTheSameMicroseconds(Path pcap) throws Exception {
        List<Long> micros = times(pcap);
        assertFalse(micros.isEmpty());
        assertEquals(micros, times(asNanoseconds(pcap, dir.resolve("ns.pcap"))));
    }
}
