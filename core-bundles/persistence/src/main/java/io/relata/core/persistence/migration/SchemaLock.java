package io.relata.core.persistence.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

/**
 * Serialises migrations of one schema across every node that shares the database.
 *
 * <p>On PostgreSQL this is a session advisory lock, held on a connection of its own for the whole migration:
 * the database releases it by itself when a node dies, so a crashed node never leaves the schema locked.
 * Holding it also proves nobody else is migrating, which lets the migrator clear a Liquibase lock row that a
 * crashed node left behind. Embedded H2 is a single-process database, so a lock in this JVM suffices.
 */
final class SchemaLock implements AutoCloseable {

    /** Advisory lock namespace: "RELA". */
    private static final int LOCK_CLASS = 0x52454c41;
    private static final Map<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Connection connection;
    private final int key;
    private final ReentrantLock local;

    private SchemaLock(Connection connection, int key, ReentrantLock local) {
        this.connection = connection;
        this.key = key;
        this.local = local;
    }

    static SchemaLock acquire(DataSource dataSource, String schema) throws SQLException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(schema, name -> new ReentrantLock());
        local.lock();
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            int key = schema.hashCode();
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
                    lock.setInt(1, LOCK_CLASS);
                    lock.setInt(2, key);
                    lock.execute();
                }
                return new SchemaLock(connection, key, local);
            }
            connection.close();
            return new SchemaLock(null, key, local);
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (connection != null) {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                    unlock.setInt(1, LOCK_CLASS);
                    unlock.setInt(2, key);
                    unlock.execute();
                } finally {
                    connection.close();
                }
            }
        } finally {
            local.unlock();
        }
    }
}
