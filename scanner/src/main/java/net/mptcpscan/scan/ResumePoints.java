package net.mptcpscan.scan;

import java.util.ArrayDeque;

/**
 * Where a scan may resume after a crash or kill -9: sender positions such that every reply to a
 * target before them is already in the database. The senders' current positions are not that point:
 * replies to the last targets are still in flight (for up to the cooldown) or queued for the
 * writer. So each checkpoint marks (time, replies queued so far, positions); once the writer has
 * stored as many replies as were queued at a mark, every reply received before it is stored, and
 * the positions of the mark a cooldown earlier are safe. A resume from there sends at most a
 * cooldown and a checkpoint's worth of targets again, and loses none.
 *
 * <p>Replies the capture dropped are lost whatever is stored: a scan stopped for losing too many
 * (--max-drop-rate) resumes from before the first drop instead ({@link #safeBeforeDrops}).
 */
final class ResumePoints {
    private record Mark(long atNanos, long queued, long[] positions) {}

    private final long lagNanos;
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private final long dropsAtStart;
    private long[] safe, cleanSafe;

    /** The last mark before any reply was dropped. */
    private long cleanUntil = Long.MIN_VALUE;

    private boolean dropped;

    /** start: the positions the senders start from (a resumed scan's), safe by definition. */
    ResumePoints(long[] start, double cooldownSeconds, long dropsAtStart) {
        this.safe = start.clone();
        this.cleanSafe = start.clone();
        this.lagNanos = (long) (cooldownSeconds * 1e9);
        this.dropsAtStart = dropsAtStart;
    }

    ResumePoints(long[] start, double cooldownSeconds) {
        this(start, cooldownSeconds, 0);
    }

    /**
     * Records where the senders are now, how many replies were queued for the writer and how many
     * were dropped until now.
     */
    void mark(long nowNanos, long queued, long[] positions, long drops) {
        if (!dropped && drops > dropsAtStart) dropped = true;
        if (!dropped) cleanUntil = nowNanos;
        marks.addLast(new Mark(nowNanos, queued, positions.clone()));
    }

    void mark(long nowNanos, long queued, long[] positions) {
        mark(nowNanos, queued, positions, dropsAtStart);
    }

    /**
     * The latest positions whose replies are all stored (drops aside), given how many replies the
     * writer has stored.
     */
    long[] safe(long stored) {
        // The latest mark whose queued replies are all stored: everything received before it is
        // durable.
        long durableUntil = Long.MIN_VALUE;
        for (Mark m : marks) if (m.queued() <= stored) durableUntil = m.atNanos();
        if (durableUntil == Long.MIN_VALUE) return safe.clone();
        // Targets sent a cooldown before that moment have had their replies, if any, by then.
        while (!marks.isEmpty() && marks.peekFirst().atNanos() <= durableUntil - lagNanos) {
            Mark m = marks.removeFirst();
            safe = m.positions();
            if (cleanUntil != Long.MIN_VALUE && m.atNanos() <= cleanUntil - lagNanos)
                cleanSafe = m.positions();
        }
        return safe.clone();
    }

    /**
     * Like {@link #safe}, and before the first dropped reply too: no target after it is taken as
     * answered.
     */
    long[] safeBeforeDrops(long stored) {
        safe(stored);
        return cleanSafe.clone();
    }
}
