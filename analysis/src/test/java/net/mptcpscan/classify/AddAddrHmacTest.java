package net.mptcpscan.classify;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import net.mptcpscan.wire.MptcpOption.AddAddr;
import org.junit.jupiter.api.Test;

/** ADD_ADDR HMACs against values worked out on real captures (NOTES section 7). */
class AddAddrHmacTest {
    /** Linux 6.18 in the namespaces here: 198.19.22.10 id 1, no port, rightmost 64 bits. */
    static final long SERVER = 0xd4232a9e51d2a2e6L,
            CLIENT = 0x28055a832ef76648L,
            HMAC = 0xd535dbcdbc1b2e5fL;

    static AddAddr addAddr(String address, int id, int port, Long hmac, boolean echo, int version)
            throws Exception {
        return new AddAddr(8, version, echo, id, InetAddress.getByName(address), port, hmac);
    }

    @Test
    void theRightmostHalfIsValid() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.VALID,
                AddAddrHmac.verify(addAddr("198.19.22.10", 1, -1, HMAC, false, 1), SERVER, CLIENT));
    }

    @Test
    void theLeftmostHalfIsAnOldKernelsValidHmac() throws Exception {
        // tcpdump-mptcp-aa-v1.pcap: a pre-2020 kernel sent the leftmost 64 bits.
        AddAddr a = addAddr("192.168.136.225", 1, -1, 0x669928744366716cL, false, 1);
        assertEquals(
                AddAddrHmac.Verdict.VALID_LEGACY,
                AddAddrHmac.verify(a, 0x73bb150358a0aecbL, 0x8f0c7c64a6a32ac1L));
    }

    @Test
    void aChangedBitIsInvalid() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.INVALID,
                AddAddrHmac.verify(
                        addAddr("198.19.22.10", 1, -1, HMAC ^ 1, false, 1), SERVER, CLIENT));
    }

    @Test
    void anotherAddressUnderTheSameHmacIsInvalid() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.INVALID,
                AddAddrHmac.verify(addAddr("198.19.22.11", 1, -1, HMAC, false, 1), SERVER, CLIENT));
    }

    @Test
    void theKeysInTheOtherOrderAreInvalid() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.INVALID,
                AddAddrHmac.verify(addAddr("198.19.22.10", 1, -1, HMAC, false, 1), CLIENT, SERVER));
    }

    @Test
    void aPortIsPartOfTheMessage() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.INVALID,
                AddAddrHmac.verify(
                        addAddr("198.19.22.10", 1, 443, HMAC, false, 1), SERVER, CLIENT));
    }

    @Test
    void theEchoFormHasNothingToCheck() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.NONE,
                AddAddrHmac.verify(addAddr("198.19.22.10", 1, -1, null, true, 1), SERVER, CLIENT));
    }

    @Test
    void v0HasNoHmac() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.NONE,
                AddAddrHmac.verify(addAddr("198.19.22.10", 1, -1, null, false, 0), SERVER, CLIENT));
    }

    @Test
    void unknownKeysCannotBeChecked() throws Exception {
        assertEquals(
                AddAddrHmac.Verdict.NONE,
                AddAddrHmac.verify(addAddr("198.19.22.10", 1, -1, HMAC, false, 1), null, CLIENT));
    }
}
