package net.mptcpscan.report.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses zmap's --output-filter syntax: `field = value`, `!=`, `<`, `>`, `<=`, `>=`, joined by `&&`
 * (binding tighter) and `||`, with parentheses. As in zmap, numbers compare with int and bool
 * fields (bools as 1 and 0) and strings only with = and != on string fields; beyond zmap, a string
 * may be quoted ("...") or dotted (saddr = 198.18.1.1). Every field is checked against the fields
 * the output has, so a typo is one clear error, not an empty output.
 */
public final class OutputFilterParser {
    private final String text;
    private final Map<String, String> types;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> at = new ArrayList<>();
    private int pos;

    private OutputFilterParser(String text, Map<String, String> types) {
        this.text = text;
        this.types = types;
    }

    /**
     * Returns null for an empty filter (every row passes). types: field name -> int, bool or
     * string.
     */
    public static OutputFilter parse(String text, Map<String, String> types) {
        if (text == null || text.isBlank()) return null;
        OutputFilterParser p = new OutputFilterParser(text, types);
        p.lex();
        OutputFilter f = p.or();
        if (p.pos < p.tokens.size()) throw p.error("unexpected " + quote(p.tokens.get(p.pos)));
        return f;
    }

    private void lex() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (text.startsWith("&&", i)
                    || text.startsWith("||", i)
                    || text.startsWith("!=", i)
                    || text.startsWith("<=", i)
                    || text.startsWith(">=", i)) i += 2;
            else if ("=<>()".indexOf(c) >= 0) i++;
            else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) throw errorAt(i, "a quoted string without its closing quote");
                i = end + 1;
            } else if (Character.isLetterOrDigit(c)) {
                while (i < text.length()
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || "-_.:".indexOf(text.charAt(i)) >= 0)) i++;
            } else {
                throw errorAt(i, "unexpected character " + quote(String.valueOf(c)));
            }
            tokens.add(text.substring(start, i));
            at.add(start);
        }
    }

    private OutputFilter or() {
        OutputFilter f = and();
        while (accept("||")) f = new OutputFilter.Or(f, and());
        return f;
    }

    private OutputFilter and() {
        OutputFilter f = primary();
        while (accept("&&")) f = new OutputFilter.And(f, primary());
        return f;
    }

    private OutputFilter primary() {
        if (accept("(")) {
            OutputFilter f = or();
            if (!accept(")")) throw error("a ')' is missing");
            return f;
        }
        String field = next("a field name");
        if (!Character.isLetter(field.charAt(0)))
            throw error(quote(field) + " is not a field name");
        String type = types.get(field);
        if (type == null)
            throw error(
                    "no field "
                            + quote(field)
                            + " (fields: "
                            + String.join(",", types.keySet())
                            + ")");
        String opText = next("a comparison (=, !=, <, >, <=, >=) after " + field);
        OutputFilter.Op op = null;
        for (OutputFilter.Op o : OutputFilter.Op.values()) if (o.symbol.equals(opText)) op = o;
        if (op == null)
            throw error(
                    "expected a comparison (=, !=, <, >, <=, >=) after "
                            + field
                            + ", not "
                            + quote(opText));
        String v = next("a value after " + field + " " + opText);
        if (!Character.isLetterOrDigit(v.charAt(0)) && v.charAt(0) != '"')
            throw error("expected a value after " + field + " " + opText + ", not " + quote(v));
        boolean number = v.chars().allMatch(Character::isDigit);
        if (number) {
            if (type.equals("string"))
                throw error(
                        "field "
                                + field
                                + " is a string: compare it with = or != and a string, not "
                                + v);
            try {
                return new OutputFilter.Compare(field, op, Long.parseLong(v));
            } catch (NumberFormatException e) {
                throw error("the number " + v + " is too large");
            }
        }
        if (!type.equals("string"))
            throw error(
                    "field "
                            + field
                            + " is "
                            + (type.equals("bool") ? "a bool (0 or 1)" : "a number")
                            + ", not "
                            + quote(v));
        if (op != OutputFilter.Op.EQ && op != OutputFilter.Op.NE)
            throw error(
                    "strings compare only with = and != (" + field + " " + opText + " " + v + ")");
        return new OutputFilter.Compare(
                field, op, v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
    }

    private boolean accept(String t) {
        if (pos < tokens.size() && tokens.get(pos).equals(t)) {
            pos++;
            return true;
        }
        return false;
    }

    private String next(String what) {
        if (pos >= tokens.size()) throw error(what + " is missing at the end");
        return tokens.get(pos++);
    }

    private IllegalArgumentException error(String why) {
        int i = Math.min(pos, tokens.size()) - 1;
        return errorAt(i < 0 ? 0 : at.get(Math.max(0, Math.min(i, at.size() - 1))), why);
    }

    private IllegalArgumentException errorAt(int index, String why) {
        return new IllegalArgumentException(
                why + " (at character " + (index + 1) + " of " + quote(text) + ")");
    }

    private static String quote(String s) {
        return net.mptcpscan.io.Text.quote(s);
    }
}
