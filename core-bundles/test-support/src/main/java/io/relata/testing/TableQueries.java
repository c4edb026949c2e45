package io.relata.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the test's own connection, beside the code under test rather than through it: to set up rows it
 * has no way to write, and to look at what it wrote. Parameters are bound with {@code setObject}, an
 * {@link Instant} as a UTC {@code OffsetDateTime}, which both H2 and PostgreSQL take; a failing statement fails
 * the test with an {@link IllegalStateException} naming it.
 */
public final class TableQueries {

    private final Connection connection;

    public TableQueries(Connection connection) {
        this.connection = connection;
    }

    /** @return the first column of the first row as a number, e.g. of a {@code SELECT COUNT(*)} */
    public long count(String sql, Object... parameters) {
        Object value = firstRow(sql, parameters)
                .orElseThrow(() -> new IllegalStateException("no row: " + sql)).get(0);
        return ((Number) value).longValue();
    }

    /** @return the first column of the first row, as text; null when there is no row or the value is null */
    public String text(String sql, Object... parameters) {
        return firstRow(sql, parameters).map(row -> row.get(0)).map(Object::toString).orElse(null);
    }

    /** @return the first row's values, in column order; empty when there is no row */
    public Optional<List<Object>> firstRow(String sql, Object... parameters) {
        return rows(sql, parameters).stream().findFirst();
    }

    /** @return every row's values, in column order */
    public List<List<Object>> rows(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters);
             ResultSet rows = statement.executeQuery()) {
            ResultSetMetaData columns = rows.getMetaData();
            List<List<Object>> result = new ArrayList<>();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    row.add(rows.getObject(column));
                }
                result.add(row);
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs an insert, update, delete or DDL statement. */
    public void execute(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
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
