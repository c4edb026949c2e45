package io.relata.core.customfields;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;

/**
 * Turns what a request, an import or a query string has for a custom field into the one Java type the field's
 * values have (see {@link FieldType}), or says what is wrong with it.
 */
final class FieldValues {

    static final int TEXT_LIMIT = 255;
    static final int LONG_TEXT_LIMIT = 10_000;
    /** Record ids are UUIDs; the audit trail, which records references too, allows this many characters. */
    static final int RECORD_ID_LIMIT = 64;
    /** What modules can store in a NUMERIC(30,12) column. */
    static final int DECIMAL_INTEGER_DIGITS = 18;
    static final int DECIMAL_FRACTION_DIGITS = 12;

    /**
     * Longer numeric text is refused before it is parsed: {@code 1e999999999} is short, but making it plain would
     * allocate a billion digits.
     */
    private static final int NUMBER_TEXT_LIMIT = 100;
    /** Four-digit years only, as every database stores them; {@link LocalDate#parse} alone takes {@code +10000}. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** How strictly a value is looked at. */
    enum Check {
        /** A query string's filter: any value the field may hold, even one current rules would refuse now. */
        FILTER,
        /** A value a write leaves as it was: types, lengths and ranges, but not options' activity nor visibility. */
        KEPT,
        /** A value a write sets: everything. */
        CHANGED
    }

    /** Whether the current user may see a record; see {@link Visibilities#isVisible}. */
    interface Visibility {
        boolean isVisible(String recordType, String recordId);
    }

    /** What is wrong with a value, as the message of the field error. */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    private FieldValues() {
    }

    /**
     * @return the value in the field's type; {@code null} when there is none ({@code null}, blank text, an empty
     *         list)
     */
    static Object normalise(CustomFieldDefinition field, Object raw, Check check, Visibility visibility)
            throws InvalidValue {
        if (raw == null) {
            return null;
        }
        return switch (field.type()) {
            case TEXT, LONG_TEXT -> text(raw, textLimit(field));
            case INTEGER -> wholeNumber(field, raw, check);
            case DECIMAL -> decimal(field, raw, check);
            case DATE -> date(raw);
            case BOOLEAN -> bool(raw);
            case PICKLIST -> choice(field, raw, check);
            case MULTI_PICKLIST -> choices(field, raw, check);
            case REFERENCE -> reference(field, raw, check, visibility);
        };
    }

    /** A multi-picklist filter is one option key, which a record matches when its list has it. */
    static Object filter(CustomFieldDefinition field, String text) throws InvalidValue {
        Object value = field.type() == FieldType.MULTI_PICKLIST
                ? choice(field, text, Check.FILTER)
                : normalise(field, text, Check.FILTER, null);
        if (value == null) {
            throw new InvalidValue("needs a value to look for");
        }
        return value;
    }

