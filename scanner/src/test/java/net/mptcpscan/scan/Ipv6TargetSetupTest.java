package net.mptcpscan.scan;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.targets.TargetSpace;
import net.mptcpscan.wire.AddressParser;
import net.mptcpscan.wire.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which IPv6 targets a scan gets: walked prefixes, hitlists, allow and block lists. */
class Ipv6TargetSetupTest {
    @TempDir Path dir;

    Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static ScanConfig cfg(List<String> targets, String block, String allow, String list)
            throws ScanException {
        return new ScanRequest(
                        targets,
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
                        block,
                        allow,
                        list,
                        "1",
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
    }

    /** Every IPv6 target of a space, as text. */
    static List<String> v6(TargetSpace s) {
        List<String> out = new ArrayList<>();
        long[] a = new long[2];
        for (long r = 0; r < s.addresses6().size(); r++) {
            s.addresses6().addressAt(r, a);
            out.add(IpAddress.v6(a[0], a[1]).toString());
        }
        return out;
    }

    @Test
    void aBlocklistedIpv6PrefixIsCutOutOfAWalk() throws Exception {
        Path block = file("b.conf", "2001:2:0:1::80/121  # the upper half\n");
        TargetSpace s =
                TargetSetup.build(cfg(List.of("2001:2:0:1::/120"), block.toString(), null, null))
                        .space();
        assertEquals(128, s.size());
        assertEquals("2001:2:0:1::7f", v6(s).get(127));
    }

    @Test
    void theDefaultBlocklistRefusesTheDocumentationPrefix() {
        ScanException e =
                assertThrows(
                        ScanException.class,
                        () -> TargetSetup.build(cfg(List.of("2001:db8::/120"), null, null, null)));
        assertTrue(e.getMessage().contains("blocklist"), e.getMessage());
        assertEquals(2, e.exitCode);
    }

    @Test
    void aHitlistDropsRepeatsAndBlockedAddressesAndKeepsTheRest() throws Exception {
        Path block = file("b.conf", "2001:db8::/32\n");
        Path list =
                file(
                        "hitlist.txt",
                        "2001:2::5\n2001:2::5\n2001:db8::1\n# comment\n2001:2::1,extra\n"
                                + "2001:0002:0000:0000:0000:0000:0000:0003\n198.18.1.1\n");
        TargetSpace s =
                TargetSetup.build(cfg(List.of(), block.toString(), null, list.toString())).space();
        assertEquals(List.of("2001:2::1", "2001:2::3", "2001:2::5"), v6(s));
        assertEquals(1, s.addresses().size(), "the IPv4 line too");
    }

    @Test
    void anAllowlistOfOneFamilyDoesNotEmptyTheOther() throws Exception {
        Path allow = file("w.conf", "198.18.1.0/24\n");
        Path list = file("hitlist.txt", "2001:2::1\n198.18.1.1\n198.18.2.1\n");
        TargetSpace s =
                TargetSetup.build(cfg(List.of(), "/dev/null", allow.toString(), list.toString()))
                        .space();
        assertEquals(List.of("2001:2::1"), v6(s));
        assertEquals(1, s.addresses().size());
    }

    @Test
    void anIpv6AllowlistNarrowsAHitlist() throws Exception {
        Path allow = file("w.conf", "2001:2:0:1::/64\n");
        Path list = file("hitlist.txt", "2001:2:0:1::1\n2001:2:0:2::1\n");
        TargetSpace s =
                TargetSetup.build(cfg(List.of(), "/dev/null", allow.toString(), list.toString()))
                        .space();
        assertEquals(List.of("2001:2:0:1::1"), v6(s));
    }

    @Test
    void ipv6TargetsFilterAHitlistInsteadOfBeingWalked() throws Exception {
        Path list = file("hitlist.txt", "2001:2:0:1::1\n2001:2:0:2::1\n");
        TargetSpace s =
                TargetSetup.build(
                                cfg(List.of("2001:2:0:1::/64"), "/dev/null", null, list.toString()))
                        .space();
        assertEquals(List.of("2001:2:0:1::1"), v6(s), "a /64 filters the list: not walked");
    }

    @Test
    void bothFamiliesShareOneWalkThatVisitsEachTargetOnce() throws Exception {
        TargetSpace s =
                TargetSetup.build(
                                cfg(
                                        List.of("198.18.1.0/28", "2001:2:0:1::/124"),
                                        "/dev/null",
                                        null,
                                        null))
                        .space();
        assertEquals(32, s.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int shard = 0; shard < 3; shard++) {
            TargetSpace.Walk w = s.walk(shard, 3, 0, 1, 0, Long.MAX_VALUE);
            long t;
            long[] a = new long[2];
            while ((t = w.next()) >= 0) {
                String k;
                if (s.isV6(t)) {
                    s.address6(t, a);
                    k = IpAddress.v6(a[0], a[1]).toString();
                } else k = IpAddress.v4(s.address(t)).toString();
                assertTrue(seen.add(k), "visited twice: " + k);
            }
        }
        assertEquals(32, seen.size());
        assertTrue(seen.contains("2001:2:0:1::f"));
        assertTrue(seen.contains(AddressParser.parse("198.18.1.15").toString()));
    }
}
