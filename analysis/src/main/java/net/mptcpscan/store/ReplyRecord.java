package net.mptcpscan.store;

import net.mptcpscan.classify.Classification;

/** One validated, classified reply as stored: the target, the probe it answers, its class. */
public record ReplyRecord(
        int target,
        int targetPort,
        int ourPort,
        int probeVersion,
        Classification classification,
        int ttl,
        int window,
        String tcpFlags,
        long receivedMicros) {}
