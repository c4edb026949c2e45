package io.relata.core.customfields;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;

/**
 * Everything about a definition that its author chooses, as given: maps may hold {@code null} labels and lists
 * {@code null} options, which {@link DefinitionRules} reports. A {@code null} flag or position is one the author
 * left out, which {@link JdbcCustomFields} completes before the rules look at it.
 */
record FieldFields(String recordType, String key, FieldType type, Map<String, String> labels, Boolean required,
                   List<OptionFields> options, Integer maxLength, BigDecimal min, BigDecimal max,
                   String referenceType, Integer position, Boolean active) {

    /** @param active {@code null}: as the option was, or active for a new one */
    record OptionFields(String key, Map<String, String> labels, Boolean active) {

        static OptionFields of(PicklistOption option) {
            return option == null ? null : new OptionFields(option.key(), option.labels(), option.active());
        }
    }

    static FieldFields of(CustomFieldDefinition definition) {
        return new FieldFields(definition.recordType(), definition.key(), definition.type(), definition.labels(),
                definition.required(), definition.options().stream().map(OptionFields::of).toList(),
                definition.maxLength(), definition.min(), definition.max(), definition.referenceType(),
                definition.position(), definition.active());
    }
}
