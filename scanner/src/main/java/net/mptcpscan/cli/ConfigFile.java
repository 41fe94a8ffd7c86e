package net.mptcpscan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.mptcpscan.io.LineReader;
import net.mptcpscan.io.Text;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * zmap's -C/--config FILE for `scan`: one "option value" a line (long option names without the
 * dashes, values optionally in double quotes, a flag alone, '#' comments), as zmap's
 * /etc/zmap/zmap.conf. Options on the command line win over the file's.
 */
final class ConfigFile {
    private ConfigFile() {}

    /** The arguments with the file's options inserted after "scan"; unchanged without -C. */
    static String[] expand(String[] args) {
        if (args.length == 0 || !args[0].equals("scan")) return args;
        List<String> a = new ArrayList<>(Arrays.asList(args));
        String file = null;
        for (int i = 1; i < a.size(); i++) {
            String s = a.get(i);
            if ((s.equals("-C") || s.equals("--config")) && i + 1 < a.size()) {
                file = a.remove(i + 1);
                a.remove(i);
                break;
            }
            if (s.startsWith("--config=")) {
                file = s.substring(9);
                a.remove(i);
                break;
            }
        }
        if (file == null) return args;
        CommandLine.Model.CommandSpec spec = ScanCommand.commandLine().getCommandSpec();
        List<String> fromFile = new ArrayList<>();
        try (LineReader r = LineReader.open("-C/--config", Path.of(file), false)) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] kv = t.split("\\s+", 2);
                OptionSpec o = spec.findOption("--" + kv[0]);
                if (o == null)
                    throw new IllegalArgumentException(
                            r.where()
                                    + ": no option --"
                                    + Text.printable(kv[0])
                                    + " in mptcpscan scan");
                if (givenOnCommandLine(a, o)) continue;
                fromFile.add(o.longestName());
                if (o.arity().max() > 0 && !o.typeInfo().isBoolean()) {
                    if (kv.length < 2)
                        throw new IllegalArgumentException(
                                r.where() + ": --" + kv[0] + " needs a value");
                    String v = kv[1].strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\""))
                        v = v.substring(1, v.length() - 1);
                    fromFile.add(v);
                } else if (kv.length > 1) {
                    throw new IllegalArgumentException(
                            r.where() + ": --" + kv[0] + " is a flag: it takes no value");
                }
            }
        }
        a.addAll(1, fromFile);
        return a.toArray(new String[0]);
    }

    private static boolean givenOnCommandLine(List<String> args, OptionSpec o) {
        for (String s : args)
            for (String n : o.names()) if (s.equals(n) || s.startsWith(n + "=")) return true;
        return false;
    }
}
