package io.relata.api.customfield;

import java.util.Map;
import java.util.Objects;

/**
 * One choice of a {@link FieldType#PICKLIST} or {@link FieldType#MULTI_PICKLIST} field. Records store the key,
 * people see the label in their language. Options are never removed, since records keep their keys: a retired
 * option is inactive, so that new values cannot choose it while records that have it keep showing its label.
 *
 * @param key    what records store: lower-case letters, digits and dashes, starting with a letter or digit, at most
 *               40 characters
 * @param labels the label by locale: {@code en} always, {@code zh-CN} optionally
 * @param active whether a write may choose it
 */
public record PicklistOption(String key, Map<String, String> labels, boolean active) {

    public PicklistOption {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** @return the label in this locale, else the English one, else the key */
    public String label(String locale) {
        return CustomFieldDefinition.labelOf(labels, locale, Objects.requireNonNullElse(key, ""));
    }
}
