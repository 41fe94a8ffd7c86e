package net.mptcpscan.store;

import net.mptcpscan.classify.HandshakeStatus;
import net.mptcpscan.wire.IpAddress;

/**
 * Stage 2 with one genuine MPTCP target: the MPTCP version of the handshake, how it ended, what the
 * server sent within the window (HandshakeEvent bits) and when our third ACK left.
 */
public record HandshakeRecord(
        IpAddress target,
        int targetPort,
        int mptcpVersion,
        HandshakeStatus status,
        int events,
        long startedMicros) {}
