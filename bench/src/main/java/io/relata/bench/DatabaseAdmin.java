package io.relata.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Creates or drops the throwaway database of a run, so that bench/run.sh needs no psql:
 * {@code DatabaseAdmin create|drop <jdbc url of the maintenance database> <user> <password> <name>}.
 */
public final class DatabaseAdmin {

    private DatabaseAdmin() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[4];
        if (!name.matches("relata_bench_[a-z0-9_]+")) {
            throw new IllegalArgumentException("refusing to touch database " + name);
        }
        try (Connection db = DriverManager.getConnection(args[1], args[2], args[3]);
             Statement s = db.createStatement()) {
            switch (args[0]) {
                // UTF-8 with the cluster's collation; pg_trgm is created by Relata's migration when allowed
                case "create" -> s.execute("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
                case "drop" -> {
                    try {
                        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); // PostgreSQL 13+
                    } catch (java.sql.SQLException olderServer) {
                        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                                + "' AND pid <> pg_backend_pid()");
                        s.execute("DROP DATABASE IF EXISTS " + name);
                    }
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }
}
