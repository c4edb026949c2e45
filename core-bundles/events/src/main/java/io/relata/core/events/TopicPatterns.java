package io.relata.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The topics a listener asked for: exact topics, {@code prefix.*}, or {@code *}. */
final class TopicPatterns {

    static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private boolean everything;

    /** @param property the listener's service property: a String, String[] or collection of them */
    static TopicPatterns from(Object property) {
        TopicPatterns patterns = new TopicPatterns();
        for (String pattern : strings(property)) {
            String trimmed = pattern.trim();
            if (trimmed.equals("*")) {
                patterns.everything = true;
            } else if (trimmed.endsWith(".*")) {
                patterns.prefixes.add(trimmed.substring(0, trimmed.length() - 1));
            } else if (!trimmed.isEmpty()) {
                patterns.exact.add(trimmed);
            }
        }
        return patterns;
    }

    boolean isEmpty() {
        return !everything && exact.isEmpty() && prefixes.isEmpty();
    }

    boolean matches(String topic) {
        if (everything || exact.contains(topic)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (topic.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Object property) {
        List<String> values = new ArrayList<>();
        if (property instanceof String value) {
            values.add(value);
        } else if (property instanceof String[] array) {
            values.addAll(List.of(array));
        } else if (property instanceof Iterable<?> iterable) {
            iterable.forEach(item -> values.add(String.valueOf(item)));
        }
        return values;
    }
}
