package io.relata.core.customers.field;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.customfield.FieldType;

/**
 * Custom-field values of this bundle's records in {@code core_field_value}: written and read in the caller's
 * entity manager and transaction, validated by the {@link CustomFields} service, which owns the definitions.
 */
public final class CustomValues {

    /** A JPQL condition over a record's custom fields and its named parameters. */
    public record Filter(String condition, Map<String, Object> parameters) {
        static final Filter NONE = new Filter("(1 = 1)", Map.of());
    }

    private final CustomFields fields;

    public CustomValues(CustomFields fields) {
        this.fields = fields;
    }

    public CustomFields service() {
        return fields;
    }

    /**
     * Validates the values a record will have after a write.
     *
     * @param stored  what it has now (empty for a new record)
     * @param request what the write asks for: the complete values after a merge patch
     */
    public Map<String, Object> validate(String recordType, Map<String, Object> stored, Map<String, Object> request) {
        Map<String, Object> after = request == null ? stored : request;
        Set<String> changed = new HashSet<>();
        Set<String> keys = new HashSet<>(stored.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(stored.get(key), after.get(key))) {
                changed.add(key);
            }
        }
        return fields.validate(recordType, after, changed);
    }

    /** @return the shown values of these records (those of active definitions), by record id */
    public Map<String, Map<String, Object>> load(EntityManager em, String recordType, Collection<String> recordIds) {
        Map<String, Map<String, Object>> values = new HashMap<>();
        if (recordIds.isEmpty()) {
            return values;
        }
        Set<String> shown = new HashSet<>();
        fields.definitions(recordType).forEach(definition -> shown.add(definition.key()));
        if (shown.isEmpty()) {
            // values of inactive fields stay hidden, so with no active field there is nothing to read
            return values;
        }
        List<String> ids = List.copyOf(new HashSet<>(recordIds));
        for (int from = 0; from < ids.size(); from += 1000) {
            List<FieldValueEntity> rows = em.createQuery("SELECT v FROM FieldValueEntity v WHERE v.recordType = :type"
                            + " AND v.recordId IN :ids ORDER BY v.recordId, v.fieldKey, v.position", FieldValueEntity.class)
                    .setParameter("type", recordType).setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .getResultList();
            for (FieldValueEntity row : rows) {
                if (shown.contains(row.fieldKey())) {
                    add(values.computeIfAbsent(row.recordId(), id -> new TreeMap<>()), row);
                }
            }
        }
        return values;
    }

    public Map<String, Object> load(EntityManager em, String recordType, String recordId) {
        return load(em, recordType, List.of(recordId)).getOrDefault(recordId, Map.of());
    }

    /**
     * Stores the record's values for the active definitions, replacing what it had for them; values of inactive
     * definitions stay as they were, hidden.
     */
    public void write(EntityManager em, String recordType, String recordId, Map<String, Object> values) {
        Set<String> replaced = new HashSet<>(values.keySet());
        fields.definitions(recordType).forEach(definition -> replaced.add(definition.key()));
        if (!replaced.isEmpty()) {
            em.createQuery("DELETE FROM FieldValueEntity v WHERE v.recordType = :type AND v.recordId = :id"
                            + " AND v.fieldKey IN :keys")
                    .setParameter("type", recordType).setParameter("id", recordId)
                    .setParameter("keys", List.copyOf(replaced)).executeUpdate();
        }
        Map<String, FieldType> types = types(recordType);
        values.forEach((key, value) -> persist(em, recordType, recordId, key, types.getOrDefault(key, FieldType.TEXT),
                value));
    }

    private static void persist(EntityManager em, String recordType, String recordId, String key, FieldType type,
                                Object value) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                em.persist(new FieldValueEntity(recordType, recordId, key, i, type.name()).text(list.get(i).toString()));
            }
        } else {
            em.persist(row(recordType, recordId, key, type, value));
        }
    }

    /**
     * Stores the values of records created in the running transaction, as {@link #write} would one by one: they
     * have no values yet, so nothing is deleted first, and the definitions are read once for all of them.
     *
     * @param valuesByRecordId each new record's values, as {@link CustomFields#validate} returned them
     * @throws IllegalStateException when a value's field is no longer active: it was validated before a change
     *                               of the definitions, so the caller's transaction must not commit it
     */
    public void writeNew(EntityManager em, String recordType, Map<String, Map<String, Object>> valuesByRecordId) {
        if (valuesByRecordId.values().stream().allMatch(Map::isEmpty)) {
            return;
        }
        Map<String, FieldType> types = types(recordType);
        valuesByRecordId.forEach((recordId, values) -> values.forEach((key, value) -> {
            FieldType type = types.get(key);
            if (type == null) {
                throw new IllegalStateException("custom field " + key + " of " + recordType
                        + " is no longer active; its values were checked before the change");
            }
            persist(em, recordType, recordId, key, type, value);
        }));
    }

    /** Removes every value of a record, for good. */
    public void purge(EntityManager em, String recordType, String recordId) {
        em.createQuery("DELETE FROM FieldValueEntity v WHERE v.recordType = :type AND v.recordId = :id")
                .setParameter("type", recordType).setParameter("id", recordId).executeUpdate();
    }

    /**
     * The condition for list filters {@code cf.<key>=<value>}, all of which a record must match.
     *
     * @param idPath  the JPQL path of the record's id, e.g. {@code c.id}
     * @param filters filter values by field key, as the query string has them
     */
    public Filter filter(String recordType, String idPath, Map<String, String> filters) {
        if (filters.isEmpty()) {
            return Filter.NONE;
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("cfType", recordType);
        int n = 0;
        for (Map.Entry<String, String> filter : new TreeMap<>(filters).entrySet()) {
            Object value = fields.parseFilter(recordType, filter.getKey(), filter.getValue());
            String column = column(value);
            conditions.add("EXISTS (SELECT v" + n + " FROM FieldValueEntity v" + n + " WHERE v" + n + ".recordType = :cfType"
                    + " AND v" + n + ".recordId = " + idPath + " AND v" + n + ".fieldKey = :cfKey" + n + " AND v" + n + "."
                    + column + " = :cfValue" + n + ")");
            parameters.put("cfKey" + n, filter.getKey());
            parameters.put("cfValue" + n, stored(value));
            n++;
        }
        return new Filter("(" + String.join(" AND ", conditions) + ")", parameters);
    }

    /** @return the query parameters that are custom-field filters, by field key */
    public static Map<String, String> filters(Map<String, String> parameters) {
        Map<String, String> filters = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith(CustomFields.FILTER_PREFIX) && value != null) {
                filters.put(name.substring(CustomFields.FILTER_PREFIX.length()), value);
            }
        });
        return filters;
    }

    /** The values as the audit trail compares them: {@code cf.<key>} → text. */
    public Map<String, Object> snapshot(Map<String, Object> values) {
        Map<String, Object> snapshot = new TreeMap<>();
        values.forEach((key, value) -> snapshot.put(CustomFields.FILTER_PREFIX + key, fields.format(value)));
        return snapshot;
    }

    private Map<String, FieldType> types(String recordType) {
        Map<String, FieldType> types = new HashMap<>();
        for (CustomFieldDefinition definition : fields.definitions(recordType)) {
            types.put(definition.key(), definition.type());
        }
        return types;
    }

    private static FieldValueEntity row(String recordType, String recordId, String key, FieldType type, Object value) {
        FieldValueEntity row = new FieldValueEntity(recordType, recordId, key, 0, type.name());
        if (value instanceof BigDecimal number) {
            return row.number(number);
        }
        if (value instanceof Long number) {
            return row.number(BigDecimal.valueOf(number));
        }
        if (value instanceof LocalDate date) {
            return row.date(date);
        }
        return row.text(value.toString());
    }

    private static String column(Object value) {
        if (value instanceof Number) {
            return "numberValue";
        }
        return value instanceof LocalDate ? "dateValue" : "textValue";
    }

    /** The value as its column holds it: integers as decimals, booleans as text. */
    private static Object stored(Object value) {
        if (value instanceof Long number) {
            return BigDecimal.valueOf(number);
        }
        return value instanceof Boolean ? value.toString() : value;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> values, FieldValueEntity row) {
        FieldType type = FieldType.valueOf(row.fieldType());
        switch (type) {
            case MULTI_PICKLIST -> ((List<String>) values.computeIfAbsent(row.fieldKey(), key -> new ArrayList<String>()))
                    .add(row.textValue());
            case INTEGER -> values.put(row.fieldKey(), row.numberValue().longValueExact());
            case DECIMAL -> values.put(row.fieldKey(), row.numberValue().stripTrailingZeros());
            case DATE -> values.put(row.fieldKey(), row.dateValue());
            case BOOLEAN -> values.put(row.fieldKey(), Boolean.valueOf(row.textValue()));
            default -> values.put(row.fieldKey(), row.textValue());
        }
    }
}
