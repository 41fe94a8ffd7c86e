package net.mptcpscan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.mptcpscan.Version;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages (roff: mptcpscan.1 and mptcpscan-COMMAND.1) and the bash/zsh completion script,
 * generated from the picocli model itself, so they cannot drift from the commands. Run at build
 * time (`mptcpscan docs DIR`, by scripts/setup, which installs them).
 */
@CommandLine.Command(
        name = "docs",
        hidden = true,
        mixinStandardHelpOptions = true,
        description = "Write the man pages and the completion script into DIR.")
final class Docs implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "DIR")
    Path dir;

    @CommandLine.Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CommandLine root = spec.commandLine().getParent();
        write(dir, root);
        System.out.println(
                "wrote " + (visible(root).size() + 1) + " man pages and mptcpscan.bash to " + dir);
        return 0;
    }

    static void write(Path dir, CommandLine root) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("mptcpscan.1"),
                manPage(root.getCommandSpec(), visible(root)),
                StandardCharsets.UTF_8);
        for (CommandLine sub : visible(root)) {
            Files.writeString(
                    dir.resolve("mptcpscan-" + sub.getCommandName() + ".1"),
                    manPage(sub.getCommandSpec(), List.of()),
                    StandardCharsets.UTF_8);
        }
        // picocli's script is bash; zsh runs it through bashcompinit (the script says so itself).
        Files.writeString(
                dir.resolve("mptcpscan.bash"),
                AutoComplete.bash("mptcpscan", root),
                StandardCharsets.UTF_8);
    }

    /** The commands a user sees (not the hidden testbed, benchmark and docs helpers). */
    static List<CommandLine> visible(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine c : root.getSubcommands().values()) {
            if (!c.getCommandSpec().usageMessage().hidden()
                    && !c.getCommandName().equals("help")
                    && !out.contains(c)) out.add(c);
        }
        return out;
    }

    static String manPage(CommandSpec c, List<CommandLine> subcommands) {
        String full = c.qualifiedName(" ");
        String page = full.replace(' ', '-');
        StringBuilder m = new StringBuilder();
        m.append(".TH ")
                .append(page.toUpperCase())
                .append(" 1 \"\" \"mptcpscan ")
                .append(esc(Version.VERSION))
                .append("\" \"mptcpscan manual\"\n");
        String[] desc = c.usageMessage().description();
        m.append(".SH NAME\n")
                .append(esc(page))
                .append(" \\- ")
                .append(esc(desc.length > 0 ? firstSentence(desc[0]) : ""))
                .append('\n');
        m.append(".SH SYNOPSIS\n.B ").append(esc(full)).append('\n');
        if (!c.options().isEmpty()) m.append("[\\fIOPTIONS\\fR]");
        for (PositionalParamSpec p : c.positionalParameters())
            m.append(' ').append(esc(p.paramLabel())).append(p.arity().max() > 1 ? "..." : "");
        if (!subcommands.isEmpty()) m.append(" \\fICOMMAND\\fR");
        m.append("\n.SH DESCRIPTION\n");
        for (String d : desc) m.append(esc(d)).append("\n.PP\n");
        if (!subcommands.isEmpty()) {
            m.append(".SH COMMANDS\n");
            for (CommandLine s : subcommands) {
                String[] sd = s.getCommandSpec().usageMessage().description();
                m.append(".TP\n.B ")
                        .append(esc(s.getCommandName()))
                        .append('\n')
                        .append(esc(sd.length > 0 ? sd[0] : ""))
                        .append(" See \\fBmptcpscan-")
                        .append(esc(s.getCommandName()))
                        .append("\\fR(1).\n");
            }
        }
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (m.indexOf(".SH ARGUMENTS") < 0) m.append(".SH ARGUMENTS\n");
            m.append(".TP\n.I ")
                    .append(esc(p.paramLabel()))
                    .append('\n')
                    .append(esc(String.join(" ", p.description())))
                    .append('\n');
        }
        if (!c.options().isEmpty()) {
            m.append(".SH OPTIONS\n");
            for (OptionSpec o : c.options()) {
                if (o.hidden()) continue;
                m.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) names.add("\\fB" + esc(n) + "\\fR");
                m.append(String.join(", ", names));
                if (o.arity().max() > 0)
                    m.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
                String dflt =
                        o.defaultValue() != null
                                ? o.defaultValue()
                                : String.valueOf(o.initialValue());
                m.append('\n')
                        .append(
                                esc(
                                        String.join(" ", o.description())
                                                .replace("${DEFAULT-VALUE}", dflt)
                                                .replace("%%", "%")))
                        .append('\n');
            }
        }
        for (String f : c.usageMessage().footer())
            if (!f.isBlank()) m.append(".PP\n").append(esc(f)).append('\n');
        m.append(
                ".SH EXIT STATUS\n"
                        + "0 done, 1 failure (or a scan interrupted before its end), 2 bad input, 3"
                        + " scan done but replies were lost before they could be read.\n");
        m.append(".SH SEE ALSO\n")
                .append(page.equals("mptcpscan") ? "" : "\\fBmptcpscan\\fR(1), ")
                .append("\\fBzmap\\fR(1)\n");
        return m.toString();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot < 0 ? s : s.substring(0, dot + 1);
    }

    /** roff escaping: backslashes, dashes, and a line may not start with a control character. */
    static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder b = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (b.length() > 0) b.append('\n');
            if (line.startsWith(".") || line.startsWith("'")) b.append("\\&");
            b.append(line);
        }
        return b.toString();
    }
}
