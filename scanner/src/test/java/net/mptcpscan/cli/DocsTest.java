package net.mptcpscan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages and the completion script name every command and every option the commands have,
 * and roff reads them cleanly.
 */
class DocsTest {
    @org.junit.jupiter.api.io.TempDir static Path dir;
    static final CommandLine ROOT = Main.commandLine(null);

    @BeforeAll
    static void generate() throws Exception {
        Docs.write(dir, ROOT);
    }

    /** (command, option name) for every visible option of every visible command. */
    static Stream<Arguments> options() {
        List<Arguments> out = new ArrayList<>();
        for (CommandLine c : Docs.visible(ROOT)) {
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.hidden()) continue;
                for (String n : o.names()) out.add(Arguments.of(c.getCommandName(), n));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("options")
    void theManPageDescribesEachOption(String command, String option) throws Exception {
        String page = Files.readString(dir.resolve("mptcpscan-" + command + ".1"));
        assertTrue(
                page.contains("\\fB" + Docs.esc(option) + "\\fR"),
                command + " page lacks " + option);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("options")
    void completionOffersEachOption(String command, String option) throws Exception {
        String script = Files.readString(dir.resolve("mptcpscan.bash"));
        String function =
                script.substring(script.indexOf("function _picocli_mptcpscan_" + command + "()"));
        function = function.substring(0, function.indexOf("\n}\n"));
        assertTrue(function.contains(option), "the completion of " + command + " lacks " + option);
    }

    static Stream<String> pages() throws Exception {
        Path d = Files.createDirectories(dir.resolve("pages")); // dir: made before any source
        Docs.write(d, ROOT);
        try (Stream<Path> s = Files.list(d)) {
            return s
                    .filter(p -> p.toString().endsWith(".1"))
                    .map(Path::toString)
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("pages")
    void groffReadsEachPageWithoutAWarning(String page) throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v groff").start();
        Assumptions.assumeTrue(
                which.waitFor() == 0,
                "groff is not installed (scripts/setup installs it): the roff check skips");
        Process p =
                new ProcessBuilder("groff", "-man", "-ww", "-z", page)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertEquals("", out, "groff warnings");
    }
}
