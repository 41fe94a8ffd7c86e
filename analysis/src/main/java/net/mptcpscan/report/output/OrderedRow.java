package net.mptcpscan.report.output;

import java.util.List;
import java.util.Map;

/**
 * A row holding its values in a fixed field order that its kind of row shares: writers find where
 * each of their fields is once per kind, not by a name lookup per value (that lookup was a seventh
 * of an export of 5 million targets).
 */
public interface OrderedRow extends Map<String, Object> {
    /** The fields in order: one list per kind of row, compared by identity. */
    List<String> fieldNames();

    Object valueAt(int i);

    /** Where a writer's fields are in the rows it is given; looks again when the kind changes. */
    final class Lookup {
        private final List<String> fields;
        private List<String> shape;
        private int[] at;

        public Lookup(List<String> fields) {
            this.fields = List.copyOf(fields);
        }

        /** The writer's i-th field of row. */
        public Object value(Map<String, Object> row, int i) {
            if (row instanceof OrderedRow o) {
                List<String> names = o.fieldNames();
                if (names != shape) {
                    at = new int[fields.size()];
                    for (int k = 0; k < at.length; k++) at[k] = names.indexOf(fields.get(k));
                    shape = names;
                }
                if (at[i] >= 0) return o.valueAt(at[i]);
            }
            return row.get(fields.get(i));
        }
    }
}
