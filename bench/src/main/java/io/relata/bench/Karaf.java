package io.relata.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Karaf (Relata's distribution or the stock one) unpacked in a directory and run as {@code bin/karaf server}
 * in a JVM of its own. Every process it starts is written to {@code pids/} so that bench/run.sh can end them
 * if this JVM dies first.
 */
final class Karaf implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final Path home;
    final int httpPort;
    final int sshPort;
    final Map<String, String> environment = new HashMap<>();
    private final Path pids;
    private volatile Process process;
    private long startedNanos;
    /** Wall-clock time of the launch, in the zone Karaf's log writes (this machine's). */
    private java.time.LocalDateTime launchedAt;

    Karaf(String name, Path home, Path pids) throws IOException {
        this.name = name;
        this.home = home;
        this.pids = pids;
        this.httpPort = freePort();
        this.sshPort = freePort();
        environment.put("RELATA_HTTP_PORT", String.valueOf(httpPort));
        environment.put("RELATA_HTTP_HOST", "127.0.0.1");
        environment.put("RELATA_SSH_PORT", String.valueOf(sshPort));
        environment.put("RELATA_RMI_REGISTRY_PORT", String.valueOf(freePort()));
        environment.put("RELATA_RMI_SERVER_PORT", String.valueOf(freePort()));
    }

    /** Starts the JVM; the clock of {@link #sinceLaunch()} starts here. */
    void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        builder.environment().putAll(environment);
        startedNanos = System.nanoTime();
        launchedAt = java.time.LocalDateTime.now();
        process = builder.start();
        Files.createDirectories(pids);
        Files.writeString(pids.resolve(name + ".pid"), String.valueOf(process.pid()));
        // the JVM itself, too, so that bench/run.sh finds it even if bin/karaf's shell is gone
        Process launched = process;
        Thread recorder = new Thread(() -> {
            for (int i = 0; i < 100 && launched.isAlive(); i++) {
                try {
                    if (launched == process) {
                        jvmPid();
                        return;
                    }
                } catch (IOException | IllegalStateException notYet) {
                    // not started yet
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name + "-pid");
        recorder.setDaemon(true);
        recorder.start();
    }

    Duration sinceLaunch() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** Waits until GET {@code path} answers a status the predicate accepts; returns the time since launch. */
    Duration awaitHttp(String path, Predicate<Integer> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during boot; see " + home.resolve("console.out"));
            }
            try {
                HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.test(answer.statusCode())) {
                    return sinceLaunch();
                }
            } catch (IOException notYet) {
                // the port opens part way through the boot
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not answer " + path + " within " + timeout + "; see " + home);
    }

    /**
     * Waits until the features service has finished deploying: at least {@code deployments} "Done." lines in
     * karaf.log, the last features-service line being one of them, and no new deployment for two seconds.
     *
     * @return the time from launch to the log time of that last "Done."
     */
    Duration awaitFeaturesDone(int deployments, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path log = home.resolve("data/log/karaf.log");
        String lastDone = null;
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during boot; see " + home.resolve("console.out"));
            }
            if (Files.exists(log)) {
                String doneLine = null;
                String lastFeaturesLine = null;
                int done = 0;
                for (String line : Files.readAllLines(log)) {
                    if (line.contains("| FeaturesServiceImpl ")) {
                        lastFeaturesLine = line;
                        if (line.endsWith("| Done.")) {
                            done++;
                            doneLine = line;
                        }
                    }
                }
                if (done >= deployments && doneLine != null && doneLine.equals(lastFeaturesLine)) {
                    if (!doneLine.equals(lastDone)) {
                        lastDone = doneLine;
                        stableSince = System.nanoTime();
                    } else if (System.nanoTime() - stableSince > 2_000_000_000L) {
                        java.time.LocalDateTime at = java.time.LocalDateTime.parse(
                                doneLine.substring(0, doneLine.indexOf(' ')).replace(",", "."));
                        return Duration.between(launchedAt, at);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + ": the features service did not finish within " + timeout);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** The server's JVM (bin/karaf runs it as a child of a shell). */
    long jvmPid() throws IOException {
        Optional<ProcessHandle> jvm = process.descendants()
                .filter(child -> child.info().command().map(c -> c.endsWith("java")).orElse(false)).findFirst();
        long pid = jvm.orElseThrow(() -> new IllegalStateException("no Java process under bin/karaf")).pid();
        Files.writeString(pids.resolve(name + "-jvm.pid"), String.valueOf(pid));
        return pid;
    }

    /** Whether the JVM mapped Relata's class archive (bin/setenv, cds/): the archive's file is among its mappings. */
    boolean mapsClassArchive() throws IOException {
        return Files.readString(Path.of("/proc", String.valueOf(jvmPid()), "maps")).contains("/cds/relata-");
    }

    /** Resident set size of the JVM, from /proc, in MiB. */
    double rssMiB() throws IOException {
        return status("VmRSS:") / 1024.0;
    }

    /** Threads of the JVM, from /proc: each keeps the stack it has touched resident. */
    long threads() throws IOException {
        return status("Threads:");
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + jvmPid() + "/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/<pid>/status");
    }

    /** Stops the server as an admin would ({@code bin/stop}), forcibly after a minute; waits until it is gone. */
    void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            ProcessBuilder stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            stop.environment().putAll(environment);
            stop.start().waitFor(30, TimeUnit.SECONDS);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process = null;
        Files.deleteIfExists(pids.resolve(name + ".pid"));
        Files.deleteIfExists(pids.resolve(name + "-jvm.pid"));
    }

    /** Forgets the OSGi state (bundle cache, logs) so that the next launch is a first boot of this directory. */
    void wipeData() throws IOException {
        Path data = home.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> paths = Files.walk(data)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
