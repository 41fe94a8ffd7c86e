package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import net.mptcpscan.targets.TargetParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scan's stored configuration: written without Jackson's databinding (its start cost every scan
 * 50-90 ms before the first probe), yet the same text as databinding wrote, which every stored scan
 * holds and every resume reads back.
 */
class StoredWalkTest {
    static final StoredWalk WALK =
            new StoredWalk(
                    new TargetParser.AddressBlocks(
                            TargetSetup.parseRangesText(
                                    "167772160-184549375,3232235520-3232301055"),
                            TargetSetup.parseRangesText6("2001:db8::-2001:db8::ffff")),
                    "sha256:0123");

    static Stream<ScanRequest> requests() {
        ScanRequest sparse = ScanOptionsTest.request(100, null, "443", "0", null);
        ScanRequest full =
                new ScanRequest(
                        List.of("198.18.1.0/24", "2001:2::/120", "say \"hi\"\n"),
                        "443,80",
                        1.5e6,
                        "10M",
                        2,
                        -7,
                        4,
                        3,
                        "10%",
                        12.25,
                        0.5,
                        2,
                        "scan0",
                        "198.18.0.2-198.18.0.3",
                        "40000-40100",
                        "02:00:00:00:be:ef",
                        "blocklists/testbed.conf",
                        "allow.txt",
                        "hitlist.txt",
                        "1",
                        "label é",
                        "vantage-a",
                        "campaign-1",
                        false,
                        false,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        "02:00:00:00:00:01",
                        255,
                        1_000_000_000_000L);
        return Stream.of(sparse, full);
    }

    /** What the databinding wrote: an indented tree of the request, the walk added last. */
    static String asDatabindingWroteIt(ScanRequest r, StoredWalk w) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = json.valueToTree(r);
        ObjectNode o = n.putObject("walk");
        o.put("blocklist", TargetSetup.rangesText(w.blocklist().v4()));
        o.put("blocklist6", TargetSetup.rangesText6(w.blocklist().v6()));
        o.put("fingerprint", w.fingerprint());
        return json.writeValueAsString(n);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void theStoredTextIsWhatTheDatabindingWrote(ScanRequest r) throws Exception {
        assertEquals(asDatabindingWroteIt(r, WALK), StoredWalk.json(r, WALK));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void aStoredConfigurationReadsBackAsItsRequest(ScanRequest r) throws Exception {
        StoredWalk.Stored back = StoredWalk.parse(StoredWalk.json(r, WALK));
        assertEquals(r, back.request());
        assertEquals(WALK.fingerprint(), back.walk().fingerprint());
        assertEquals(
                TargetSetup.rangesText(WALK.blocklist().v4()),
                TargetSetup.rangesText(back.walk().blocklist().v4()));
    }

    @Test
    void everyComponentOfARequestIsStored() throws Exception {
        String stored = StoredWalk.json(requests().toList().get(1), WALK);
        for (var c : ScanRequest.class.getRecordComponents())
            assertTrue(stored.contains("\"" + c.getName() + "\" : "), c.getName());
    }
}
