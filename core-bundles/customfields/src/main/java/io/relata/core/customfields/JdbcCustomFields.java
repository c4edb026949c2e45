package io.relata.core.customfields;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;
import javax.transaction.TransactionSynchronizationRegistry;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.customfields.FieldFields.OptionFields;
import io.relata.core.customfields.FieldValues.Check;
import io.relata.core.customfields.FieldValues.InvalidValue;

/**
 * The {@code core_custom_field} tables: definitions with their labels and options. Values are not here; every
 * module stores those of its own records and validates them through this service.
 */
@Component(service = {CustomFields.class, JdbcCustomFields.class})
public class JdbcCustomFields implements CustomFields {

    /** Gap between positions of fields added without one, so an administrator can slot fields in between. */
    static final int POSITION_STEP = 10;

    /** How long a change written behind the service's back (or on another node) may go unseen. */
    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    private static final String COLUMNS = "id, record_type, field_key, field_type, required, max_length, min_value,"
            + " max_value, reference_type, sort_order, active, module, version";

    /** Forms list fields by position; keys break ties so the order is the same on every database. */
    private static final Comparator<CustomFieldDefinition> LISTING_ORDER =
            Comparator.comparing(CustomFieldDefinition::recordType)
                    .thenComparingInt(CustomFieldDefinition::position)
                    .thenComparing(CustomFieldDefinition::key);

    /** Marks a transaction that wrote the definition tables: until it ends, it reads them from the database. */
    private static final Object WROTE_DEFINITIONS = new Object();

    private final Jdbc jdbc;
    private final Transactions transactions;
    private final TransactionSynchronizationRegistry transactionResources;
    private final Visibilities visibilities = new Visibilities();
    private final DefinitionCache cache = new DefinitionCache(CACHE_TTL.toNanos(), System::nanoTime);

