package io.relata.core.customers.customer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The custom-fields service as the customers bundle relies on it, for a few types: what the store does with
 * validated values (storing, reading back, filtering, auditing) is tested here; the validation rules themselves
 * are the customfields bundle's, tested there and end to end in the distribution tests.
 */
public final class TestCustomFields implements CustomFields {

    private final List<CustomFieldDefinition> definitions = new CopyOnWriteArrayList<>();

    /** Adds an active definition. */
    public void define(String recordType, String key, FieldType type, boolean required, String... options) {
        List<PicklistOption> choices = new ArrayList<>();
        for (String option : options) {
            choices.add(new PicklistOption(option, Map.of("en", option), true));
        }
        definitions.add(new CustomFieldDefinition(key, recordType, key, type, Map.of("en", key), required, choices,
                null, null, null, null, definitions.size(), true, "core", 1));
    }

    /** Makes a definition inactive, as deleting it does. */
    public void deactivate(String recordType, String key) {
        definitions.replaceAll(d -> d.recordType().equals(recordType) && d.key().equals(key)
                ? new CustomFieldDefinition(d.id(), d.recordType(), d.key(), d.type(), d.labels(), d.required(),
                d.options(), d.maxLength(), d.min(), d.max(), d.referenceType(), d.position(), false, d.module(),
                d.version())
                : d);
    }

    @Override
    public List<CustomFieldDefinition> definitions(String recordType) {
        return definitions.stream().filter(d -> d.recordType().equals(recordType) && d.active()).toList();
    }

    @Override
    public Map<String, Object> validate(String recordType, Map<String, ?> values, Set<String> changedKeys) {
        Map<String, Object> valid = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        Map<String, ?> given = values == null ? Map.of() : values;
        for (String key : given.keySet()) {
            boolean known = definitions.stream().anyMatch(d -> d.recordType().equals(recordType) && d.key().equals(key));
            if (!known) {
                errors.add(new FieldError(FIELD_PREFIX + key, "is not a custom field of " + recordType));
            }
        }
        for (CustomFieldDefinition definition : definitions(recordType)) {
            Object value = given.get(definition.key());
            if (value == null || "".equals(value) || (value instanceof Collection<?> list && list.isEmpty())) {
                if (definition.required()) {
                    errors.add(new FieldError(FIELD_PREFIX + definition.key(), "is required"));
                }
                continue;
            }
            try {
                valid.put(definition.key(), normalise(definition, value));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(FIELD_PREFIX + definition.key(), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return Map.copyOf(valid);
    }

    @Override
    public Object parseFilter(String recordType, String key, String text) {
        CustomFieldDefinition definition = definitions(recordType).stream().filter(d -> d.key().equals(key))
                .findFirst().orElseThrow(() -> Problem.validation(FILTER_PREFIX + key, "is not a custom field")
                        .toException());
        try {
            return definition.type() == FieldType.MULTI_PICKLIST ? text : normalise(definition, text);
        } catch (IllegalArgumentException e) {
            throw Problem.validation(FILTER_PREFIX + key, e.getMessage()).toException();
        }
    }

    @Override
    public String format(Object value) {
        if (value instanceof Collection<?> list) {
            return String.join(", ", list.stream().map(Object::toString).toList());
        }
        return value instanceof BigDecimal number ? number.toPlainString() : value == null ? "" : value.toString();
    }

    @Override
    public void define(String module, List<CustomFieldDefinition> more) {
        throw new UnsupportedOperationException("not needed by the customers bundle");
    }

    private static Object normalise(CustomFieldDefinition definition, Object value) {
        String text = value.toString().strip();
        Set<String> options = new TreeSet<>();
        definition.options().forEach(option -> options.add(option.key()));
        return switch (definition.type()) {
            case INTEGER -> {
                try {
                    yield value instanceof Number number ? number.longValue() : Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not a whole number");
                }
            }
            case DECIMAL -> new BigDecimal(text).stripTrailingZeros();
            case DATE -> java.time.LocalDate.parse(text);
            case BOOLEAN -> Boolean.valueOf(text);
            case PICKLIST -> {
                if (!options.contains(text)) {
                    throw new IllegalArgumentException("is not an option");
                }
                yield text;
            }
            case MULTI_PICKLIST -> {
                List<String> chosen = new ArrayList<>(new TreeSet<>(value instanceof Collection<?> list
                        ? list.stream().map(Object::toString).toList() : List.of(text.split("\\s*,\\s*"))));
                if (!options.containsAll(chosen)) {
                    throw new IllegalArgumentException("has a value that is not an option");
                }
                yield List.copyOf(chosen);
            }
            default -> {
                int max = definition.type() == FieldType.LONG_TEXT ? 10_000 : 255;
                if (text.length() > max) {
                    throw new IllegalArgumentException("must be at most " + max + " characters");
                }
                yield text;
            }
        };
    }
}
