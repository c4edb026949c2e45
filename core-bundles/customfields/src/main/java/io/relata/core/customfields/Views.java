package io.relata.core.customfields;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;
import io.relata.core.customfields.FieldFields.OptionFields;

/** What {@code /custom-fields} answers and takes. */
final class Views {

    private Views() {
    }

    /** @param module the module that shipped the field; {@code null} for one an administrator created */
    public record FieldView(String id, String recordType, String key, FieldType type, Map<String, String> labels,
                            boolean required, List<OptionView> options, Integer maxLength, BigDecimal min,
                            BigDecimal max, String referenceType, int position, boolean active, String module,
                            long version) {
        static FieldView of(CustomFieldDefinition field) {
            return new FieldView(field.id(), field.recordType(), field.key(), field.type(), field.labels(),
                    field.required(), field.options().stream().map(OptionView::of).toList(), field.maxLength(),
                    field.min(), field.max(), field.referenceType(), field.position(), field.active(), field.module(),
                    field.version());
        }
    }

    public record OptionView(String key, Map<String, String> labels, boolean active) {
        static OptionView of(PicklistOption option) {
            return new OptionView(option.key(), option.labels(), option.active());
        }
    }

    /**
     * A new field, and what a merge patch changes. {@code recordType}, {@code key}, {@code type} and
     * {@code referenceType} are fixed once the field exists.
     *
     * @param labels   by locale: {@code en} required, {@code zh-CN} optional
     * @param options  every option, in the order forms list them; a patch replaces the whole list, which must keep
     *                 every option the field has
     * @param position left out: a new field goes after the others
     */
    public record FieldChanges(String recordType, String key, FieldType type, Map<String, String> labels,
                               Boolean required, List<OptionChanges> options, Integer maxLength, BigDecimal min,
                               BigDecimal max, String referenceType, Integer position, Boolean active) {
        static FieldChanges of(CustomFieldDefinition field) {
            return new FieldChanges(field.recordType(), field.key(), field.type(), field.labels(), field.required(),
                    field.options().stream().map(OptionChanges::of).toList(), field.maxLength(), field.min(),
                    field.max(), field.referenceType(), field.position(), field.active());
        }

        FieldFields toFields() {
            return new FieldFields(recordType, key, type, labels, required, options == null ? null
                    : options.stream().map(option -> option == null ? null : option.toFields()).toList(),
                    maxLength, min, max, referenceType, position, active);
        }
    }

    /** @param active left out: as the option was, or active for a new one */
    public record OptionChanges(String key, Map<String, String> labels, Boolean active) {
        static OptionChanges of(PicklistOption option) {
            return new OptionChanges(option.key(), option.labels(), option.active());
        }

        OptionFields toFields() {
            return new OptionFields(key, labels, active);
        }
    }
}