    @Activate
    public JdbcCustomFields(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                            @Reference(target = CustomFieldsSchema.READY) SchemaStatus schema,
                            @Reference Transactions transactions,
                            @Reference TransactionSynchronizationRegistry transactionResources) {
        this.jdbc = new Jdbc(dataSource);
        this.transactions = transactions;
        this.transactionResources = transactionResources;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addVisibility(RecordVisibility visibility, Map<String, Object> properties) {
        visibilities.add(visibility, properties);
    }

    void removeVisibility(RecordVisibility visibility, Map<String, Object> properties) {
        visibilities.remove(visibility, properties);
    }

    // ---- CustomFields ------------------------------------------------------------------------------------------

    @Override
    public List<CustomFieldDefinition> definitions(String recordType) {
        return recordType == null ? List.of() : list(recordType, false);
    }

    @Override
    public Map<String, Object> validate(String recordType, Map<String, ?> values, Set<String> changedKeys) {
        Map<String, ?> given = values == null ? Map.of() : values;
        List<CustomFieldDefinition> all = recordType == null ? List.of() : ofRecordType(recordType);
        Set<String> knownKeys = new HashSet<>();
        Map<String, Object> valid = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (CustomFieldDefinition field : all) {
            knownKeys.add(field.key());
            if (!field.active()) {
                continue;
            }
            Check check = changedKeys == null || changedKeys.contains(field.key()) ? Check.CHANGED : Check.KEPT;
            try {
                Object value = FieldValues.normalise(field, given.get(field.key()), check, visibilities::isVisible);
                if (value != null) {
                    valid.put(field.key(), value);
                } else if (field.required()) {
                    errors.add(new FieldError(FIELD_PREFIX + field.key(), "is required"));
                }
            } catch (InvalidValue e) {
                errors.add(new FieldError(FIELD_PREFIX + field.key(), e.getMessage()));
            }
        }
        given.keySet().stream().filter(key -> !knownKeys.contains(key)).map(String::valueOf).sorted()
                .forEach(key -> errors.add(new FieldError(FIELD_PREFIX + key, "is not a custom field of "
                        + recordType)));
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return Collections.unmodifiableMap(valid);
    }

    @Override
    public Object parseFilter(String recordType, String key, String text) {
        String parameter = FILTER_PREFIX + key;
        CustomFieldDefinition field = definitions(recordType).stream().filter(each -> each.key().equals(key))
                .findFirst().orElseThrow(() -> Problem.validation(parameter, "is not a custom field of "
                        + recordType).toException());
        try {
            return FieldValues.filter(field, text);
        } catch (InvalidValue e) {
            throw Problem.validation(parameter, e.getMessage()).toException();
        }
    }

    @Override
    public String format(Object value) {
        return FieldValues.format(value);
    }

    @Override
    public void define(String module, List<CustomFieldDefinition> definitions) {
        List<FieldError> errors = new ArrayList<>();
        if (module == null || !DefinitionRules.MODULE.matcher(module).matches()) {
            errors.add(new FieldError("module", "a module id: lower-case letters, digits and dashes, 2 to 40"));
        }
        List<CustomFieldDefinition> given = definitions == null ? List.of() : definitions;
        List<FieldFields> valid = new ArrayList<>();
        Set<String> fieldsSeen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String prefix = "definitions[" + i + "].";
            if (given.get(i) == null) {
                errors.add(new FieldError("definitions[" + i + "]", "is null"));
                continue;
            }
            FieldFields checked = DefinitionRules.check(FieldFields.of(given.get(i)), prefix, errors);
            if (!fieldsSeen.add(checked.recordType() + " " + checked.key())) {
                errors.add(new FieldError(prefix + "key", "is given twice for " + checked.recordType()));
            }
            valid.add(checked);
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        transactions.required(() -> {
            for (FieldFields fields : valid) {
                if (existing(fields.recordType(), fields.key()).isEmpty()) {
                    insert(UUID.randomUUID().toString(), fields, module);
                }
            }
            return null;
        });
    }

    // ---- administration over REST ------------------------------------------------------------------------------

    Optional<CustomFieldDefinition> find(String id) {
        return id == null ? Optional.empty() : load("id = ?", id).stream().findFirst();
    }

    /** @param recordType {@code null} for every record type's */
    List<CustomFieldDefinition> list(String recordType, boolean includeInactive) {
        List<CustomFieldDefinition> all = recordType == null ? load("1 = 1") : ofRecordType(recordType);
        return all.stream().filter(field -> includeInactive || field.active()).toList();
    }

    /**
     * Creates a field. Left out, {@code required} is false, {@code active} true, and the position after the record
     * type's other fields.
     *
     * @throws ProblemException 400 naming the field that is not valid; 409 when the record type has the key already
     */
    CustomFieldDefinition create(FieldFields fields) {
        return transactions.required(() -> {
            FieldFields valid = requireValid(completed(fields, null));
            Optional<CustomFieldDefinition> taken = existing(valid.recordType(), valid.key());
            if (taken.isPresent()) {
                throw Problem.conflict(valid.recordType() + " has a custom field " + valid.key() + " already"
                        + (taken.get().active() ? "" : " (deleted: make it active again to use it)"))
                        .toException();
            }
            String id = UUID.randomUUID().toString();
            insert(id, valid, null);
            return find(id).orElseThrow();
        });
    }

    /**
     * Replaces what the author chooses of a field that is still at {@code version}. Left out, a flag, the position
     * or an option's state stays as it was.
     *
     * @throws ProblemException 404 when there is no such field; 400 naming the field that is not valid, among them
     *                          a removed option; 409 when the record type, key, type or reference type would
     *                          change; 412 when the field changed since {@code version}
     */
    CustomFieldDefinition change(String id, long version, FieldFields fields) {
        return transactions.required(() -> {
            CustomFieldDefinition current = find(id).orElseThrow(() -> notFound(id));
            requireSameIdentity(current, fields);
            FieldFields valid = requireValid(completed(fields, current));
            requireNoOptionRemoved(current, valid);
            int updated = write("UPDATE core_custom_field SET required = ?, max_length = ?, min_value = ?,"
                            + " max_value = ?, sort_order = ?, active = ?, version = version + 1"
                            + " WHERE id = ? AND version = ?", valid.required(), valid.maxLength(), valid.min(),
                    valid.max(), valid.position(), valid.active(), id, version);
            if (updated == 0) {
                throw Problem.preconditionFailed("the custom field changed since you read it").toException();
            }
            write("DELETE FROM core_custom_field_label WHERE field_id = ?", id);
            insertLabels(id, valid.labels());
            write("DELETE FROM core_custom_field_option_label WHERE field_id = ?", id);
            Set<String> stored = new HashSet<>(current.options().stream().map(PicklistOption::key).toList());
            for (int i = 0; i < valid.options().size(); i++) {
                OptionFields option = valid.options().get(i);
                if (stored.contains(option.key())) {
                    write("UPDATE core_custom_field_option SET sort_order = ?, active = ?"
                            + " WHERE field_id = ? AND option_key = ?", i, option.active(), id, option.key());
                    insertOptionLabels(id, option);
                } else {
                    insertOption(id, option, i);
                }
            }
            return find(id).orElseThrow();
        });
    }

    /**
     * Deleting a field only deactivates it: records keep their values, hidden, and get them back should the field be
     * made active again. Deleting an inactive field changes nothing.
     *
     * @throws ProblemException 404 when there is no such field
     */
    CustomFieldDefinition deactivate(String id) {
        return transactions.required(() -> {
            find(id).orElseThrow(() -> notFound(id));
            write("UPDATE core_custom_field SET active = ?, version = version + 1 WHERE id = ? AND active = ?",
                    false, id, true);
            return find(id).orElseThrow();
        });
    }

    static ProblemException notFound(String id) {
        return Problem.notFound("no custom field with id " + id).toException();
    }

    private static FieldFields requireValid(FieldFields fields) {
        List<FieldError> errors = new ArrayList<>();
        FieldFields valid = DefinitionRules.check(fields, "", errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return valid;
    }

    /**
     * Records store their values under the field's key, in the form its type gives them, and reference fields store
     * ids of records of the reference type. Changing any of these would leave the stored values meaning something
     * else, or not parsing at all; a field of another kind is a new field.
     */
    private static void requireSameIdentity(CustomFieldDefinition current, FieldFields wanted) {
        String unchangeable = null;
        if (wanted.recordType() != null && !wanted.recordType().strip().equals(current.recordType())) {
            unchangeable = "record type";
        } else if (wanted.key() != null && !DefinitionRules.foldKey(wanted.key()).equals(current.key())) {
            unchangeable = "key";
        } else if (wanted.type() != null && wanted.type() != current.type()) {
            unchangeable = "type";
        } else if (current.type() == FieldType.REFERENCE && wanted.referenceType() != null
                && !wanted.referenceType().strip().equals(current.referenceType())) {
            unchangeable = "reference type";
        }
        if (unchangeable != null) {
            throw Problem.conflict("the " + unchangeable + " of a custom field cannot change, since records keep"
                    + " values that depend on it; create another field instead").toException();
        }
    }

    /** Records may hold any option ever offered, so options are retired ({@code active: false}), never removed. */
    private static void requireNoOptionRemoved(CustomFieldDefinition current, FieldFields wanted) {
        Set<String> kept = new HashSet<>();
        wanted.options().forEach(option -> kept.add(option.key()));
        List<String> removed = current.options().stream().map(PicklistOption::key)
                .filter(key -> !kept.contains(key)).toList();
        if (!removed.isEmpty()) {
            throw Problem.validation("options", "records may hold " + String.join(", ", removed)
                    + ": keep the option and set active to false instead of removing it").toException();
        }
    }

    private Optional<CustomFieldDefinition> existing(String recordType, String key) {
        // keys are stored folded to lower case, so equality is equality regardless of case
        return load("record_type = ? AND field_key = ?", recordType, key).stream().findFirst();
    }

    private int nextPosition(String recordType) {
        long last = jdbc.count("SELECT COALESCE(MAX(sort_order), 0) FROM core_custom_field WHERE record_type = ?",
                recordType);
        return (int) Math.min(last + POSITION_STEP, DefinitionRules.MAX_POSITION);
    }

    /** Fills in what the author left out: see {@link #create} and {@link #change}. */
    private FieldFields completed(FieldFields given, CustomFieldDefinition current) {
        Map<String, Boolean> optionStates = new HashMap<>();
        if (current != null) {
            current.options().forEach(option -> optionStates.put(option.key(), option.active()));
        }
        List<OptionFields> options = given.options() == null ? null : given.options().stream()
                .map(option -> option == null || option.active() != null ? option : new OptionFields(option.key(),
                        option.labels(), optionStates.getOrDefault(DefinitionRules.foldKey(option.key()), true)))
                .toList();
        Boolean required = given.required() != null ? given.required() : current != null && current.required();
        Integer position = given.position() != null ? given.position()
                : current != null ? current.position() : nextPosition(given.recordType());
        Boolean active = given.active() != null ? given.active() : current == null || current.active();
        return new FieldFields(given.recordType(), given.key(), given.type(), given.labels(), required, options,
                given.maxLength(), given.min(), given.max(), given.referenceType(), position, active);
    }

    private void insert(String id, FieldFields fields, String module) {
        write("INSERT INTO core_custom_field (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, fields.recordType(), fields.key(), fields.type().name(), fields.required(), fields.maxLength(),
                fields.min(), fields.max(), fields.referenceType(), fields.position(), fields.active(), module, 0L);
        insertLabels(id, fields.labels());
        for (int i = 0; i < fields.options().size(); i++) {
            insertOption(id, fields.options().get(i), i);
        }
    }

    private void insertLabels(String id, Map<String, String> labels) {
        labels.forEach((locale, label) -> write("INSERT INTO core_custom_field_label (field_id, locale, label)"
                + " VALUES (?, ?, ?)", id, locale, label));
    }

    private void insertOption(String id, OptionFields option, int position) {
        write("INSERT INTO core_custom_field_option (field_id, option_key, sort_order, active)"
                + " VALUES (?, ?, ?, ?)", id, option.key(), position, option.active());
        insertOptionLabels(id, option);
    }

    private void insertOptionLabels(String id, OptionFields option) {
        option.labels().forEach((locale, label) -> write("INSERT INTO core_custom_field_option_label"
                + " (field_id, option_key, locale, label) VALUES (?, ?, ?, ?)", id, option.key(), locale, label));
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** A definition's own row, before its labels and options are added. */
    private record FieldRow(String id, String recordType, String key, FieldType type, boolean required,
                            Integer maxLength, BigDecimal min, BigDecimal max,
                            String referenceType, int position, boolean active, String module, long version) {
    }

    private record OptionRow(String fieldId, String key, boolean active) {
    }

    private record Label(String fieldId, String optionKey, String locale, String text) {
    }

    /**
     * A record type's definitions, active and inactive, remembered for a few seconds. A transaction that wrote the
     * definition tables reads them from the database until it ends, so it sees its own writes and never leaves
     * uncommitted definitions behind; any other transaction reads what is committed, as a reader outside one does.
     * Every create or change of a record with custom fields asks for them three or four times (validation, the
     * values' write, the view), four queries each time when the record type has fields.
     */
    private List<CustomFieldDefinition> ofRecordType(String recordType) {
        if (transactions.active() && transactionResources.getResource(WROTE_DEFINITIONS) != null) {
            return load("record_type = ?", recordType);
        }
        return cache.get(recordType, () -> load("record_type = ?", recordType));
    }

    /** Every write of the definition tables goes through here: what is remembered of them is forgotten. */
    private int write(String sql, Object... parameters) {
        boolean firstInTransaction = transactions.active()
                && transactionResources.getResource(WROTE_DEFINITIONS) == null;
        if (firstInTransaction) {
            transactionResources.putResource(WROTE_DEFINITIONS, Boolean.TRUE);
            // a definition with its labels and options is many statements; forgetting once at commit is enough
            transactions.afterCommit(cache::forget);
        }
        int changed = jdbc.update(sql, parameters);
        cache.forget();
        return changed;
    }

    /**
     * The definitions a condition on {@code core_custom_field} selects, in {@link #LISTING_ORDER}, each with its
     * labels and options: four queries however many fields there are.
     */
    private List<CustomFieldDefinition> load(String condition, Object... parameters) {
        List<FieldRow> rows = jdbc.list("SELECT " + COLUMNS + " FROM core_custom_field WHERE " + condition,
                JdbcCustomFields::fieldRow, parameters);
        if (rows.isEmpty()) {
            return List.of();
        }
        String ofTheseFields = " WHERE field_id IN (SELECT id FROM core_custom_field WHERE " + condition + ")";
        Map<String, Map<String, String>> fieldLabels = new HashMap<>();
        for (Label label : jdbc.list("SELECT field_id, locale, label FROM core_custom_field_label" + ofTheseFields,
                row -> new Label(row.getString(1), null, row.getString(2), row.getString(3)), parameters)) {
            fieldLabels.computeIfAbsent(label.fieldId(), id -> new HashMap<>()).put(label.locale(), label.text());
        }
        Map<String, Map<String, String>> optionLabels = new HashMap<>();
        for (Label label : jdbc.list("SELECT field_id, option_key, locale, label FROM core_custom_field_option_label"
                + ofTheseFields, row -> new Label(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4)), parameters)) {
            optionLabels.computeIfAbsent(label.fieldId() + " " + label.optionKey(), key -> new HashMap<>())
                    .put(label.locale(), label.text());
        }
        Map<String, List<PicklistOption>> options = new HashMap<>();
        for (OptionRow option : jdbc.list("SELECT field_id, option_key, active FROM core_custom_field_option"
                + ofTheseFields + " ORDER BY field_id, sort_order", row -> new OptionRow(row.getString(1),
                row.getString(2), row.getBoolean(3)), parameters)) {
            options.computeIfAbsent(option.fieldId(), id -> new ArrayList<>()).add(new PicklistOption(option.key(),
                    optionLabels.getOrDefault(option.fieldId() + " " + option.key(), Map.of()), option.active()));
        }
        return rows.stream().map(row -> new CustomFieldDefinition(row.id(), row.recordType(), row.key(), row.type(),
                        fieldLabels.getOrDefault(row.id(), Map.of()), row.required(),
                        options.getOrDefault(row.id(), List.of()), row.maxLength(), row.min(), row.max(),
                        row.referenceType(), row.position(), row.active(), row.module(), row.version()))
                .sorted(LISTING_ORDER).toList();
    }

    private static FieldRow fieldRow(ResultSet row) throws SQLException {
        return new FieldRow(row.getString("id"), row.getString("record_type"), row.getString("field_key"),
                FieldType.valueOf(row.getString("field_type")), row.getBoolean("required"),
                Jdbc.integer(row, "max_length"), Jdbc.decimal(row, "min_value"), Jdbc.decimal(row, "max_value"),
                row.getString("reference_type"), row.getInt("sort_order"), row.getBoolean("active"),
                row.getString("module"), row.getLong("version"));
    }
}
