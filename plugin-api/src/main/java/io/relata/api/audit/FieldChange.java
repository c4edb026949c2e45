package io.relata.api.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A field's value before and after a change, as text ({@code null} when it had no value).
 *
 * @param field    the field's name as the REST API calls it, e.g. {@code name} or {@code cf.region}
 * @param oldValue the value before
 * @param newValue the value after
 */
public record FieldChange(String field, String oldValue, String newValue) {

    public FieldChange {
        Objects.requireNonNull(field, "field");
    }

    /**
     * The changes between two snapshots of a record's fields, in field-name order; fields equal in both are
     * left out. Values become text: numbers in plain notation, collections as comma-separated lists.
     */
    public static List<FieldChange> between(Map<String, ?> before, Map<String, ?> after) {
        List<FieldChange> changes = new ArrayList<>();
        TreeSet<String> fields = new TreeSet<>(before.keySet());
        fields.addAll(after.keySet());
        for (String field : fields) {
            String old = text(before.get(field));
            String now = text(after.get(field));
            if (!Objects.equals(old, now)) {
                changes.add(new FieldChange(field, old, now));
            }
        }
        return changes;
    }

    /** Every field of a new record, as changes from nothing. */
    public static List<FieldChange> created(Map<String, ?> fields) {
        return between(Map.of(), fields);
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Collection<?> values) {
            return values.isEmpty() ? null : String.join(", ", values.stream().map(FieldChange::text).toList());
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }
}
