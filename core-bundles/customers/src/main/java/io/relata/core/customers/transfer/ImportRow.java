package io.relata.core.customers.transfer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.relata.api.customfield.CustomFields;

/**
 * One row of an import file, as the mapping reads it: the non-blank values by field ({@code name},
 * {@code address.city}, {@code cf.region}).
 *
 * @param line the line of the file the row starts on, the header being line 1
 */
record ImportRow(long line, Map<String, String> values) {

    ImportRow {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return the value, without surrounding blanks, or {@code null} when the column is empty or not mapped */
    String text(String field) {
        return values.get(field);
    }

    /** The fields the row has a value for: what an update changes. */
    Set<String> given() {
        return values.keySet();
    }

    /** The custom-field values, by field key. */
    Map<String, Object> customFields() {
        Map<String, Object> custom = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            if (field.startsWith(CustomFields.FILTER_PREFIX)) {
                custom.put(field.substring(CustomFields.FILTER_PREFIX.length()), value);
            }
        });
        return custom;
    }
}
