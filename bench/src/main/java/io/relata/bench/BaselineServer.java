package io.relata.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.commons.dbcp2.BasicDataSource;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ceiling of Relata's stack for reading one customer: Jetty 9.4 (the version pax-web runs), one servlet, a
 * dbcp2 pool (what pax-jdbc gives Relata) and one SELECT of the row and its tags, written as JSON with Jackson.
 * No OSGi, no JAX-RS, no JPA, no authentication. Run in its own JVM:
 * {@code java -cp ... io.relata.bench.BaselineServer <port> <jdbcUrl> <user> <password>}.
 */
public final class BaselineServer {

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        BasicDataSource pool = new BasicDataSource();
        pool.setUrl(args[1]);
        pool.setUsername(args[2]);
        pool.setPassword(args.length > 3 ? args[3] : "");
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        ObjectMapper json = new ObjectMapper();

        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(port);
        server.addConnector(http);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new CustomerServlet(pool, json)), "/customers/*");
        server.setHandler(context);
        server.start();
        System.out.println("baseline listening on " + port);
        server.join();
    }

    static final class CustomerServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient BasicDataSource pool;
        private final transient ObjectMapper json;

        CustomerServlet(BasicDataSource pool, ObjectMapper json) {
            this.pool = pool;
            this.json = json;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
            try (Connection connection = pool.getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT * FROM core_customer WHERE id = ? AND deleted_at IS NULL");
                 PreparedStatement tags = connection.prepareStatement(
                         "SELECT tag FROM core_customer_tag WHERE customer_id = ? ORDER BY tag")) {
                select.setString(1, id);
                Map<String, Object> row = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        response.sendError(404);
                        return;
                    }
                    ResultSetMetaData meta = rows.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rows.getObject(i);
                        if (value instanceof java.sql.Timestamp || value instanceof OffsetDateTime) {
                            value = rows.getObject(i, OffsetDateTime.class).toInstant().toString();
                        }
                        row.put(camel(meta.getColumnLabel(i)), value);
                    }
                }
                tags.setString(1, id);
                List<String> tagList = new ArrayList<>();
                try (ResultSet rows = tags.executeQuery()) {
                    while (rows.next()) {
                        tagList.add(rows.getString(1));
                    }
                }
                row.put("tags", tagList);
                response.setContentType("application/json");
                response.setHeader("ETag", "\"" + row.get("version") + "\"");
                json.writeValue(response.getOutputStream(), row);
            } catch (SQLException e) {
                response.sendError(500, e.getMessage());
            }
        }

        private static String camel(String column) {
            StringBuilder name = new StringBuilder();
            boolean upper = false;
            for (char c : column.toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    name.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return name.toString();
        }
    }
}
