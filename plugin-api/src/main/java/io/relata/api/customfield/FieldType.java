package io.relata.api.customfield;

/**
 * What a custom field holds. The comment of each constant says what {@link CustomFields#validate} turns a value
 * into; that is what a module stores and what it hands back to {@link CustomFields#format}.
 */
public enum FieldType {

    /** Short text, at most 255 characters unless the definition allows fewer: {@link String}. */
    TEXT,

    /** Text with line breaks, at most 10,000 characters unless the definition allows fewer: {@link String}. */
    LONG_TEXT,

    /** A whole number, optionally within the definition's minimum and maximum: {@link Long}. */
    INTEGER,

    /**
     * A decimal number with at most 18 digits before and 12 after the point, optionally within the definition's
     * minimum and maximum: {@link java.math.BigDecimal} without trailing zeros.
     */
    DECIMAL,

    /** A calendar day, given as {@code yyyy-MM-dd}: {@link java.time.LocalDate}. */
    DATE,

    /** Yes or no: {@link Boolean}. */
    BOOLEAN,

    /** The key of one of the definition's options: {@link String}. */
    PICKLIST,

    /** Keys of the definition's options: a {@link java.util.List} of {@link String}, sorted, without repeats. */
    MULTI_PICKLIST,

    /** The id of another record, of the definition's reference type: {@link String}. */
    REFERENCE
}
