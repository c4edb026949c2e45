package io.relata.core.licensing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

/** The {@code core_license} history; its newest row is the license in force ({@code null} document: none). */
final class LicenseStore {

    record Installed(String document, Instant installedAt, String installedBy) {
    }

    private final DataSource dataSource;

    LicenseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Installed> current() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT document, installed_at, installed_by FROM core_license ORDER BY seq DESC")) {
            query.setMaxRows(1);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Installed(rows.getString(1),
                        rows.getObject(2, java.time.OffsetDateTime.class).toInstant(), rows.getString(3)));
            }
        }
    }

    /** Appends a row; {@code document == null} records that the license was removed. */
    void record(String licenseId, String document, Instant at, String by) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long next;
            try (PreparedStatement max = connection.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM core_license");
                 ResultSet rows = max.executeQuery()) {
                rows.next();
                next = rows.getLong(1);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO core_license (seq, license_id, document, installed_at, installed_by) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, next);
                insert.setString(2, licenseId);
                insert.setString(3, document);
                insert.setObject(4, at.atOffset(ZoneOffset.UTC));
                insert.setString(5, by);
                insert.executeUpdate();
            }
        }
    }
}
