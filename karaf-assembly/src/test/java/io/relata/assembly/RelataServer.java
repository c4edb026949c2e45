package io.relata.assembly;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * One Relata server started from the built distribution ({@code target/assembly}) in a directory of its own,
 * on free ports, as a separate JVM exactly as {@code bin/karaf server} runs it for users.
 */
final class RelataServer implements AutoCloseable {

    static final String ADMIN_PASSWORD = "it-Relata-secret-1";
    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(3);

    final Path home;
    final int httpPort;
    final int sshPort;
    private final Map<String, String> environment;
    private String consoleUser = "admin";
    private String consolePassword = ADMIN_PASSWORD;
    private String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private RelataServer(Path home, Map<String, String> environment) throws IOException {
        this.home = home;
        this.httpPort = freePort();
        this.sshPort = freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("RELATA_HTTP_PORT", String.valueOf(httpPort));
        this.environment.put("RELATA_SSH_PORT", String.valueOf(sshPort));
        this.environment.put("RELATA_RMI_REGISTRY_PORT", String.valueOf(freePort()));
        this.environment.put("RELATA_RMI_SERVER_PORT", String.valueOf(freePort()));
        this.environment.put("RELATA_ADMIN_PASSWORD", ADMIN_PASSWORD);
        this.environment.put("RELATA_MAX_MEMORY", "768M");
    }

