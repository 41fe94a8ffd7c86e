package net.mptcpscan.store;

import net.mptcpscan.classify.Classification;

/** A reply read back from the store, with its scan. */
public record StoredReply(long scanId, ReplyRecord reply) {
    public Classification classification() {
        return reply.classification();
    }
}
