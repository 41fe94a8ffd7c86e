package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * The host stored with a scan (to tell this machine's crashed scans from others', and for --resume
 * latest) is read from the kernel, not resolved: it must still be the name earlier versions stored,
 * or their interrupted scans would no longer be found as this machine's.
 */
class HostNameTest {
    @Test
    void theHostIsTheNameEarlierVersionsStored() throws Exception {
        assertEquals(java.net.InetAddress.getLocalHost().getHostName(), DbLocation.hostName());
    }
}
