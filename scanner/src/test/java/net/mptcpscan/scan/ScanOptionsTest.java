package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.mptcpscan.probe.ProbeContext;
import net.mptcpscan.probe.ProbeModule;
import net.mptcpscan.probe.SynProbe;
import org.junit.jupiter.api.Test;

/** zmap's conversions: -B to packets per second, -s ranges, --mptcp-versions. */
class ScanOptionsTest {
    static ScanConfig cfg(double rate, String bandwidth) {
        return new ScanConfig(List.of("198.18.1.0/24"), "443", rate, bandwidth, 1, 1, 1, 0, 0, 0, 8, 1, null, null, "32768-61000", null,
                null, null, null, "1,0", null, null, true, true, 0, 0);
    }

    @Test
    void bandwidthCountsEthernetOverhead() throws Exception {
        ProbeContext ctx = ProbeContext.defaults(new byte[6], new byte[6], 1, 1);
        ProbeModule[] v1 = {SynProbe.mptcpV1(ctx)};
        // 78-byte frames + 24 bytes of preamble, FCS and gap = 816 bits: 10 Mb/s is 12,254 pps.
        assertEquals(10e6 / 816, ScanPlan.packetRate(cfg(0, "10M"), v1), 1e-6);
        assertEquals(1e9 / 816, ScanPlan.packetRate(cfg(0, "1G"), v1), 1e-3);
        assertEquals(5000, ScanPlan.packetRate(cfg(5000, null), v1));
        assertThrows(ScanException.class, () -> ScanPlan.packetRate(cfg(0, "fast"), v1));
        assertThrows(ScanException.class, () -> ScanPlan.packetRate(cfg(0, "-1M"), v1));
    }

    @Test
    void sourcePortsAndVersions() throws Exception {
        assertArrayEquals(new int[] {32768, 61000}, ScanPlan.sourcePorts("32768-61000"));
        assertArrayEquals(new int[] {40000, 40000}, ScanPlan.sourcePorts("40000"));
        assertThrows(ScanException.class, () -> ScanPlan.sourcePorts("0-10"));
        assertThrows(ScanException.class, () -> ScanPlan.sourcePorts("9-1"));
        assertEquals(List.of(1, 0), TargetSetup.versions("1,0"));
        assertEquals(List.of(0, -1), TargetSetup.versions("0,none,0"));
        assertEquals(2, assertThrows(ScanException.class, () -> TargetSetup.versions("2")).exitCode);
    }

    @Test
    void blocklistReplacesTheDefault() throws Exception {
        ScanException e = assertThrows(ScanException.class, () -> TargetSetup.build(cfg(1, null)));
        assertTrue(e.getMessage().contains("no targets left after the blocklist"), e.getMessage());
        ScanConfig none = new ScanConfig(List.of("198.18.1.0/24"), "443,80", 1, null, 1, 1, 1, 0, 0, 0, 8, 1, null, null, "32768-61000", null,
                "/dev/null", null, null, "1,0", null, null, true, true, 0, 0);
        assertEquals(512, TargetSetup.build(none).space().size(), "-b /dev/null turns the blocklist off");
    }
}