    static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(FieldValues::format).collect(Collectors.joining(", "));
        }
        if (value instanceof BigDecimal decimal) {
            return plain(decimal).toPlainString();
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return plain(new BigDecimal(value.toString())).toPlainString();
        }
        return value.toString();
    }

    static int textLimit(CustomFieldDefinition field) {
        if (field.maxLength() != null) {
            return field.maxLength();
        }
        return field.type() == FieldType.LONG_TEXT ? LONG_TEXT_LIMIT : TEXT_LIMIT;
    }

    /** @return the value without trailing zeros, but never in exponent form ({@code 1E+3} stays {@code 1000}) */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** @return how many digits the number has before the point; safe on numbers that have a huge exponent */
    static int integerDigits(BigDecimal value) {
        return value.signum() == 0 ? 0 : Math.max(0, value.precision() - value.scale());
    }

    private static String text(Object raw, int limit) throws InvalidValue {
        if (!(raw instanceof String text)) {
            throw new InvalidValue("is not text");
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        if (stripped.codePointCount(0, stripped.length()) > limit) {
            throw new InvalidValue("at most " + limit + " characters");
        }
        return stripped;
    }

    private static Long wholeNumber(CustomFieldDefinition field, Object raw, Check check) throws InvalidValue {
        BigDecimal number = number(raw, "is not a whole number");
        if (number == null) {
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() > 0 || integerDigits(stripped) > 19) {
            throw new InvalidValue("is not a whole number");
        }
        long value;
        try {
            value = stripped.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidValue("is not a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        requireInRange(field, BigDecimal.valueOf(value), check);
        return value;
    }

    private static BigDecimal decimal(CustomFieldDefinition field, Object raw, Check check) throws InvalidValue {
        BigDecimal number = number(raw, "is not a number");
        if (number == null) {
            return null;
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (integerDigits(stripped) > DECIMAL_INTEGER_DIGITS) {
            throw new InvalidValue("at most " + DECIMAL_INTEGER_DIGITS + " digits before the decimal point");
        }
        if (stripped.scale() > DECIMAL_FRACTION_DIGITS) {
            throw new InvalidValue("at most " + DECIMAL_FRACTION_DIGITS + " decimal places");
        }
        BigDecimal value = plain(stripped);
        requireInRange(field, value, check);
        return value;
    }

    /** @return the number as given, {@code null} for blank text */
    private static BigDecimal number(Object raw, String wrongType) throws InvalidValue {
        if (raw instanceof BigDecimal decimal) {
            return decimal;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return BigDecimal.valueOf(((Number) raw).longValue());
        }
        if (raw instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        String text;
        if (raw instanceof Double || raw instanceof Float) {
            if (!Double.isFinite(((Number) raw).doubleValue())) {
                throw new InvalidValue(wrongType);
            }
            // the shortest text that reads back as the same double: 0.1 stays 0.1, not 0.1000000000000000055...
            text = raw.toString();
        } else if (raw instanceof String string) {
            text = string.strip();
            if (text.isEmpty()) {
                return null;
            }
        } else {
            throw new InvalidValue(wrongType);
        }
        if (text.length() > NUMBER_TEXT_LIMIT) {
            throw new InvalidValue(wrongType);
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidValue(wrongType);
        }
    }

    /**
     * Filters are left out: a stored value from before the range was narrowed is still worth finding. Stored values
     * are not: a write has to leave the record valid.
     */
    private static void requireInRange(CustomFieldDefinition field, BigDecimal value, Check check)
            throws InvalidValue {
        if (check == Check.FILTER) {
            return;
        }
        BigDecimal min = field.min();
        BigDecimal max = field.max();
        boolean tooSmall = min != null && value.compareTo(min) < 0;
        boolean tooLarge = max != null && value.compareTo(max) > 0;
        if (!tooSmall && !tooLarge) {
            return;
        }
        if (min != null && max != null) {
            throw new InvalidValue("from " + format(min) + " to " + format(max));
        }
        throw new InvalidValue(tooSmall ? "at least " + format(min) : "at most " + format(max));
    }

    private static LocalDate date(Object raw) throws InvalidValue {
        if (raw instanceof LocalDate date) {
            return date;
        }
        if (!(raw instanceof String text)) {
            throw new InvalidValue("is not a date as yyyy-MM-dd");
        }
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return null;
        }
        if (!DATE.matcher(stripped).matches()) {
            throw new InvalidValue("is not a date as yyyy-MM-dd");
        }
        try {
            return LocalDate.parse(stripped);
        } catch (DateTimeException e) {
            throw new InvalidValue("is not a date as yyyy-MM-dd");
        }
    }

    private static Boolean bool(Object raw) throws InvalidValue {
        if (raw instanceof Boolean flag) {
            return flag;
        }
        if (raw instanceof String text) {
            String stripped = text.strip();
            if (stripped.isEmpty()) {
                return null;
            }
            if (stripped.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (stripped.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw new InvalidValue("is true or false");
    }

    private static String choice(CustomFieldDefinition field, Object raw, Check check) throws InvalidValue {
        if (!(raw instanceof String text)) {
            throw new InvalidValue("is not an option key");
        }
        String key = text.strip();
        if (key.isEmpty()) {
            return null;
        }
        requireOption(field, key, check);
        return key;
    }

    private static List<String> choices(CustomFieldDefinition field, Object raw, Check check) throws InvalidValue {
        Collection<?> given;
        if (raw instanceof Collection<?> list) {
            given = list;
        } else if (raw instanceof String text) {
            given = List.of(text.split(",", -1));
        } else {
            throw new InvalidValue("is a list of option keys");
        }
        TreeSet<String> keys = new TreeSet<>();
        for (Object element : given) {
            if (!(element instanceof String text)) {
                throw new InvalidValue("is a list of option keys");
            }
            String key = text.strip();
            if (!key.isEmpty()) {
                requireOption(field, key, check);
                keys.add(key);
            }
        }
        return keys.isEmpty() ? null : List.copyOf(keys);
    }

    /**
     * A retired option is refused only where the write chooses it: records that have it keep it, and so does a
     * write that changes other fields of such a record.
     */
    private static void requireOption(CustomFieldDefinition field, String key, Check check) throws InvalidValue {
        PicklistOption option = field.option(key);
        if (option == null) {
            String choices = field.options().stream().filter(PicklistOption::active).map(PicklistOption::key)
                    .collect(Collectors.joining(", "));
            throw new InvalidValue(key + " is not an option" + (choices.isEmpty() ? "" : "; choose " + choices));
        }
        if (!option.active() && check == Check.CHANGED) {
            throw new InvalidValue(key + " is a retired option that new values cannot choose");
        }
    }

    private static String reference(CustomFieldDefinition field, Object raw, Check check, Visibility visibility)
            throws InvalidValue {
        if (!(raw instanceof String text)) {
            throw new InvalidValue("is not a record id");
        }
        String id = text.strip();
        if (id.isEmpty()) {
            return null;
        }
        if (id.length() > RECORD_ID_LIMIT) {
            throw new InvalidValue("is not a record id");
        }
        if (check == Check.CHANGED && !visibility.isVisible(field.referenceType(), id)) {
            throw new InvalidValue("is not a " + field.referenceType() + " you can see");
        }
        return id;
    }
}
