package net.mptcpscan.report;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One result row as the writers take it (a map from field name to value), kept as an array in the
 * view's field order and read by name through an index the view's rows share: a LinkedHashMap per
 * row, growing its table and a node per field, was a third of an export of 5 million targets.
 * Fields beyond the view's (asn, added by --pfx2as) go to a small map of their own.
 */
final class FieldRow extends AbstractMap<String, Object>
        implements net.mptcpscan.report.output.OrderedRow {
    /** A view's fields and where each one's value is. */
    record Fields(List<String> names, Map<String, Integer> index) {
        static Fields of(List<String> names) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
            return new Fields(List.copyOf(names), Map.copyOf(index));
        }
    }

    private final Fields fields;
    private final Object[] values;
    private Map<String, Object> extra;

    /** values: one per field, in the fields' order. */
    FieldRow(Fields fields, Object[] values) {
        this.fields = fields;
        this.values = values;
    }

    @Override
    public List<String> fieldNames() {
        return fields.names();
    }

    @Override
    public Object valueAt(int i) {
        return values[i];
    }

    @Override
    public Object get(Object key) {
        Integer i = fields.index().get(key);
        if (i != null) return values[i];
        return extra == null ? null : extra.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return fields.index().containsKey(key) || (extra != null && extra.containsKey(key));
    }

    @Override
    public Object put(String key, Object value) {
        Integer i = fields.index().get(key);
        if (i != null) {
            Object old = values[i];
            values[i] = value;
            return old;
        }
        if (extra == null) extra = new LinkedHashMap<>();
        return extra.put(key, value);
    }

    @Override
    public int size() {
        return values.length + (extra == null ? 0 : extra.size());
    }

    /** The fields in order, then the added ones: a copy (rows are read, not changed, this way). */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(fields.names().get(i), values[i]);
        if (extra != null) m.putAll(extra);
        return java.util.Collections.unmodifiableMap(m).entrySet();
    }
}
