package io.relata.core.customers.customer;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * A data source that counts the trips its statements make to the database: every {@code execute…} is one, and a
 * whole {@code executeBatch} is one however many statements it carries (the drivers send a batch together). Lets
 * tests see that a batch path really batches, without measuring time.
 */
public final class CountingDataSource {

    /** Statements sent, a JDBC batch counting once. */
    public final AtomicLong roundTrips = new AtomicLong();
    /** {@code executeBatch} calls alone. */
    public final AtomicLong batches = new AtomicLong();
    /** Statements sent inside batches. */
    public final AtomicLong batchedStatements = new AtomicLong();
    /** Trips by the SQL of the prepared statement that made them, for a test that needs to see which ones. */
    public final Map<String, AtomicLong> tripsBySql = new ConcurrentHashMap<>();

    private final DataSource counted;

    CountingDataSource(DataSource target) {
        this.counted = proxy(DataSource.class, target, null, (method, arguments, result) ->
                result instanceof Connection connection ? proxy(Connection.class, connection, null, this::statement)
                        : result);
    }

    public DataSource dataSource() {
        return counted;
    }

    public void reset() {
        roundTrips.set(0);
        batches.set(0);
        batchedStatements.set(0);
        tripsBySql.clear();
    }

    private Object statement(Method method, Object[] arguments, Object result) {
        if (!(result instanceof Statement statement)) {
            return result;
        }
        Class<?> type = method.getReturnType().isInterface() ? method.getReturnType() : Statement.class;
        String sql = arguments != null && arguments.length > 0 && arguments[0] instanceof String text ? text : null;
        return proxy(type, statement, sql, (called, calledWith, value) -> value);
    }

    /** What a proxied call's result becomes: wrapped itself, or as it is. */
    private interface Wrap {
        Object apply(Method method, Object[] arguments, Object result);
    }

    /** @param sql a prepared statement's SQL, or {@code null} */
    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<?> type, Object target, String sql, Wrap wrap) {
        InvocationHandler handler = (proxy, method, arguments) -> {
            String name = method.getName();
            if (target instanceof Statement) {
                if (name.equals("addBatch") && (arguments == null || arguments.length == 0)) {
                    batchedStatements.incrementAndGet();
                } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                    roundTrips.incrementAndGet();
                    batches.incrementAndGet();
                    trip(sql);
                } else if (name.startsWith("execute")) {
                    roundTrips.incrementAndGet();
                    trip(sql != null ? sql : arguments != null && arguments.length > 0 ? (String) arguments[0] : null);
                }
            }
            try {
                return wrap.apply(method, arguments, method.invoke(target, arguments));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
                handler);
    }

    private void trip(String sql) {
        tripsBySql.computeIfAbsent(sql == null ? "?" : sql, text -> new AtomicLong()).incrementAndGet();
    }
}
