package net.mptcpscan.scan;

import java.util.ArrayDeque;

/**
 * Where a scan may resume after a crash or kill -9: sender positions such that every reply
 * to a target before them is already in the database. The senders' current positions are
 * not that point: replies to the last targets are still in flight (for up to the cooldown)
 * or queued for the writer. So each checkpoint marks (time, replies queued so far, positions);
 * once the writer has stored as many replies as were queued at a mark, every reply received
 * before it is stored, and the positions of the mark a cooldown earlier are safe. A resume
 * from there sends at most a cooldown and a checkpoint's worth of targets again, and loses none.
 */
final class ResumePoints {
    private record Mark(long atNanos, long queued, long[] positions) {}

    private final long lagNanos;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long[] safe;

    /** start: the positions the senders start from (a resumed scan's), safe by definition. */
    ResumePoints(long[] start, double cooldownSeconds) {
        this.safe = start.clone();
        this.lagNanos = (long) (cooldownSeconds * 1e9);
    }

    /** Records where the senders are now and how many replies were queued for the writer until now. */
    void mark(long nowNanos, long queued, long[] positions) {
        marks.addLast(new Mark(nowNanos, queued, positions.clone()));
    }

    /** The latest positions whose replies are all stored, given how many replies the writer has stored. */
    long[] safe(long stored) {
        // The latest mark whose queued replies are all stored: everything received before it is durable.
        long durableUntil = Long.MIN_VALUE;
        for (Mark m : marks) if (m.queued() <= stored) durableUntil = m.atNanos();
        if (durableUntil == Long.MIN_VALUE) return safe.clone();
        // Targets sent a cooldown before that moment have had their replies, if any, by then.
        while (!marks.isEmpty() && marks.peekFirst().atNanos() <= durableUntil - lagNanos) safe = marks.removeFirst().positions();
        return safe.clone();
    }
}
