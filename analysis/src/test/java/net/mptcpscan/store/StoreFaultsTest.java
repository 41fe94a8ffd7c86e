package net.mptcpscan.store;

import static org.junit.jupiter.api.Assertions.*;

import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The store's judgements that a user meets only when something went wrong: a crashed scan, a full
 * disk, a busy file.
 */
class StoreFaultsTest {
    static final String HERE = DbLocation.hostName();

    /** A pid surely not alive: larger than any pid_max. */
    static final long DEAD = 1L << 40;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "this host's scan whose process is gone, DEAD, HERE, false, true",
        "this host's scan whose process runs, ALIVE, HERE, false, false",
        "another host's scan, DEAD, elsewhere, false, false",
        "this process's own earlier scan, SELF, HERE, false, true",
        "any running scan in an embedded file, ALIVE, elsewhere, true, true",
    })
    void aRunningScanIsStaleOnlyWhenItsProcessIsGone(
            String why, String pid, String host, boolean embedded, boolean stale) {
        long p =
                switch (pid) {
                    case "DEAD" -> DEAD;
                    case "SELF" -> ProcessHandle.current().pid();
                    default ->
                            ProcessHandle.current()
                                    .parent()
                                    .map(ProcessHandle::pid)
                                    .orElseThrow(); // alive, and not us
                };
        assertEquals(
                stale, ScanRows.isStale(p, host.equals("HERE") ? HERE : host, HERE, embedded), why);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "IO Exception: No space left on device|the disk is full",
                "General error: java.io.IOException: disk full|the disk is full",
                "Database may be already in use: /tmp/x.mv.db|in use by another mptcpscan process",
                "Syntax error in SQL statement\\nSELECT ...|Syntax error in SQL statement",
            })
    void aFailureIsOneLineSayingWhatHappened(String message, String line) {
        String m =
                Db.oneLine(
                        new SQLException(
                                message.replace(
                                        "\\n", "\n"))); // the table writes a line break as \n
        assertTrue(m.contains(line), m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }
}
