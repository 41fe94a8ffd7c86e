package net.mptcpscan.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * scan's command line is built in code, each option bound to a field by a getter and a setter: an
 * option must land in a field of its own, read back by its own getter, and change nothing else.
 */
class ScanCommandTest {
    static Stream<String> options() {
        return ScanCommand.commandLine().getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(OptionSpec::longestName);
    }

    /** A value of the option's type that is not its default. */
    static List<String> given(OptionSpec o) {
        Class<?> t = o.type();
        if (o.arity().max() == 0) return List.of(o.longestName());
        String v =
                t == ScanRef.class
                        ? "7"
                        : t == int.class || t == long.class || t == Long.class
                                ? "7"
                                : t == double.class ? "0.5" : "given";
        return List.of(o.longestName(), v);
    }

    static Map<String, Object> values(CommandSpec spec) {
        Map<String, Object> m = new HashMap<>();
        for (OptionSpec o : spec.options()) m.put(o.longestName(), o.getValue());
        return m;
    }

    @ParameterizedTest
    @MethodSource("options")
    void anOptionSetsItsOwnFieldAndNoOther(String name) {
        CommandLine cl = ScanCommand.commandLine();
        CommandSpec spec = cl.getCommandSpec();
        cl.parseArgs("198.18.0.1");
        Map<String, Object> before = values(spec);
        OptionSpec o = spec.findOption(name);
        cl.parseArgs(
                Stream.concat(given(o).stream(), Stream.of("198.18.0.1")).toArray(String[]::new));
        Map<String, Object> after = values(spec);
        assertNotEquals(before.get(name), after.get(name), name + " read back as before");
        for (String other : before.keySet())
            if (!other.equals(name))
                assertTrue(
                        Objects.equals(before.get(other), after.get(other)),
                        name
                                + " changed "
                                + other
                                + ": "
                                + before.get(other)
                                + " -> "
                                + after.get(other));
    }
}
