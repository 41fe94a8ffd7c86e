package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.ProbeModules;
import net.mptcpscan.probe.SynProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * zmap's conversions: -B to packets per second, -s ranges, -n percentages, --mptcp-versions; stored
 * requests read back.
 */
class ScanOptionsTest {
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

    static ScanRequest request(
            double rate, String bandwidth, String ports, String maxTargets, String blocklist) {
        return new ScanRequest(
                List.of("198.18.1.0/24"),
                ports,
                rate,
                bandwidth,
                1,
                1,
                1,
                0,
                maxTargets,
                0,
                8,
                1,
                null,
                null,
                "32768-61000",
                null,
                blocklist,
                null,
                null,
                "1,0",
                null,
                null,
                null,
                true,
                true,
                0,
                0,
                null,
                null,
                0);
    }

    static ScanConfig cfg(double rate, String bandwidth) throws ScanException {
        return request(rate, bandwidth, "443", "0", null).parse();
    }

    @Test
    void bandwidthCountsEthernetOverhead() throws Exception {
        ProbeContext ctx = ProbeContext.defaults(new byte[6], new byte[6], 1, 1);
        ProbeModule[] v1 = {SynProbe.mptcpV1(ctx)};
        // 78-byte frames + 24 bytes of preamble, FCS and gap = 816 bits: 10 Mb/s is 12,254 pps.
        assertEquals(10e6 / 816, ScanPlan.packetRate(cfg(0, "10M"), v1), 1e-6);
        assertEquals(1e9 / 816, ScanPlan.packetRate(cfg(0, "1G"), v1), 1e-3);
        assertEquals(5000, ScanPlan.packetRate(cfg(5000, null), v1));
        assertEquals(0, ScanPlan.packetRate(cfg(0, null), v1), "-r 0: no limit");
    }

    @ParameterizedTest(name = "[{index}] -B {0}")
    @CsvSource({"fast", "-1M", "0", "NaN", "2000G"})
    void badBandwidthIsRefused(String b) {
        ScanException e = assertThrows(ScanException.class, () -> cfg(0, b));
        assertTrue(e.getMessage().startsWith("-B/--bandwidth"), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] -s {0}")
    @CsvSource({"32768-61000, 32768, 61000", "40000, 40000, 40000", "' 1 - 2 ', 1, 2"})
    void sourcePortRanges(String text, int first, int last) throws Exception {
        assertArrayEquals(new int[] {first, last}, ScanRequest.sourcePortRange(text));
    }

    @ParameterizedTest(name = "[{index}] -s {0}")
    @CsvSource({"0-10", "9-1", "abc", "70000", "1-"})
    void badSourcePortRangesAreRefused(String text) {
        assertThrows(ScanException.class, () -> ScanRequest.sourcePortRange(text));
    }

    @ParameterizedTest(name = "[{index}] --mptcp-versions {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1,0|MPTCP_V1,MPTCP_V0",
                "0,none,0|MPTCP_V0,TCP_SYN",
                "none|TCP_SYN",
                "1|MPTCP_V1"
            })
    void versionsAreProbeModulesByName(String versions, String modules) {
        assertEquals(
                java.util.Arrays.stream(modules.split(",")).map(ProbeModules::valueOf).toList(),
                ProbeModules.listed(versions));
    }

    @ParameterizedTest(name = "[{index}] --mptcp-versions ''{0}''")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2", "", "1,,0", "v1"})
    void badVersionsAreRefused(String versions) {
        assertThrows(IllegalArgumentException.class, () -> ProbeModules.listed(versions));
    }

    /**
     * zmap's -n N%: a percentage of 2^32 addresses times the ports (lib/util.c parse_max_targets).
     */
    @ParameterizedTest(name = "[{index}] -n {0} -p {1} -> {2}")
    @CsvSource({
        "1000, 443, 1000",
        "10%, 443, 429496729",
        "10%, '443,80', 858993459",
        "100%, 443, 4294967296",
        "0.5%, 443, 21474836",
        "0, 443, 0"
    })
    void maxTargetsTakesZmapsPercentages(String n, String ports, long expected) throws Exception {
        assertEquals(expected, request(1, null, ports, n, null).parse().maxTargets());
    }

