package io.relata.api.reference;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One choice of a picklist. Records store the key; people see the label in their language.
 *
 * @param key      what records store: lower case letters, digits and dashes, 1 to 40 characters
 * @param labels   the label by locale, {@code en} always and {@code zh-CN} usually
 * @param position where it is listed, ascending
 * @param active   whether new records may choose it; records that have an inactive value keep it
 */
public record PicklistValue(String key, Map<String, String> labels, int position, boolean active) {

    public static final String ENGLISH = "en";
    public static final String SIMPLIFIED_CHINESE = "zh-CN";
    /** The locales a label may be given in. */
    public static final List<String> LOCALES = List.of(ENGLISH, SIMPLIFIED_CHINESE);

    public PicklistValue {
        Objects.requireNonNull(key, "key");
        labels = Map.copyOf(Objects.requireNonNull(labels, "labels"));
    }

    /** @return the label in this locale, else the English one, else the key */
    public String label(String locale) {
        String label = labels.get(locale);
        if (label == null) {
            label = labels.get(ENGLISH);
        }
        return label == null ? key : label;
    }
}
