package io.relata.bench;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Tells bench/run.sh whether a PostgreSQL server answers, so that it starts a throwaway one only when nothing
 * listens — never when a server is there but refuses the user, which is a mistake to report, not to work around:
 * {@code PostgresProbe <jdbc url> <user> <password>}. Prints the server's version and exits 0; exits 3 when the
 * connection is refused (nothing listens at that address), 1 on any other failure, with the reason.
 */
public final class PostgresProbe {

    static final int NOTHING_LISTENS = 3;

    private PostgresProbe() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PostgresProbe <jdbc url> <user> <password>");
            System.exit(2);
        }
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        props.setProperty("password", args[2]);
        // a firewall that drops packets would otherwise hold the run for the driver's default of minutes
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "20");
        try (Connection db = DriverManager.getConnection(args[0], props);
             Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            System.out.println(r.getString(1));
        } catch (SQLException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException) {
                    System.exit(NOTHING_LISTENS);
                }
            }
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