    @ParameterizedTest(name = "[{index}] -n {0}")
    @CsvSource({"abc", "10%%", "-5", "101%", "1e3", "%"})
    void badMaxTargetsIsRefused(String n) {
        ScanException e =
                assertThrows(ScanException.class, () -> request(1, null, "443", n, null).parse());
        assertTrue(e.getMessage().startsWith("-n/--max-targets"), e.getMessage());
    }

    @Test
    void blocklistReplacesTheDefault() throws Exception {
        ScanException e = assertThrows(ScanException.class, () -> TargetSetup.build(cfg(1, null)));
        assertTrue(e.getMessage().contains("no targets left after the blocklist"), e.getMessage());
        ScanConfig none = request(1, null, "443,80", "0", "/dev/null").parse();
        assertEquals(
                512,
                TargetSetup.build(none).space().size(),
                "-b /dev/null turns the blocklist off");
    }

    /**
     * A scan stored before -n took percentages and before --probe-ttl existed still resumes, with
     * the defaults.
     */
    @Test
    void aRequestStoredByAnEarlierVersionReadsBack() throws Exception {
        String old =
                "{\"targets\":[\"198.18.7.0/28\"],\"ports\":\"443\",\"rate\":100.0,\"bandwidth\":null,\"probes\":1,\"seed\":7,\"shards\":1,"
                    + "\"shard\":0,\"maxTargets\":5,\"maxRuntime\":0.0,\"cooldown\":0.0,\"senderThreads\":1,\"iface\":null,\"sourceIp\":\"198.18.0.2\","
                    + "\"sourcePorts\":\"32768-61000\",\"gatewayMac\":null,\"blocklistFile\":\"/dev/null\",\"allowlistFile\":null,\"listOfIpsFile\":null,"
                    + "\"mptcpVersions\":\"1,0\",\"label\":null,\"vantage\":null,\"dryrun\":true,\"qdiscBypass\":true,\"secret0\":11,\"secret1\":12}";
        ScanConfig c = StoredWalk.parse(old).request().parse();
        assertEquals(5, c.maxTargets());
        assertEquals(ScanRequest.DEFAULT_TTL, c.probeTtl());
        assertEquals(11, c.secret0());
        assertNull(StoredWalk.parse(old).walk(), "no walk stored then");
    }

    /** -w: only the allowlist's addresses among the targets (zmap's), here 16 of a /24. */
    @Test
    void theAllowlistNarrowsTheTargets() throws Exception {
        java.nio.file.Path allow = dir.resolve("allow.txt");
        java.nio.file.Files.writeString(allow, "198.18.1.16/28\n");
        ScanConfig c =
                new ScanRequest(
                                List.of("198.18.1.0/24"),
                                "443",
                                1,
                                null,
                                1,
                                1,
                                1,
                                0,
                                "0",
                                0,
                                8,
                                1,
                                null,
                                null,
                                "32768-61000",
                                null,
                                "/dev/null",
                                allow.toString(),
                                null,
                                "1,0",
                                null,
                                null,
                                null,
                                true,
                                true,
                                0,
                                0,
                                null,
                                null,
                                0)
                        .parse();
        var space = TargetSetup.build(c).space();
        assertEquals(16, space.size());
        for (long r = 0; r < 16; r++) {
            int a = space.addresses().addressAt(r);
            assertTrue(
                    a >= net.mptcpscan.wire.Ipv4.parse("198.18.1.16")
                            && a <= net.mptcpscan.wire.Ipv4.parse("198.18.1.31"),
                    "within the allowlist: " + net.mptcpscan.wire.Ipv4.toString(a));
        }
    }
}
