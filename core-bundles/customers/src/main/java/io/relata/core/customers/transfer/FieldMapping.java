package io.relata.core.customers.transfer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.CustomFields;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/** Which column of a file feeds which field: guessed from the headers, or as the user chose and checked here. */
final class FieldMapping {

    private FieldMapping() {
    }

    /**
     * How headers are compared: full-width forms folded, case, spaces and punctuation ignored, so "E-mail",
     * "email" and "ＥＭＡＩＬ" are the same, and "客户名称：" is "客户名称".
     */
    static String normalise(String header) {
        String folded = Normalizer.normalize(header, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder kept = new StringBuilder();
        folded.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * @return header → field for the headers that name a field (its own name, one of its words, a custom field's
     *         {@code cf.<key>}, key or label), in the file's order; each field once, for the first header naming it
     */
    static Map<String, String> suggest(List<String> headers, RecordImport<?> type,
                                       List<CustomFieldDefinition> customFields) {
        Map<String, String> fieldByWord = new HashMap<>();
        for (String field : type.fields()) {
            fieldByWord.putIfAbsent(normalise(field), field);
            type.headerWords().getOrDefault(field, List.of())
                    .forEach(word -> fieldByWord.putIfAbsent(normalise(word), field));
        }
        for (CustomFieldDefinition definition : customFields) {
            String field = CustomFields.FILTER_PREFIX + definition.key();
            // a standard field keeps its words: a custom field labelled "Region" does not take address.region's
            fieldByWord.putIfAbsent(normalise(field), field);
            fieldByWord.putIfAbsent(normalise(definition.key()), field);
            definition.labels().values().forEach(label -> fieldByWord.putIfAbsent(normalise(label), field));
        }
        Map<String, String> suggested = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String header : headers) {
            String field = fieldByWord.get(normalise(header));
            if (field != null && taken.add(field)) {
                suggested.put(header, field);
            }
        }
        return suggested;
    }

    /**
     * Checks a mapping against the file's headers and the record type.
     *
     * @param mapping header → field; a blank field leaves the column out
     * @return column index → field
     * @throws io.relata.api.rest.ProblemException 400 naming {@code mapping.<header>} for each header the file
     *         does not have, each unknown field and each field mapped twice, or {@code mapping} when the mapped
     *         fields cannot make a record
     */
    static Map<Integer, String> resolve(Map<String, String> mapping, List<String> headers, RecordImport<?> type,
                                        List<CustomFieldDefinition> customFields) {
        Set<String> known = new HashSet<>(type.fields());
        customFields.forEach(definition -> known.add(CustomFields.FILTER_PREFIX + definition.key()));
        List<FieldError> errors = new ArrayList<>();
        Map<Integer, String> columns = new LinkedHashMap<>();
        Set<String> mapped = new HashSet<>();
        mapping.forEach((header, target) -> {
            String field = target == null ? "" : target.strip();
            if (field.isEmpty()) {
                return;
            }
            int column = headers.indexOf(header);
            if (column < 0) {
                errors.add(new FieldError("mapping." + header, "the file has no column with this header"));
            } else if (!known.contains(field)) {
                errors.add(new FieldError("mapping." + header, "'" + field + "' is not a field of "
                        + type.kind.plural + "; use one of " + type.fields() + " or cf.<custom field key>"));
            } else if (!mapped.add(field)) {
                errors.add(new FieldError("mapping." + header, "another column is mapped to " + field));
            } else {
                columns.put(column, field);
            }
        });
        if (errors.isEmpty()) {
            type.missing(mapped).ifPresent(missing -> errors.add(new FieldError("mapping", missing)));
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return columns;
    }
}
