package io.relata.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A {@link DataSource} that hands out the test's one connection every time, with a {@code close()} that does
 * nothing; the test closes the connection itself when it is done.
 *
 * <p>The code under test opens a connection per call, as it may with core's pool behind it. Without a pool that is
 * a new PostgreSQL login each time, which makes the tests crawl; reusing one connection keeps them quick. Every
 * statement still commits on its own, unless the test begins a transaction on the connection, which then takes in
 * all the code under test does until the test commits or rolls back.
 */
public final class SingleConnectionDataSource implements DataSource {

    private final Connection unclosable;

    public SingleConnectionDataSource(Connection connection) {
        this.unclosable = (Connection) Proxy.newProxyInstance(SingleConnectionDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> null;
                    case "isClosed" -> false;
                    default -> invoke(connection, method, arguments);
                });
    }

    @Override
    public Connection getConnection() {
        return unclosable;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return unclosable;
    }

    @Override
    public PrintWriter getLogWriter() {
        throw new UnsupportedOperationException("getLogWriter");
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        throw new UnsupportedOperationException("setLogWriter");
    }

    @Override
    public void setLoginTimeout(int seconds) {
        throw new UnsupportedOperationException("setLoginTimeout");
    }

    @Override
    public int getLoginTimeout() {
        throw new UnsupportedOperationException("getLoginTimeout");
    }

    @Override
    public Logger getParentLogger() {
        throw new UnsupportedOperationException("getParentLogger");
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException("unwrap");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        throw new UnsupportedOperationException("isWrapperFor");
    }

    @Override
    public String toString() {
        return "the test's connection";
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
