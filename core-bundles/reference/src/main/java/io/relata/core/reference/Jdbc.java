package io.relata.core.reference;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        return query(0, sql, mapper, parameters);
    }

    <T> Optional<T> first(String sql, Row<T> mapper, Object... parameters) {
        List<T> rows = query(1, sql, mapper, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /** @param maxRows how many rows to read at most; 0 for all */
    <T> List<T> query(int maxRows, String sql, Row<T> mapper, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, parameters)) {
            statement.setMaxRows(maxRows);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
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
        return first(sql, row -> row.getLong(1), parameters).orElse(0L);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static LocalDate date(ResultSet row, String column) throws SQLException {
        return row.getObject(column, LocalDate.class);
    }

    /** A NUMERIC(30,12) comes back with all twelve places; {@code 7.1} reads better than {@code 7.100000000000}. */
    static BigDecimal decimal(ResultSet row, String column) throws SQLException {
        return plain(row.getBigDecimal(column));
    }

    /** @return the value without trailing zeros, but never in exponent form ({@code 1E+3} stays {@code 1000}) */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object value = parameters[i];
                statement.setObject(i + 1, value instanceof Instant at ? at.atOffset(ZoneOffset.UTC) : value);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
