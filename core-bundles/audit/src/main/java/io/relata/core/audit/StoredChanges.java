package io.relata.core.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.audit.FieldChange;

/**
 * An audit entry's field changes as its {@code changes} column holds them: a JSON array of
 * {@code {"field": …, "old": …, "new": …}} in the order the module listed them, a missing or {@code null} value
 * for none, and no array at all for an entry without changes.
 */
final class StoredChanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredChanges() {
    }

    /** @return the JSON, values longer than {@code maxValueLength} cut; {@code null} when there are no changes */
    static String write(List<FieldChange> changes, int maxValueLength) {
        if (changes.isEmpty()) {
            return null;
        }
        StringWriter text = new StringWriter(64 * changes.size());
        try (JsonGenerator json = JSON.getFactory().createGenerator(text)) {
            json.writeStartArray();
            for (FieldChange change : changes) {
                json.writeStartObject();
                json.writeStringField("field", change.field());
                writeValue(json, "old", JdbcAuditTrail.truncate(change.oldValue(), maxValueLength));
                writeValue(json, "new", JdbcAuditTrail.truncate(change.newValue(), maxValueLength));
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    private static void writeValue(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /**
     * @param stored the column's value, as {@link #write} or the migration from {@code core_audit_change} wrote it
     * @return the changes, empty for {@code null}
     * @throws IllegalStateException if the column holds something else, which only a hand-made row can
     */
    static List<FieldChange> read(String stored) {
        if (stored == null) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JSON.readTree(stored);
        } catch (IOException e) {
            throw notChanges(stored);
        }
        if (array == null || !array.isArray()) {
            throw notChanges(stored);
        }
        List<FieldChange> changes = new ArrayList<>(array.size());
        for (JsonNode change : array) {
            String field = text(change.get("field"));
            if (field == null) {
                throw notChanges(stored);
            }
            changes.add(new FieldChange(field, text(change.get("old")), text(change.get("new"))));
        }
        return List.copyOf(changes);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static IllegalStateException notChanges(String stored) {
        return new IllegalStateException("an audit entry's changes are not a JSON array of field changes: "
                + JdbcAuditTrail.truncate(stored, 200));
    }
}
