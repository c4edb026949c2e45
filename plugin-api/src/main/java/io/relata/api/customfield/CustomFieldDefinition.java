package io.relata.api.customfield;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One custom field of a record type, as administrators or a module defined it.
 *
 * @param id            the definition's id (a UUID); ignored by {@link CustomFields#define}
 * @param recordType    the record type that has the field, e.g. {@code customer}: lower-case letters, digits, dots
 *                      and dashes, starting with a letter, at most 100 characters
 * @param key           what the field is called in records' {@code customFields} and in filters
 *                      ({@code cf.<key>}): lower-case letters, digits and underscores, starting with a letter, at
 *                      most 40 characters, unique within the record type regardless of case
 * @param type          what it holds; fixed once the field exists
 * @param labels        what forms show, by locale: {@code en} always, {@code zh-CN} optionally
 * @param required      whether every write of a record must leave it with a value
 * @param options       the choices of a picklist type, in the order forms list them; empty for other types
 * @param maxLength     the most characters a {@link FieldType#TEXT} or {@link FieldType#LONG_TEXT} value may have;
 *                      {@code null} for the type's limit (255 or 10,000)
 * @param min           the smallest {@link FieldType#INTEGER} or {@link FieldType#DECIMAL} value allowed, or
 *                      {@code null}
 * @param max           the largest {@link FieldType#INTEGER} or {@link FieldType#DECIMAL} value allowed, or
 *                      {@code null}
 * @param referenceType for {@link FieldType#REFERENCE}, the record type the values are ids of; fixed once the field
 *                      exists; {@code null} for other types
 * @param position      where forms show the field among the record type's custom fields, ascending
 * @param active        {@code false} once deleted: values stay stored but are neither shown nor validated
 * @param module        the module that shipped it through {@link CustomFields#define}; {@code null} for a field an
 *                      administrator created
 * @param version       the optimistic-lock version, answered as ETag; ignored by {@link CustomFields#define}
 */
public record CustomFieldDefinition(String id, String recordType, String key, FieldType type,
                                    Map<String, String> labels, boolean required, List<PicklistOption> options,
                                    Integer maxLength, BigDecimal min, BigDecimal max, String referenceType,
                                    int position, boolean active, String module, long version) {

    /** The locale every label must be given in. */
    public static final String ENGLISH = "en";
    /** The locale a label may be given in besides English. */
    public static final String SIMPLIFIED_CHINESE = "zh-CN";
    /** The locales labels are given in, and the only ones. */
    public static final List<String> LOCALES = List.of(ENGLISH, SIMPLIFIED_CHINESE);

    public CustomFieldDefinition {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** @return the label in this locale, else the English one, else the key */
    public String label(String locale) {
        return labelOf(labels, locale, key == null ? "" : key);
    }

    /** @return the option with this key, active or not, or {@code null} */
    public PicklistOption option(String optionKey) {
        return options.stream().filter(option -> Objects.equals(option.key(), optionKey)).findFirst().orElse(null);
    }

    static String labelOf(Map<String, String> labels, String locale, String fallback) {
        String label = labels.get(locale);
        if (label == null) {
            label = labels.get(ENGLISH);
        }
        return label == null ? fallback : label;
    }
}
