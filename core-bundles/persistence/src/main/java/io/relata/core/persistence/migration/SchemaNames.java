package io.relata.core.persistence.migration;

import java.util.regex.Pattern;

/** The rules for schema names, which become parts of table names. */
final class SchemaNames {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    private SchemaNames() {
    }

    static String require(Object name) {
        if (!(name instanceof String text) || !NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("schema name must match " + NAME.pattern() + ", got: " + name);
        }
        return text;
    }

    static String changelogTable(String schema) {
        return schema + "_changelog";
    }

    static String lockTable(String schema) {
        return schema + "_changelog_lock";
    }
}
