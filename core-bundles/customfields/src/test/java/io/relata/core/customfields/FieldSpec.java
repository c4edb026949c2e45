package io.relata.core.customfields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;
import io.relata.core.customfields.FieldFields.OptionFields;

/**
 * A definition for a test to create or define: a {@code customer} field with an English label and nothing else
 * unless the test says so.
 */
final class FieldSpec {

    static final String CUSTOMER = "customer";

    private String recordType = CUSTOMER;
    private final String key;
    private final FieldType type;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Boolean required;
    private final List<OptionFields> options = new ArrayList<>();
    private Integer maxLength;
    private BigDecimal min;
    private BigDecimal max;
    private String referenceType;
    private Integer position;
    private Boolean active;

    private FieldSpec(String key, FieldType type) {
        this.key = key;
        this.type = type;
        labels.put("en", "Label of " + key);
    }

    static FieldSpec field(String key, FieldType type) {
        return new FieldSpec(key, type);
    }

    FieldSpec of(String recordType) {
        this.recordType = recordType;
        return this;
    }

    FieldSpec label(String locale, String label) {
        labels.put(locale, label);
        return this;
    }

    FieldSpec required() {
        this.required = true;
        return this;
    }

    /** Active options with English labels. */
    FieldSpec options(String... keys) {
        Arrays.stream(keys).forEach(each -> options.add(new OptionFields(each, Map.of("en", "Option " + each), true)));
        return this;
    }

    FieldSpec retiredOption(String optionKey) {
        options.add(new OptionFields(optionKey, Map.of("en", "Option " + optionKey), false));
        return this;
    }

    FieldSpec maxLength(int characters) {
        this.maxLength = characters;
        return this;
    }

    FieldSpec range(String smallest, String largest) {
        this.min = smallest == null ? null : new BigDecimal(smallest);
        this.max = largest == null ? null : new BigDecimal(largest);
        return this;
    }

    FieldSpec references(String recordType) {
        this.referenceType = recordType;
        return this;
    }

    FieldSpec at(int position) {
        this.position = position;
        return this;
    }

    FieldSpec inactive() {
        this.active = false;
        return this;
    }

    FieldFields toFields() {
        return new FieldFields(recordType, key, type, labels, required, options.isEmpty() ? null : options,
                maxLength, min, max, referenceType, position, active);
    }

    /** As a module gives it to {@code define}. */
    CustomFieldDefinition toDefinition() {
        return new CustomFieldDefinition(null, recordType, key, type, labels, Boolean.TRUE.equals(required),
                options.stream().map(option -> new PicklistOption(option.key(), option.labels(),
                        option.active())).toList(), maxLength, min, max, referenceType,
                position == null ? 0 : position, !Boolean.FALSE.equals(active), null, 0);
    }
}
