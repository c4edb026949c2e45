package io.relata.core.persistence.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a schema's changelog looked like when the schema was last brought up to date: the SHA-256 of the changelog
 * file and the number of change sets then recorded in the schema's history table. When both are unchanged, every
 * change set of the file has run and nothing was undone behind Liquibase's back, so the migration has nothing to
 * do and Liquibase need not start at all. Its first use in a JVM takes over a second, and each check after it
 * some 60–150 ms (parsing the file, reading the history, the lock table): most of a boot's migration time on an
 * up-to-date database, and of a plugin's hot deploy.
 *
 * <p>Only a changelog that is the whole story can be fingerprinted: one that includes other files, or has change
 * sets that run every time, always goes to Liquibase. Nothing here can fail a migration: if the fingerprints cannot
 * be read or written, Liquibase decides, as it did before.
 */
final class ChangelogFingerprints {

    static final String TABLE = "core_schema_fingerprint";
    private static final Logger LOG = LoggerFactory.getLogger(ChangelogFingerprints.class);
    /** Changelog content that makes the file alone say too little about what must run. */
    private static final String[] NOT_SELF_CONTAINED = {"<include", "include:", "\"include\"", "includeAll",
        "runAlways", "sqlFile"};

    private ChangelogFingerprints() {
    }

    /** @return the file's fingerprint, or empty when the file alone does not say what Liquibase would do */
    static Optional<String> of(String changelog, ClassLoader loader) {
        byte[] content;
        try (InputStream in = loader.getResourceAsStream(classPathName(changelog))) {
            if (in == null) {
                return Optional.empty(); // Liquibase will report that it is missing
            }
            content = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // Liquibase will report what is wrong with it
        }
        String text = new String(content, StandardCharsets.UTF_8);
        for (String marker : NOT_SELF_CONTAINED) {
            if (text.contains(marker)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The name a class loader knows {@code changelog} by, as Liquibase's class-loader resource accessor reads it. */
    private static String classPathName(String changelog) {
        String name = changelog.startsWith("classpath:") ? changelog.substring("classpath:".length()) : changelog;
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        return name;
    }

    /** @return whether the schema was brought up to date from exactly this file and its history is as it was then */
    static boolean upToDate(Connection connection, String schema, String fingerprint) {
        try (PreparedStatement select = connection.prepareStatement("SELECT changelog_sha256, change_sets FROM "
                + TABLE + " WHERE schema_name = ?")) {
            select.setString(1, schema);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && fingerprint.equals(row.getString(1))
                        && row.getLong(2) == changeSets(connection, schema);
            }
        } catch (SQLException e) {
            LOG.debug("No fingerprint of schema {} to compare: {}", schema, e.getMessage());
            return false;
        }
    }

    /** Records that the schema is up to date with the file: call once Liquibase has applied it. */
    static void record(Connection connection, String schema, String fingerprint) {
        try {
            createTable(connection);
            long changeSets = changeSets(connection, schema);
            // the schema lock is held: no other node writes this schema's row meanwhile
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE schema_name = ?")) {
                delete.setString(1, schema);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                    + " (schema_name, changelog_sha256, change_sets) VALUES (?, ?, ?)")) {
                insert.setString(1, schema);
                insert.setString(2, fingerprint);
                insert.setLong(3, changeSets);
                insert.executeUpdate();
            }
            if (!connection.getAutoCommit()) {
                connection.commit(); // Liquibase leaves the connection in manual commit
            }
        } catch (SQLException e) {
            LOG.warn("Could not record the changelog fingerprint of schema {} (Liquibase will check it at every"
                    + " start): {}", schema, e.getMessage());
        }
    }

    /**
     * Clears a Liquibase lock row a crashed node left behind, as the migrator does before Liquibase runs; with
     * Liquibase not running, nobody else would (and the lock would hold up the day the changelog changes).
     */
    static void releaseLeftLock(Connection connection, String schema) {
        try (Statement release = connection.createStatement()) {
            release.executeUpdate("UPDATE " + SchemaNames.lockTable(schema)
                    + " SET locked = FALSE, lockgranted = NULL, lockedby = NULL WHERE locked = TRUE");
        } catch (SQLException e) {
            LOG.debug("No Liquibase lock of schema {} to release: {}", schema, e.getMessage());
        }
    }

    private static long changeSets(Connection connection, String schema) throws SQLException {
        try (Statement count = connection.createStatement();
             ResultSet row = count.executeQuery("SELECT COUNT(*) FROM " + SchemaNames.changelogTable(schema))) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (schema_name VARCHAR(64) PRIMARY KEY,"
                    + " changelog_sha256 VARCHAR(64) NOT NULL, change_sets BIGINT NOT NULL)");
        } catch (SQLException raced) {
            // two nodes migrating two schemas may create it at the same moment (PostgreSQL then refuses one)
            try (Statement check = connection.createStatement()) {
                check.executeQuery("SELECT COUNT(*) FROM " + TABLE).close();
            } catch (SQLException stillMissing) {
                raced.addSuppressed(stillMissing);
                throw raced;
            }
        }
    }
}