    /** A fresh copy of the distribution; {@code system/} is shared read-only with the build's. */
    static RelataServer install(String name, Map<String, String> environment) throws IOException {
        Path assembly = assembly();
        Path home = newHome(name);
        for (String folder : List.of("bin", "etc", "lib", "deploy")) {
            copyTree(assembly.resolve(folder), home.resolve(folder));
        }
        Files.createSymbolicLink(home.resolve("system"), assembly.resolve("system"));
        // Boot offline, as users do: no remote repositories and an empty local one, so a bundle missing from
        // system/ fails the boot instead of being fetched quietly from ~/.m2 or Maven Central.
        Files.writeString(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), System.lineSeparator()
                + "org.ops4j.pax.url.mvn.repositories=" + System.lineSeparator()
                + "org.ops4j.pax.url.mvn.localRepository=${karaf.data}/empty-local-repository" + System.lineSeparator(),
                StandardOpenOption.APPEND);
        return new RelataServer(home, environment);
    }

    /** An unmodified Apache Karaf of the same version, unpacked, with Maven reaching only {@code repository}. */
    static RelataServer stockKaraf(Path tarGz, Path repository) throws IOException, InterruptedException {
        Path home = newHome("stock-karaf");
        Process untar = new ProcessBuilder("tar", "xzf", tarGz.toString(), "--strip-components=1", "-C", home.toString())
                .inheritIO().start();
        if (untar.waitFor() != 0) {
            throw new IOException("could not unpack " + tarGz);
        }
        RelataServer server = new RelataServer(home, Map.of());
        Path etc = home.resolve("etc");
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + server.sshPort);
        replaceLine(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099",
                "rmiRegistryPort = " + server.environment.get("RELATA_RMI_REGISTRY_PORT"));
        replaceLine(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444",
                "rmiServerPort = " + server.environment.get("RELATA_RMI_SERVER_PORT"));
        Files.writeString(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port = " + server.httpPort + "\n");
        Files.writeString(etc.resolve("users.properties"), "\nkaraf = karaf-it,_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n", StandardOpenOption.APPEND);
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "\norg.ops4j.pax.url.mvn.repositories="
                + repository.toUri() + "@id=relata@snapshots\n"
                + "org.ops4j.pax.url.mvn.localRepository=${karaf.data}/empty-local-repository\n", StandardOpenOption.APPEND);
        return server.consoleAs("karaf", "karaf-it");
    }

    static Path assembly() {
        return Path.of(System.getProperty("relata.assembly", "target/assembly")).toAbsolutePath();
    }

    private static Path newHome(String name) throws IOException {
        Path home = Path.of("target", "it-servers", name + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(home);
        return home;
    }

    private static void replaceLine(Path file, String line, String replacement) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(line)) {
            throw new IllegalStateException(file + " has no line '" + line + "'");
        }
        Files.writeString(file, text.replace(line, replacement));
    }

    RelataServer start() throws IOException, InterruptedException {
        launch();
        try {
            awaitHealthy();
            if (token == null) {
                token = adminTokenOnceServing();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(); // never leave a half-booted server running behind a failed test
            throw e;
        }
        return this;
    }

    /**
     * Health is UP once every core bundle runs, but the JAX-RS whiteboard keeps rebuilding the application for a
     * few seconds while the last resources register; until then a route may answer the runtime's bare 404 (before
     * the API's servlet context exists) or, should a rebuild outlast RebuildWait's patience, 503.
     */
    private String adminTokenOnceServing() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return createToken("admin", ADMIN_PASSWORD);
            } catch (IllegalStateException e) {
                boolean rebuilding = e.getMessage().contains(": 404 ") || e.getMessage().contains(": 503 ");
                if (!rebuilding || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    /** Starts the JVM without waiting for Relata, for a Karaf that has no Relata yet. */
    void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Uses another console account (a stock Karaf has no Relata admin). */
    RelataServer consoleAs(String user, String password) {
        this.consoleUser = user;
        this.consolePassword = password;
        return this;
    }

    /** Stops the server the way an admin would, and waits until its JVM is gone. */
    void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        ProcessBuilder stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        stop.environment().putAll(environment);
        stop.start().waitFor(30, TimeUnit.SECONDS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** GET as the admin (with an API token). */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** As the admin, with the API token made at start. */
    HttpResponse<String> send(HttpRequest.Builder request) {
        return anonymous(token == null ? request : request.setHeader("Authorization", "Bearer " + token));
    }

    /** With another user's API token. */
    HttpResponse<String> as(String apiToken, HttpRequest.Builder request) {
        return anonymous(request.setHeader("Authorization", "Bearer " + apiToken));
    }

    /** Without any credentials. */
    HttpResponse<String> anonymous(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a console command over SSH as the admin user. */
    ConsoleResult console(String command) throws IOException {
        return console(consoleUser, consolePassword, command);
    }

    /** Runs a console command over SSH as this user; a refused sign-in throws. */
    ConsoleResult console(String user, String password, String command) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(user, "127.0.0.1", sshPort)
                    .verify(Duration.ofSeconds(10)).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(Duration.ofSeconds(20));
                try (ChannelExec channel = session.createExecChannel(command)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    channel.setOut(out);
                    channel.setErr(err);
                    channel.open().verify(Duration.ofSeconds(10));
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofMinutes(3));
                    Integer status = channel.getExitStatus();
                    return new ConsoleResult(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                            status == null ? -1 : status);
                }
            }
        }
    }

    record ConsoleResult(String out, String err, int exitStatus) {
        String all() {
            return out + err;
        }
    }

    /** Signs in (session cookie and CSRF token), then makes a personal API token with that session. */
    String createToken(String username, String password) {
        Session session = login(username, password);
        HttpResponse<String> created = anonymous(HttpRequest.newBuilder(uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json").header("Cookie", session.cookie())
                .header("X-CSRF-Token", session.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"tests\"}")));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("token for " + username + ": " + created.statusCode() + " " + created.body());
        }
        return Json.body(created).path("token").asText();
    }

    /** A browser session: the cookie to send, and the CSRF token unsafe methods need. */
    record Session(String cookie, String csrf) {
    }

    Session login(String username, String password) {
        HttpResponse<String> login = anonymous(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\""
                        + password + "\"}")));
        if (login.statusCode() != 200) {
            throw new IllegalStateException("login of " + username + ": " + login.statusCode() + " " + login.body());
        }
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Session(cookie, Json.body(login).path("csrfToken").asText());
    }

    /** The server's JVM (bin/karaf runs it as a child of a shell). */
    long jvmPid() {
        return process.descendants().filter(child -> child.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Java process under bin/karaf")).pid();
    }

    /** Runs a JDK diagnostic command in the server's JVM. */
    String jcmd(String... command) throws IOException, InterruptedException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        java.util.List<String> line = new java.util.ArrayList<>(List.of(java.resolveSibling("jcmd").toString(),
                String.valueOf(jvmPid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        String lastAnswer = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Relata exited during boot; see " + home.resolve("console.out"));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/api/v1/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
                lastAnswer = health.statusCode() + " " + health.body();
            } catch (IOException notYet) {
                // the HTTP port opens part way through the boot
            }
            Thread.sleep(250);
        }
        Path state = home.resolve("state-at-health-timeout.txt");
        Files.writeString(state, stateForDiagnosis());
        throw new IllegalStateException("Relata was not healthy within " + BOOT_TIMEOUT + " (last answer: "
                + lastAnswer + "); see " + home + ", and " + state + " for its components and threads");
    }

    /** What a boot that never became healthy was waiting for: its data sources, components and threads. */
    private String stateForDiagnosis() throws InterruptedException {
        StringBuilder state = new StringBuilder();
        for (String command : List.of("service:list javax.sql.DataSource", "scr:list",
                "scr:info io.relata.core.persistence.migration.SchemaMigrator")) {
            state.append("==== ").append(command).append('\n');
            try {
                state.append(console(command).all());
            } catch (IOException | RuntimeException failed) {
                state.append("not run: ").append(failed).append('\n');
            }
        }
        state.append("==== threads\n");
        try {
            state.append(jcmd("Thread.print", "-l"));
        } catch (IOException | RuntimeException failed) {
            state.append("no thread dump: ").append(failed).append('\n');
        }
        return state.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
