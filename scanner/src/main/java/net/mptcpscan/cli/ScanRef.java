package net.mptcpscan.cli;

import net.mptcpscan.io.Text;
import picocli.CommandLine;

/**
 * A scan as the user names it: its number, or "latest". Parsed strictly, so a typo is bad input,
 * not "no such scan".
 */
public record ScanRef(long id) {
    public static final ScanRef LATEST = new ScanRef(0);

    public boolean latest() {
        return id == 0;
    }

    /** The form the store takes. */
    public String text() {
        return latest() ? "latest" : Long.toString(id);
    }

    @Override
    public String toString() {
        return text();
    }

    public static ScanRef parse(String s) {
        if (s.equals("latest")) return LATEST;
        if (s.matches("[0-9]{1,18}")) {
            long id = Long.parseLong(s);
            if (id > 0) return new ScanRef(id);
        }
        throw new IllegalArgumentException(
                "a scan is its number (1, 2, ...; see 'mptcpscan scans') or 'latest', not "
                        + Text.quote(s));
    }

    /** For picocli: the message becomes "Invalid value for option '--scan': ...". */
    public static final class Converter implements CommandLine.ITypeConverter<ScanRef> {
        @Override
        public ScanRef convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
