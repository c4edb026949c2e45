package io.relata.core.modules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.relata.api.module.ModuleDescriptor;

/** The {@code core_module} table: every module this database has seen, and when. */
final class KnownModules {

    record Seen(ModuleDescriptor descriptor, Instant lastSeen) {
    }

    private final DataSource dataSource;

    KnownModules(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void remember(ModuleDescriptor module, Instant now) throws SQLException {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE core_module SET name = ?, version = ?, description = ?, license_key = ?, requires = ?,"
                            + " last_seen = ? WHERE id = ?")) {
                bind(update, module, at);
                update.setString(7, module.id());
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO core_module (name, version, description, license_key, requires, last_seen, id,"
                            + " first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, module, at);
                insert.setString(7, module.id());
                insert.setObject(8, at);
                insert.executeUpdate();
            } catch (SQLException raced) {
                // another node inserted the same module a moment ago; its row is as good as ours
                if (!exists(connection, module.id())) {
                    throw raced;
                }
            }
        }
    }

    List<Seen> all() throws SQLException {
        List<Seen> modules = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id, name, version, description, license_key, requires, last_seen FROM core_module");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String requires = rows.getString("requires");
                ModuleDescriptor descriptor = new ModuleDescriptor(rows.getString("id"), rows.getString("name"),
                        rows.getString("version"), rows.getString("description"), rows.getString("license_key"),
                        requires == null || requires.isEmpty() ? List.of() : Arrays.asList(requires.split(",")),
                        List.of());
                modules.add(new Seen(descriptor, rows.getObject("last_seen", OffsetDateTime.class).toInstant()));
            }
        }
        return modules;
    }

    private static void bind(PreparedStatement statement, ModuleDescriptor module, OffsetDateTime at)
            throws SQLException {
        statement.setString(1, module.name());
        statement.setString(2, module.version());
        statement.setString(3, module.description());
        statement.setString(4, module.licenseKey());
        statement.setString(5, String.join(",", module.requires()));
        statement.setObject(6, at);
    }

    private static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM core_module WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
