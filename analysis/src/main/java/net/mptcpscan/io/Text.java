package net.mptcpscan.io;

/**
 * Text from outside (file lines, labels, capture names, AS names, arguments) made safe for one
 * terminal line: control characters escaped, so a hostile string can neither break the line nor
 * send escape sequences to the terminal; long text cut.
 */
public final class Text {
    private Text() {}

    /**
     * Control characters (C0, DEL, C1, line and paragraph separators) as \n, \r, \t, \e or \\uXXXX.
     */
    public static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control =
                    c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 16).append(s, 0, i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x1B -> b.append("\\e");
                default -> b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? s : b.toString();
    }

    /** A value quoted for a message: printable, at most max characters (then "..."). */
    public static String quote(String s, int max) {
        String p = printable(s);
        if (p.length() > max) p = p.substring(0, max) + "...";
        return "'" + p + "'";
    }

    public static String quote(String s) {
        return quote(s, 80);
    }

    /**
     * Labels and vantages are names people read in listings: printable, not empty, at most 200
     * characters.
     */
    public static void requireName(String option, String value) {
        if (value == null) return;
        if (value.isBlank()) throw new IllegalArgumentException(option + ": the name is empty");
        if (value.length() > 200)
            throw new IllegalArgumentException(
                    option + ": at most 200 characters, not " + value.length());
        if (!printable(value).equals(value))
            throw new IllegalArgumentException(
                    option + ": control characters are not allowed in a name: " + quote(value));
    }

    /**
     * A stream for text meant for a terminal: line breaks and tabs pass, every other control
     * character (C0, DEL, and C1 as UTF-8 encodes it) is written escaped, so labels, file names or
     * AS names stored by anyone cannot clear the screen, set the title or reach the clipboard (OSC
     * 52) when a report is printed.
     */
    public static java.io.PrintStream terminalSafe(java.io.OutputStream out) {
        java.io.OutputStream filter =
                new java.io.FilterOutputStream(out) {
                    private boolean
                            c2; // the previous byte was 0xC2, the lead byte of U+0080..U+00BF

                    @Override
                    public void write(int b) throws java.io.IOException {
                        b &= 0xFF;
                        if (c2) {
                            c2 = false;
                            if (b >= 0x80 && b <= 0x9F) {
                                out.write(
                                        String.format("\\u%04x", b)
                                                .getBytes(
                                                        java.nio.charset.StandardCharsets
                                                                .US_ASCII));
                                return;
                            }
                            out.write(0xC2);
                        }
                        if (b == 0xC2) {
                            c2 = true;
                            return;
                        }
                        if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7F) {
                            out.write(
                                    (b == 0x1B
                                                    ? "\\e"
                                                    : b == '\r'
                                                            ? "\\r"
                                                            : String.format("\\u%04x", b))
                                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            return;
                        }
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws java.io.IOException {
                        for (int i = off; i < off + len; i++) write(b[i]);
                    }

                    @Override
                    public void flush() throws java.io.IOException {
                        if (c2) {
                            c2 = false;
                            out.write(0xC2);
                        }
                        out.flush();
                    }
                };
        return new java.io.PrintStream(filter, true, java.nio.charset.StandardCharsets.UTF_8);
    }
}
