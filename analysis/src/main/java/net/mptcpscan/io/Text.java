package net.mptcpscan.io;

/**
 * Text from outside (file lines, labels, capture names, AS names, arguments) made safe for
 * one terminal line: control characters escaped, so a hostile string can neither break
 * the line nor send escape sequences to the terminal; long text cut.
 */
public final class Text {
    private Text() {}

    /** Control characters (C0, DEL, C1, line and paragraph separators) as \n, \r, \t, \e or \\uXXXX. */
    public static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            if (!control) { if (b != null) b.append(c); continue; }
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

    public static String quote(String s) { return quote(s, 80); }
}
