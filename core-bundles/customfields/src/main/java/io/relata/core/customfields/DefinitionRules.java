package io.relata.core.customfields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.core.customfields.FieldFields.OptionFields;

/**
 * What makes a definition valid, whoever gives it: an administrator over REST or a module through
 * {@code define}. Field and option keys are compared and stored in lower case, so {@code Region} and
 * {@code region} are one key.
 */
final class DefinitionRules {

    static final Pattern RECORD_TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,99}");
    static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    static final Pattern OPTION_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** A module id, as {@link io.relata.api.module.ModuleDescriptor} has it. */
    static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    static final int MAX_LABEL_LENGTH = 200;
    static final int MAX_POSITION = 1_000_000;
    /** A picklist that long is a reference data table in disguise; forms cannot show it anyway. */
    static final int MAX_OPTIONS = 500;

    private DefinitionRules() {
    }

    /** @return the key as it is stored: without surrounding blanks, in lower case; {@code null} stays */
    static String foldKey(String key) {
        return key == null ? null : key.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks every field of a definition and adds what is wrong to {@code errors}, naming each field after
     * {@code prefix} ({@code ""} for a REST request, {@code definitions[0].} for {@code define}). Flags left out
     * count as not required and active.
     *
     * @return the fields with keys folded and text stripped, ready to store; meaningless when errors were added
     */
    static FieldFields check(FieldFields given, String prefix, List<FieldError> errors) {
        String recordType = given.recordType() == null ? null : given.recordType().strip();
        if (recordType == null || !RECORD_TYPE.matcher(recordType).matches()) {
            errors.add(new FieldError(prefix + "recordType", "lower-case letters, digits, dots and dashes, starting"
                    + " with a letter, at most 100"));
        }
        String key = foldKey(given.key());
        if (key == null || !KEY.matcher(key).matches()) {
            errors.add(new FieldError(prefix + "key", "letters, digits and underscores, starting with a letter,"
                    + " at most 40"));
        }
        FieldType type = given.type();
        if (type == null) {
            errors.add(new FieldError(prefix + "type", "is required"));
        }
        Map<String, String> labels = labels(given.labels(), prefix + "labels", errors);
        List<OptionFields> options = options(type, given.options(), prefix + "options", errors);
        Integer maxLength = maxLength(type, given.maxLength(), prefix + "maxLength", errors);
        BigDecimal min = bound(type, given.min(), prefix + "min", errors);
        BigDecimal max = bound(type, given.max(), prefix + "max", errors);
        if (min != null && max != null && min.compareTo(max) > 0) {
            errors.add(new FieldError(prefix + "max", "is less than min"));
        }
        String referenceType = referenceType(type, given.referenceType(), prefix + "referenceType", errors);
        if (given.position() == null || given.position() < 0 || given.position() > MAX_POSITION) {
            errors.add(new FieldError(prefix + "position", "0 to " + MAX_POSITION));
        }
        return new FieldFields(recordType, key, type, labels, Boolean.TRUE.equals(given.required()), options,
                maxLength, min, max, referenceType, given.position(), !Boolean.FALSE.equals(given.active()));
    }

    /** @return the labels without surrounding blanks */
    static Map<String, String> labels(Map<String, String> labels, String field, List<FieldError> errors) {
        Map<String, String> stripped = new LinkedHashMap<>();
        if (labels == null || labels.get(CustomFieldDefinition.ENGLISH) == null) {
            errors.add(new FieldError(field + "." + CustomFieldDefinition.ENGLISH, "an English label is required"));
        }
        if (labels == null) {
            return stripped;
        }
        labels.forEach((locale, label) -> {
            if (!CustomFieldDefinition.LOCALES.contains(locale)) {
                errors.add(new FieldError(field + "." + locale, "labels are in "
                        + String.join(" or ", CustomFieldDefinition.LOCALES)));
            } else if (label != null && (label.isBlank() || label.strip().length() > MAX_LABEL_LENGTH)) {
                errors.add(new FieldError(field + "." + locale, "1 to " + MAX_LABEL_LENGTH + " characters"));
            } else if (label != null) {
                // a null label is no label: allowed for zh-CN, and reported above for en
                stripped.put(locale, label.strip());
            }
        });
        return stripped;
    }

    private static List<OptionFields> options(FieldType type, List<OptionFields> given, String field,
                                              List<FieldError> errors) {
        List<OptionFields> options = given == null ? List.of() : given;
        if (!isPicklist(type)) {
            if (!options.isEmpty() && type != null) {
                errors.add(new FieldError(field, "only picklist fields have options"));
            }
            return List.of();
        }
        if (options.isEmpty()) {
            errors.add(new FieldError(field, "a picklist field needs at least one option"));
        } else if (options.size() > MAX_OPTIONS) {
            errors.add(new FieldError(field, "at most " + MAX_OPTIONS + " options"));
        }
        List<OptionFields> checked = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < options.size(); i++) {
            OptionFields option = options.get(i);
            String at = field + "[" + i + "]";
            if (option == null) {
                errors.add(new FieldError(at, "is null"));
                continue;
            }
            String key = foldKey(option.key());
            if (key == null || !OPTION_KEY.matcher(key).matches()) {
                errors.add(new FieldError(at + ".key", "letters, digits and dashes, starting with a letter or"
                        + " digit, at most 40"));
            } else if (!keys.add(key)) {
                errors.add(new FieldError(at + ".key", "is given twice"));
            }
            checked.add(new OptionFields(key, labels(option.labels(), at + ".labels", errors),
                    !Boolean.FALSE.equals(option.active())));
        }
        return checked;
    }

    private static Integer maxLength(FieldType type, Integer maxLength, String field, List<FieldError> errors) {
        if (maxLength == null) {
            return null;
        }
        if (type != FieldType.TEXT && type != FieldType.LONG_TEXT) {
            if (type != null) {
                errors.add(new FieldError(field, "only text fields have a maximum length"));
            }
            return null;
        }
        int limit = type == FieldType.TEXT ? FieldValues.TEXT_LIMIT : FieldValues.LONG_TEXT_LIMIT;
        if (maxLength < 1 || maxLength > limit) {
            errors.add(new FieldError(field, "1 to " + limit));
        }
        return maxLength;
    }

    /** A minimum or maximum: within what the field's values can be, so that every bound is reachable. */
    private static BigDecimal bound(FieldType type, BigDecimal bound, String field, List<FieldError> errors) {
        if (bound == null) {
            return null;
        }
        if (type != FieldType.INTEGER && type != FieldType.DECIMAL) {
            if (type != null) {
                errors.add(new FieldError(field, "only number fields have a minimum and maximum"));
            }
            return null;
        }
        BigDecimal stripped = bound.stripTrailingZeros();
        if (FieldValues.integerDigits(stripped) > FieldValues.DECIMAL_INTEGER_DIGITS
                || stripped.scale() > FieldValues.DECIMAL_FRACTION_DIGITS) {
            errors.add(new FieldError(field, "at most " + FieldValues.DECIMAL_INTEGER_DIGITS
                    + " digits before the decimal point and " + FieldValues.DECIMAL_FRACTION_DIGITS + " after"));
            return null;
        }
        if (type == FieldType.INTEGER && stripped.scale() > 0) {
            errors.add(new FieldError(field, "is not a whole number"));
            return null;
        }
        return FieldValues.plain(stripped);
    }

    private static String referenceType(FieldType type, String referenceType, String field,
                                        List<FieldError> errors) {
        String stripped = referenceType == null || referenceType.isBlank() ? null : referenceType.strip();
        if (type != FieldType.REFERENCE) {
            if (stripped != null && type != null) {
                errors.add(new FieldError(field, "only reference fields have a reference type"));
            }
            return null;
        }
        if (stripped == null || !RECORD_TYPE.matcher(stripped).matches()) {
            errors.add(new FieldError(field, "the record type the field refers to, e.g. customer"));
        }
        return stripped;
    }

    static boolean isPicklist(FieldType type) {
        return type == FieldType.PICKLIST || type == FieldType.MULTI_PICKLIST;
    }
}
