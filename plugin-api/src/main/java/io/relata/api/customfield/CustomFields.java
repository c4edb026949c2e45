package io.relata.api.customfield;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The custom field definitions of every record type, and the rules their values follow. A module that has custom
 * fields on its records stores the values itself, in its own tables, keyed by field key; it calls
 * {@link #validate} on every write, returns the values with the record, filters with {@link #parseFilter} and
 * exports with {@link #format}.
 *
 * <p>A record's write, typically:
 * <pre>{@code
 * Map<String, Object> merged = new HashMap<>(stored);        // the values the record has
 * merged.putAll(request.customFields());                     // null removes a value
 * Map<String, Object> values = customFields.validate("customer", merged, request.customFields().keySet());
 * }</pre>
 *
 * <p>A deleted definition is only inactive: the values records hold for it stay stored but are hidden, since
 * {@link #validate} drops them from its result; reactivating the definition brings them back.
 */
@ProviderType
public interface CustomFields {

    /** The prefix of the field names that {@link #validate}'s problems name, as in {@code customFields.region}. */
    String FIELD_PREFIX = "customFields.";

    /** The prefix of the query parameters that filter on a custom field, as in {@code cf.region=north}. */
    String FILTER_PREFIX = "cf.";

    /** @return the active definitions of the record type, by position then key; empty for an unknown type */
    List<CustomFieldDefinition> definitions(String recordType);

    /**
     * Validates the complete custom-field values a record will have after a write and returns them normalised.
     *
     * <p>Give the current values with the request merged in; a {@code null} value, a blank text and an empty list
     * all mean "no value". The result has no empty values, is keyed by field key in definition order and holds,
     * by type: {@code TEXT}, {@code LONG_TEXT}, {@code PICKLIST}, {@code REFERENCE} a {@link String} (text without
     * surrounding blanks); {@code INTEGER} a {@link Long}; {@code DECIMAL} a {@link java.math.BigDecimal} without
     * trailing zeros; {@code DATE} a {@link java.time.LocalDate}; {@code BOOLEAN} a {@link Boolean};
     * {@code MULTI_PICKLIST} a {@link List} of option keys, sorted and without repeats.
     *
     * <p>Input may be JSON-ish: numbers as any {@link Number} or as numeric text, dates as {@code yyyy-MM-dd} text
     * or a {@link java.time.LocalDate}, booleans as {@link Boolean} or {@code "true"}/{@code "false"}, a
     * multi-picklist as a {@link List} or comma-separated text.
     *
     * <p>Values of inactive (deleted) definitions are dropped from the result without a word, and without being
     * validated: the module keeps what it stored but shows nothing of it until the definition is active again.
     *
     * <p>A {@code REFERENCE} value is the id of a record of the definition's reference type that the current user
     * can see, as the {@link io.relata.api.audit.RecordVisibility} service registered for that type answers.
     *
     * @param recordType  the record type the values belong to
     * @param values      every custom-field value the record will have, by field key; {@code null} for none
     * @param changedKeys the keys the write touches: only their values are checked against picklist options'
     *                    activity and references' visibility, so retiring an option, or losing sight of a
     *                    referenced record, does not block changing other fields of a record; {@code null} checks
     *                    every value. Everything else (types, lengths, ranges, required) is checked for all
     * @return the values normalised, unmodifiable
     * @throws io.relata.api.rest.ProblemException 400 ({@code Problem.validation}) with one field error per bad
     *         value, naming {@code customFields.<key>}: a key no definition of the type has, a value of the wrong
     *         type, text longer than allowed, a number outside the definition's minimum and maximum, a picklist
     *         key that is not an (active) option, a required value that is missing, a reference to a record the
     *         user cannot see
     */
    Map<String, Object> validate(String recordType, Map<String, ?> values, Set<String> changedKeys);

    /**
     * Parses the text of a filter on a custom field, as a query string has it ({@code cf.<key>=<text>}), into the
     * normalised type {@link #validate} answers; for a {@code MULTI_PICKLIST}, into one option key, which a record
     * matches when its list has it. Options need not be active: filters find old records too.
     *
     * @throws io.relata.api.rest.ProblemException 400 naming {@code cf.<key>} when the record type has no active
     *         field with the key, or the text is not a value of the field
     */
    Object parseFilter(String recordType, String key, String text);

    /**
     * @param value a value as {@link #validate} answers it, or {@code null}
     * @return its text for CSV exports and the audit trail: plain numbers ({@code 1000}, not {@code 1E+3}), ISO
     *         dates ({@code 2024-03-15}), {@code true}/{@code false}, lists joined as {@code a, b}; the empty text
     *         for {@code null}
     */
    String format(Object value);

    /**
     * Ships a module's definitions for its own record types. Definitions the record type lacks (by key, regardless
     * of case) are created; the ones it has are left as administrators edited them, even when inactive. Call it
     * whenever the module starts: it is idempotent, and commits on its own or joins the caller's transaction. The
     * definitions' {@code id}, {@code module} and {@code version} are ignored.
     *
     * @param module      the id of the module shipping them, recorded with each definition
     * @param definitions the definitions a new installation starts with
     * @throws io.relata.api.rest.ProblemException 400 naming the field, as {@code definitions[0].key}, when a
     *         definition is not valid
     */
    void define(String module, List<CustomFieldDefinition> definitions);
}
