package net.mptcpscan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run builds only the command it runs (a faster start); help, docs and anything else see every
 * command.
 */
class MainTest {
    static final Set<String> ALL = Main.commandLine(null).getSubcommands().keySet();

    @ParameterizedTest
    @ValueSource(strings = {"scan", "analyze", "scans", "export", "report", "compare", "trend"})
    void aCommandRunBuildsThatCommandOnly(String name) {
        assertEquals(Set.of(name), Main.commandLine(name).getSubcommands().keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "docs", "--help", "-h", "--version", "scna"})
    void helpDocsAndUnknownNamesSeeEveryCommand(String first) {
        assertTrue(ALL.containsAll(Set.of("scan", "report", "docs", "help")), ALL.toString());
        assertEquals(ALL, Main.commandLine(first).getSubcommands().keySet());
    }

    /**
     * A scan parses its line without the top command (a faster start): its help reads as the
     * subcommand's does in the whole tree.
     */
    @org.junit.jupiter.api.Test
    void theScanCommandAloneReadsAsTheSubcommand() {
        assertEquals(
                Main.commandLine(null).getSubcommands().get("scan").getUsageMessage(),
                Main.scanAlone().getUsageMessage());
    }
}
