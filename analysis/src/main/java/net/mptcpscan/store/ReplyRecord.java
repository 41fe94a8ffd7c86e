package net.mptcpscan.store;

import net.mptcpscan.classify.Classification;
import net.mptcpscan.wire.IpAddress;

/** One validated, classified reply as stored: the target, the probe it answers, its class. */
public record ReplyRecord(
        IpAddress target,
        int targetPort,
        int ourPort,
        int probeVersion,
        Classification classification,
        int ttl,
        int window,
        String tcpFlags,
        long receivedMicros) {}
