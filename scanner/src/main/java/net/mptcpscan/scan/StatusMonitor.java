package net.mptcpscan.scan;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Instant;
import net.mptcpscan.classify.ReplyClass;

/**
 * The status line on stderr each second, and the -u status file (CSV, a row a second): zmap's
 * columns in zmap's order and meaning (monitor.c), then ours. recv-success counts targets that
 * answered with a SYN-ACK, as zmap's does.
 */
final class StatusMonitor {
    private final PrintStream err;
    private final boolean quiet, storing;
    private final PrintWriter file;
    private final long total, base, started;
    private long lastSent, lastRecv, lastSuccess, lastDrops, lastFailures;

    /** zmap 4.3's -u header, then mptcpscan's own columns. */
    static final String HEADER =
            "real-time,time-elapsed,time-remaining,percent-complete,hit-rate,active-send-threads,"
                + "sent-total,sent-last-one-sec,sent-avg-per-sec,recv-success-total,recv-success-last-one-sec,recv-success-avg-per-sec,"
                + "recv-total,recv-total-last-one-sec,recv-total-avg-per-sec,pcap-drop-total,drop-last-one-sec,drop-avg-per-sec,"
                + "sendto-fail-total,sendto-fail-last-one-sec,sendto-fail-avg-per-sec,"
                + "validation-failures,repeats,stored-total,interface-drop-total,mptcp,echo,anomalous,tcp,closed,unreachable";

    private static final java.time.format.DateTimeFormatter REAL_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                    .withZone(java.time.ZoneId.systemDefault());

    /**
     * base: targets already probed by earlier runs (a resumed scan), not counted in this run's
     * rate.
     */
    StatusMonitor(
            PrintStream err,
            boolean quiet,
            boolean storing,
            PrintWriter file,
            long total,
            long base,
            long started) {
        this.err = err;
        this.quiet = quiet;
        this.storing = storing;
        this.file = file;
        this.total = total;
        this.base = base;
        this.started = started;
    }

    /** SYN-ACKs to the first probe per target probed in this run, in percent (zmap's hit rate). */
    double hitRate(Counters c) {
        long done = c.done() - base;
        return done <= 0 ? 0 : 100.0 * c.firstProbeSynAcks() / done;
    }

    /** untilMillis: the end of the cooldown, or null while sending. */
    void tick(Counters c, Long untilMillis) {
        boolean cooldown = untilMillis != null;
        long done = c.done(), sent = c.sent(), recv = c.received();
        double elapsed = (System.currentTimeMillis() - started) / 1000.0;
        double pct = total == 0 ? 100 : 100.0 * done / total;
        double rate = (done - base) / Math.max(elapsed, 0.001);
        long left =
                cooldown
                        ? Math.max(0, (untilMillis - System.currentTimeMillis()) / 1000)
                        : rate > 0 ? (long) ((total - done) / rate) : -1;
        if (!quiet) {
            StringBuilder classes = new StringBuilder();
            for (ReplyClass rc : ReplyClass.values())
                classes.append(' ').append(rc.wireName).append(' ').append(c.verdicts()[rc.rank()]);
            err.printf(
                    "%s %3.0f%%%s; send: %,d (%,d p/s)%s; recv: %,d (%,d p/s)%s; drops: %,d;%s"
                            + " hits: %.2f%%; targets:%s%s%n",
                    clock(elapsed),
                    pct,
                    cooldown
                            ? " (cooldown " + clock(left) + " left)"
                            : left >= 0 ? " (" + clock(left) + " left)" : "",
                    sent,
                    sent - lastSent,
                    c.sent6() > 0 ? String.format(" of which IPv6 %,d", c.sent6()) : "",
                    recv,
                    recv - lastRecv,
                    c.sent6() > 0 ? String.format(" of which IPv6 %,d", c.received6()) : "",
                    c.drops(),
                    c.sendFailures() > 0
                            ? String.format(" send failures: %,d (retried);", c.sendFailures())
                            : "",
                    hitRate(c),
                    classes,
                    !storing
                            ? ""
                            : String.format("; stored %,d", c.stored())
                                    + (c.stalls() > 0
                                            ? String.format(
                                                    " (the database held the receiver up %,d"
                                                            + " times)",
                                                    c.stalls())
                                            : ""));
        }
        long success = c.successes();
        if (file != null) {
            double secs = Math.max(elapsed, 0.001);
            StringBuilder row = new StringBuilder();
            row.append(REAL_TIME.format(Instant.now()))
                    .append(',')
                    .append((long) elapsed)
                    .append(',')
                    .append(Math.max(0, left))
                    .append(',')
                    .append(String.format("%f,%f,%d,", pct, hitRate(c), c.activeSenders()))
                    .append(String.format("%d,%d,%.0f,", sent, sent - lastSent, sent / secs))
                    .append(
                            String.format(
                                    "%d,%d,%.0f,", success, success - lastSuccess, success / secs))
                    .append(String.format("%d,%d,%.0f,", recv, recv - lastRecv, recv / secs))
                    .append(
                            String.format(
                                    "%d,%d,%.0f,",
                                    c.drops(), c.drops() - lastDrops, c.drops() / secs))
                    .append(
                            String.format(
                                    "%d,%d,%.0f,",
                                    c.sendFailures(),
                                    c.sendFailures() - lastFailures,
                                    c.sendFailures() / secs))
                    .append(c.validationFailures())
                    .append(',')
                    .append(c.repeats())
                    .append(',')
                    .append(c.stored())
                    .append(',')
                    .append(c.interfaceDrops());
            for (ReplyClass rc : ReplyClass.values())
                row.append(',').append(c.verdicts()[rc.rank()]);
            file.println(row);
        }
        lastSent = sent;
        lastRecv = recv;
        lastSuccess = success;
        lastDrops = c.drops();
        lastFailures = c.sendFailures();
    }

    static String clock(double seconds) {
        long s = (long) Math.max(0, seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
