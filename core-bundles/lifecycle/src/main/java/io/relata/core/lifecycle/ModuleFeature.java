package io.relata.core.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Karaf feature that installs a Relata module, recognised by its capability
 * {@code relata.module;relata.module=<id>;license=<key>;requires:List<String>="<id>,<id>"}. The feature says what
 * a module needs before it is installed, so enabling can check the license and required modules first.
 */
record ModuleFeature(String feature, String version, String moduleId, String licenseKey, List<String> requires) {

    static final String NAMESPACE = "relata.module";

    static Optional<ModuleFeature> of(String feature, String version, String capability) {
        List<String> clauses = split(capability);
        if (clauses.isEmpty() || !clauses.get(0).trim().equals(NAMESPACE)) {
            return Optional.empty();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String clause : clauses.subList(1, clauses.size())) {
            int equals = clause.indexOf('=');
            if (equals > 0) {
                String name = clause.substring(0, equals).trim();
                int type = name.indexOf(':');
                attributes.put(type < 0 ? name : name.substring(0, type), unquote(clause.substring(equals + 1).trim()));
            }
        }
        String id = attributes.get(NAMESPACE);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        List<String> requires = new ArrayList<>();
        String required = attributes.getOrDefault("requires", "");
        for (String module : required.split(",")) {
            if (!module.isBlank()) {
                requires.add(module.trim());
            }
        }
        String license = attributes.get("license");
        return Optional.of(new ModuleFeature(feature, version, id, license == null || license.isBlank() ? null : license,
                List.copyOf(requires)));
    }

    /** Splits on semicolons outside quotes. */
    private static List<String> split(String capability) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : capability.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
