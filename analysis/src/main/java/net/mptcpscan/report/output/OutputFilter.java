package net.mptcpscan.report.output;

import java.util.function.Function;

/**
 * zmap's --output-filter as a value: comparisons of a field with a number or a string, joined by &&
 * and ||. Parsed by {@link OutputFilterParser}; evaluated over a row given as a field lookup, so
 * only the fields a filter names are computed.
 */
public sealed interface OutputFilter {
    /** zmap's default filter: successful, first replies only. */
    String ZMAP_DEFAULT = "success = 1 && repeat = 0";

    boolean test(Function<String, Object> row);

    /**
     * True when no row with repeat = 1 can pass: the receiver then need not decode repeats at all.
     */
    boolean excludesRepeats();

    enum Op {
        EQ("="),
        NE("!="),
        LT("<"),
        GT(">"),
        LE("<="),
        GE(">=");
        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /** field OP value; value is a Long (int and bool fields) or a String. */
    record Compare(String field, Op op, Object value) implements OutputFilter {
        @Override
        public boolean test(Function<String, Object> row) {
            Object v = row.apply(field);
            if (v == null) return false;
            if (value instanceof Long n) {
                long x = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
                int c = Long.compare(x, n);
                return switch (op) {
                    case EQ -> c == 0;
                    case NE -> c != 0;
                    case LT -> c < 0;
                    case GT -> c > 0;
                    case LE -> c <= 0;
                    case GE -> c >= 0;
                };
            }
            boolean eq = value.equals(v.toString());
            return op == Op.EQ ? eq : !eq;
        }

        @Override
        public boolean excludesRepeats() {
            return field.equals("repeat")
                    && value instanceof Long n
                    && (op == Op.EQ && n == 0
                            || op == Op.NE && n == 1
                            || op == Op.LT && n == 1
                            || op == Op.LE && n == 0);
        }
    }

    record And(OutputFilter left, OutputFilter right) implements OutputFilter {
        @Override
        public boolean test(Function<String, Object> row) {
            return left.test(row) && right.test(row);
        }

        @Override
        public boolean excludesRepeats() {
            return left.excludesRepeats() || right.excludesRepeats();
        }
    }

    record Or(OutputFilter left, OutputFilter right) implements OutputFilter {
        @Override
        public boolean test(Function<String, Object> row) {
            return left.test(row) || right.test(row);
        }

        @Override
        public boolean excludesRepeats() {
            return left.excludesRepeats() && right.excludesRepeats();
        }
    }
}
