package io.relata.core.reference;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.reference.PicklistValue;
import io.relata.api.reference.Picklists;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/**
 * The picklist tables. Core's own picklists are defined at every start like any module's, so a value added to
 * {@link DefaultPicklists} in a later release reaches existing installations too.
 */
@Component(service = {Picklists.class, JdbcPicklists.class})
public class JdbcPicklists implements Picklists {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,59}");
    static final Pattern KEY = Pattern.compile("[a-z0-9-]{1,40}");
    static final int MAX_LABEL_LENGTH = 200;
    static final int MAX_POSITION = 1_000_000;
    /** Gap between positions of values added without one, so an administrator can slot values in between. */
    static final int POSITION_STEP = 10;

    private final Jdbc jdbc;
    private final Transactions transactions;

    @Activate
    public JdbcPicklists(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                         @Reference(target = ReferenceSchema.READY) SchemaStatus schema,
                         @Reference Transactions transactions) {
        this.jdbc = new Jdbc(dataSource);
        this.transactions = transactions;
        Seeding.run(transactions, "picklists", () -> DefaultPicklists.forEach(this::define));
    }

    /** A picklist value with its optimistic-lock version, answered as ETag. */
    record StoredValue(PicklistValue value, long version) {
    }

    /**
     * What an administrator gives for a value.
     *
     * @param labels   every label of the value (the English one is required); replaces the labels it had
     * @param position {@code null} keeps a value's place, or puts a new one last
     * @param active   {@code null} keeps a value's state, or makes a new one active
     */
    record ValueFields(Map<String, String> labels, Integer position, Boolean active) {
    }

    @Override
    public List<String> names() {
        return jdbc.list("SELECT name FROM core_picklist ORDER BY name", row -> row.getString(1));
    }

    boolean exists(String picklist) {
        return picklist != null && jdbc.count("SELECT COUNT(*) FROM core_picklist WHERE name = ?", picklist) > 0;
    }

    @Override
    public List<PicklistValue> values(String picklist) {
        return stored(picklist).stream().map(StoredValue::value).toList();
    }

    @Override
    public Optional<PicklistValue> value(String picklist, String key) {
        return stored(picklist, key).map(StoredValue::value);
    }

    @Override
    public boolean contains(String picklist, String key) {
        return picklist != null && key != null && jdbc.first("SELECT active FROM core_picklist_value"
                + " WHERE picklist = ? AND value_key = ?", row -> row.getBoolean(1), picklist, key).orElse(false);
    }

    @Override
    public void define(String picklist, List<PicklistValue> defaults) {
        List<FieldError> errors = new ArrayList<>();
        if (picklist == null || !NAME.matcher(picklist).matches()) {
            errors.add(new FieldError("picklist", "lower case letters, digits, dots and dashes, at most 60"));
        }
        List<PicklistValue> given = defaults == null ? List.of() : defaults;
        List<PicklistValue> values = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            PicklistValue value = given.get(i);
            String field = "defaults[" + i + "]";
            if (value == null) {
                errors.add(new FieldError(field, "is null"));
                continue;
            }
            checkKey(value.key(), field + ".key", errors);
            if (!keys.add(value.key())) {
                errors.add(new FieldError(field + ".key", "is given twice"));
            }
            Map<String, String> labels = checkLabels(value.labels(), field + ".labels", errors);
            checkPosition(value.position(), field + ".position", errors);
            values.add(new PicklistValue(value.key(), labels, value.position(), value.active()));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        transactions.required(() -> {
            if (!exists(picklist)) {
                jdbc.update("INSERT INTO core_picklist (name) VALUES (?)", picklist);
            }
            Set<String> present = new HashSet<>(jdbc.list("SELECT value_key FROM core_picklist_value"
                    + " WHERE picklist = ?", row -> row.getString(1), picklist));
            values.stream().filter(value -> !present.contains(value.key())).forEach(value -> insert(picklist, value));
            return null;
        });
    }

    /** The picklist's values in listing order, each with its version. */
    List<StoredValue> stored(String picklist) {
        if (picklist == null) {
            return List.of();
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (Label label : jdbc.list("SELECT value_key, locale, label FROM core_picklist_label WHERE picklist = ?",
                JdbcPicklists::label, picklist)) {
            labels.computeIfAbsent(label.key(), key -> new HashMap<>()).put(label.locale(), label.text());
        }
        return jdbc.list("SELECT value_key, sort_order, active, version FROM core_picklist_value WHERE picklist = ?"
                + " ORDER BY sort_order, value_key", row -> new StoredValue(new PicklistValue(row.getString(1),
                labels.getOrDefault(row.getString(1), Map.of()), row.getInt(2), row.getBoolean(3)),
                row.getLong(4)), picklist);
    }

    Optional<StoredValue> stored(String picklist, String key) {
        if (picklist == null || key == null) {
            return Optional.empty();
        }
        Map<String, String> labels = new HashMap<>();
        for (Label label : jdbc.list("SELECT value_key, locale, label FROM core_picklist_label"
                + " WHERE picklist = ? AND value_key = ?", JdbcPicklists::label, picklist, key)) {
            labels.put(label.locale(), label.text());
        }
        return jdbc.first("SELECT sort_order, active, version FROM core_picklist_value"
                + " WHERE picklist = ? AND value_key = ?", row -> new StoredValue(new PicklistValue(key, labels,
                row.getInt(1), row.getBoolean(2)), row.getLong(3)), picklist, key);
    }

    private record Label(String key, String locale, String text) {
    }

    private static Label label(ResultSet row) throws SQLException {
        return new Label(row.getString("value_key"), row.getString("locale"), row.getString("label"));
    }

    /**
     * Adds a value to a picklist.
     *
     * @throws ProblemException 404 for an unknown picklist; 400 naming the field that is not valid; 409 when the
     *                          picklist has the key already
     */
    StoredValue add(String picklist, String key, ValueFields fields) {
        requireExists(picklist);
        return transactions.required(() -> {
            int position = fields.position() != null ? fields.position()
                    : (int) jdbc.count("SELECT COALESCE(MAX(sort_order), 0) FROM core_picklist_value"
                    + " WHERE picklist = ?", picklist) + POSITION_STEP;
            PicklistValue value = validate(key, fields.labels(), position,
                    fields.active() == null || fields.active());
            if (stored(picklist, key).isPresent()) {
                throw Problem.conflict(picklist + " has a value " + key + " already").toException();
            }
            insert(picklist, value);
            return stored(picklist, key).orElseThrow();
        });
    }

    /**
     * Changes a value that is still at {@code version}.
     *
     * @throws ProblemException 404 for an unknown picklist or key; 400 naming the field that is not valid; 412 when
     *                          the value changed since {@code version}
     */
    StoredValue change(String picklist, String key, long version, ValueFields fields) {
        requireExists(picklist);
        return transactions.required(() -> {
            StoredValue current = stored(picklist, key).orElseThrow(() -> valueNotFound(picklist, key));
            PicklistValue value = validate(key, fields.labels(),
                    fields.position() != null ? fields.position() : current.value().position(),
                    fields.active() != null ? fields.active() : current.value().active());
            int updated = jdbc.update("UPDATE core_picklist_value SET sort_order = ?, active = ?, version = version + 1"
                    + " WHERE picklist = ? AND value_key = ? AND version = ?", value.position(), value.active(),
                    picklist, key, version);
            if (updated == 0) {
                throw Problem.preconditionFailed("the value changed since you read it").toException();
            }
            jdbc.update("DELETE FROM core_picklist_label WHERE picklist = ? AND value_key = ?", picklist, key);
            insertLabels(picklist, value);
            return stored(picklist, key).orElseThrow();
        });
    }

    void requireExists(String picklist) {
        if (!exists(picklist)) {
            throw Problem.notFound("no picklist " + picklist).toException();
        }
    }

    static ProblemException valueNotFound(String picklist, String key) {
        return Problem.notFound("picklist " + picklist + " has no value " + key).toException();
    }

    private static PicklistValue validate(String key, Map<String, String> labels, int position, boolean active) {
        List<FieldError> errors = new ArrayList<>();
        checkKey(key, "key", errors);
        Map<String, String> stripped = checkLabels(labels, "labels", errors);
        checkPosition(position, "position", errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new PicklistValue(key, stripped, position, active);
    }

    private static void checkKey(String key, String field, List<FieldError> errors) {
        if (key == null || !KEY.matcher(key).matches()) {
            errors.add(new FieldError(field, "lower case letters, digits and dashes, 1 to 40"));
        }
    }

    /** @return the labels without surrounding blanks */
    private static Map<String, String> checkLabels(Map<String, String> labels, String field, List<FieldError> errors) {
        Map<String, String> stripped = new LinkedHashMap<>();
        if (labels == null || !labels.containsKey(PicklistValue.ENGLISH)) {
            errors.add(new FieldError(field + "." + PicklistValue.ENGLISH, "an English label is required"));
        }
        if (labels == null) {
            return stripped;
        }
        labels.forEach((locale, label) -> {
            if (!PicklistValue.LOCALES.contains(locale)) {
                errors.add(new FieldError(field + "." + locale, "labels are in " + String.join(" or ",
                        PicklistValue.LOCALES)));
            } else if (label == null || label.isBlank() || label.strip().length() > MAX_LABEL_LENGTH) {
                errors.add(new FieldError(field + "." + locale, "1 to " + MAX_LABEL_LENGTH + " characters"));
            } else {
                stripped.put(locale, label.strip());
            }
        });
        return stripped;
    }

    private static void checkPosition(int position, String field, List<FieldError> errors) {
        if (position < 0 || position > MAX_POSITION) {
            errors.add(new FieldError(field, "0 to " + MAX_POSITION));
        }
    }

    private void insert(String picklist, PicklistValue value) {
        jdbc.update("INSERT INTO core_picklist_value (picklist, value_key, sort_order, active, version)"
                + " VALUES (?, ?, ?, ?, ?)", picklist, value.key(), value.position(), value.active(), 0L);
        insertLabels(picklist, value);
    }

    private void insertLabels(String picklist, PicklistValue value) {
        value.labels().forEach((locale, label) -> jdbc.update("INSERT INTO core_picklist_label"
                + " (picklist, value_key, locale, label) VALUES (?, ?, ?, ?)", picklist, value.key(), locale, label));
    }
}
