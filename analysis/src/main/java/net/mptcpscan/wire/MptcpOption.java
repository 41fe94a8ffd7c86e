package net.mptcpscan.wire;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * The Multipath TCP options (TCP option kind 30) of RFC 6824 (v0) and RFC 8684 (v1). Byte 2 of each
 * is subtype << 4 | low nibble; the records keep every field a scan or a capture analysis can use.
 * Keys and HMACs are unsigned 64-bit values held in longs.
 */
public sealed interface MptcpOption extends TcpOption
        permits MptcpOption.MpCapable,
                MptcpOption.MpJoin,
                MptcpOption.Dss,
                MptcpOption.AddAddr,
                MptcpOption.RemoveAddr,
                MptcpOption.MpPrio,
                MptcpOption.MpFail,
                MptcpOption.MpFastclose,
                MptcpOption.MpTcpRst,
                MptcpOption.MptcpUnknown {

    int MP_CAPABLE = 0,
            MP_JOIN = 1,
            DSS = 2,
            ADD_ADDR = 3,
            REMOVE_ADDR = 4,
            MP_PRIO = 5,
            MP_FAIL = 6,
            MP_FASTCLOSE = 7,
            MP_TCPRST = 8,
            MP_EXPERIMENTAL = 15;

    /**
     * MP_CAPABLE flag bits: A checksum required, B extensibility, C no more subflows (v1), H HMAC.
     */
    int FLAG_A = 0x80, FLAG_B = 0x40, FLAG_C = 0x20, FLAG_H = 0x01;

    /**
     * The flag bits RFC 8684 (v1) and RFC 6824 (v0) leave reserved: D, E, F, G (v1); C too in v0,
     * which had no C.
     */
    int RESERVED_V1 = 0x1E, RESERVED_V0 = 0x3E;

    int subtype();

    default int kind() {
        return KIND_MPTCP;
    }

    /** The subtype's name as RFC 8684 writes it. */
    static String subtypeName(int subtype) {
        return switch (subtype) {
            case MP_CAPABLE -> "MP_CAPABLE";
            case MP_JOIN -> "MP_JOIN";
            case DSS -> "DSS";
            case ADD_ADDR -> "ADD_ADDR";
            case REMOVE_ADDR -> "REMOVE_ADDR";
            case MP_PRIO -> "MP_PRIO";
            case MP_FAIL -> "MP_FAIL";
            case MP_FASTCLOSE -> "MP_FASTCLOSE";
            case MP_TCPRST -> "MP_TCPRST";
            case MP_EXPERIMENTAL -> "MP_EXPERIMENTAL";
            default -> "MPTCP subtype " + subtype;
        };
    }

    /**
     * MP_CAPABLE in its three forms: SYN (v1: length 4, no key; v0: 12 with the sender's key),
     * SYN-ACK (12, responder's key), third ACK (20, both keys; v1 22 adds the data-level length, 24
     * the checksum). Absent fields are -1 for lengths/checksums and null keys.
     */
    record MpCapable(
            int length,
            int version,
            int flags,
            Long senderKey,
            Long receiverKey,
            int dataLevelLength,
            int checksum)
            implements MptcpOption {
        public int subtype() {
            return MP_CAPABLE;
        }

        public boolean checksumRequired() {
            return (flags & FLAG_A) != 0;
        }

        public boolean extensibility() {
            return (flags & FLAG_B) != 0;
        }

        /**
         * v1 only: "do not open more subflows to this address and port" (load balancers, anycast).
         */
        public boolean noMoreSubflows() {
            return version >= 1 && (flags & FLAG_C) != 0;
        }

        public boolean hmacSha() {
            return (flags & FLAG_H) != 0;
        }
    }

    /** MP_JOIN: SYN (12), SYN-ACK (16), ACK (24). Fields absent from a form are -1 / null. */
    record MpJoin(
            int length,
            boolean backup,
            int addressId,
            long receiverToken,
            long senderRandom,
            long truncatedHmac,
            byte[] hmac)
            implements MptcpOption {
        public MpJoin {
            hmac = hmac == null ? null : hmac.clone();
        }

        public byte[] hmac() {
            return hmac == null ? null : hmac.clone();
        }

        public int subtype() {
            return MP_JOIN;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MpJoin j
                    && j.length == length
                    && j.backup == backup
                    && j.addressId == addressId
                    && j.receiverToken == receiverToken
                    && j.senderRandom == senderRandom
                    && j.truncatedHmac == truncatedHmac
                    && Arrays.equals(j.hmac, hmac);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(receiverToken ^ senderRandom ^ truncatedHmac) + addressId;
        }
    }

    /**
     * Data Sequence Signal. Absent fields are null; 4-byte and 8-byte data ACKs and sequence
     * numbers are both held in Long (unsigned where 8 bytes wrap into the sign bit).
     */
    record Dss(
            int length,
            int flags,
            Long dataAck,
            Long dataSequence,
            Long subflowSequence,
            Integer dataLevelLength,
            Integer checksum)
            implements MptcpOption {
        public int subtype() {
            return DSS;
        }

        public boolean dataFin() {
            return (flags & 0x10) != 0;
        }
    }

    /**
     * ADD_ADDR. v0 (RFC 6824) has the IP version in the low nibble and no HMAC; v1 has the echo bit
     * E there, and an HMAC unless E is set. port is -1 when absent, hmac null.
     */
    record AddAddr(
            int length,
            int version,
            boolean echo,
            int addressId,
            InetAddress address,
            int port,
            Long hmac)
            implements MptcpOption {
        public int subtype() {
            return ADD_ADDR;
        }
    }

    record RemoveAddr(int length, int[] addressIds) implements MptcpOption {
        public RemoveAddr {
            addressIds = addressIds.clone();
        }

        public int[] addressIds() {
            return addressIds.clone();
        }

        public int subtype() {
            return REMOVE_ADDR;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RemoveAddr r
                    && r.length == length
                    && Arrays.equals(r.addressIds, addressIds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(addressIds);
        }
    }

    /** MP_PRIO: backup flag, and in v0 an optional address id (-1 when absent). */
    record MpPrio(int length, boolean backup, int addressId) implements MptcpOption {
        public int subtype() {
            return MP_PRIO;
        }
    }

    record MpFail(int length, long dataSequence) implements MptcpOption {
        public int subtype() {
            return MP_FAIL;
        }
    }

    record MpFastclose(int length, long receiverKey) implements MptcpOption {
        public int subtype() {
            return MP_FASTCLOSE;
        }
    }

    /** MP_TCPRST: flags U V W T (low nibble of byte 2) and the reason code. */
    record MpTcpRst(int length, int flags, int reason) implements MptcpOption {
        public int subtype() {
            return MP_TCPRST;
        }

        public boolean transientError() {
            return (flags & 0x1) != 0;
        }
    }

    /** A subtype this decoder has no form for (MP_EXPERIMENTAL, future ones): kept verbatim. */
    record MptcpUnknown(int length, int subtype, byte[] data) implements MptcpOption {
        public MptcpUnknown {
            data = data.clone();
        }

        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MptcpUnknown u
                    && u.subtype == subtype
                    && Arrays.equals(u.data, data);
        }

        @Override
        public int hashCode() {
            return subtype * 31 + Arrays.hashCode(data);
        }
    }
}
