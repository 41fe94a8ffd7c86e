package net.mptcpscan.store;

import net.mptcpscan.wire.IpAddress;

/**
 * An address a target announced after our handshake (ADD_ADDR): the target, the announced address
 * with its id and port (-1 without), whether it was the echo form, and its HMAC verdict (valid,
 * valid-legacy, invalid, none).
 */
public record AnnouncementRecord(
        IpAddress target,
        int targetPort,
        int addressId,
        String address,
        int port,
        boolean echo,
        String hmac,
        long receivedMicros) {}
