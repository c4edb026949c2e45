package io.relata.core.customfields;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.relata.api.persistence.TransactionFailedException;

/**
 * Parameterised JDBC on Relata's data source. Each call takes a connection from the pool, which enlists it in the
 * caller's transaction when there is one; without one the statement commits on its own.
 */
final class Jdbc {

    interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> List<T> list(String sql, Row<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new TransactionFailedException("query failed: " + e.getMessage(), e);
        }
    }

    int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new TransactionFailedException("update failed: " + e.getMessage(), e);
        }
    }

    long count(String sql, Object... parameters) {
        List<Long> counts = list(sql, row -> row.getLong(1), parameters);
        return counts.isEmpty() ? 0 : counts.get(0);
    }

    static Integer integer(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    /** A NUMERIC(30,12) comes back with all twelve places; {@code 7.1} reads better than {@code 7.100000000000}. */
    static BigDecimal decimal(ResultSet row, String column) throws SQLException {
        return FieldValues.plain(row.getBigDecimal(column));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
