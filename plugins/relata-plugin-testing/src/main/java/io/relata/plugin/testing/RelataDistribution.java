package io.relata.plugin.testing;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Relata server for a plugin's in-container tests: unpacks the distribution ({@code relata-VERSION.tar.gz}),
 * starts it on free ports with an embedded database of its own, drops the plugin's jar into {@code deploy/} and
 * waits until the module is ACTIVE. Use it as a static JUnit 5 extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RelataDistribution relata = RelataDistribution.withPlugin("target/acme-loyalty-1.0.0.jar", "acme-loyalty");
 *
 * @Test
 * void answers() {
 *     assertEquals(200, relata.get("/api/v1/loyalty").statusCode());
 * }
 * }</pre>
 *
 * The distribution is found through the system property {@code relata.distribution} (the archetype's POM sets it
 * from the {@code io.relata:relata:tar.gz} test dependency). Requests go out as the server's {@code admin} user with a
 * personal API token; {@link #anonymous} sends one without credentials, and {@link #signIn} gives a token for
 * another user, to prove what that user may see.
 */
public final class RelataDistribution implements BeforeAllCallback, AfterAllCallback {

    private static final Duration BOOT = Duration.ofMinutes(3);
    private static final Pattern MODULE_STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern CSRF_TOKEN = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern API_TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("RELATA_SESSION=([^;]+)");

    private final Path plugin;
    private final String moduleId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private int httpPort;
    private Process process;
    private final String adminPassword = "Plugin-tests-" + Long.toHexString(System.nanoTime());
    private String adminToken;

    private RelataDistribution(Path plugin, String moduleId) {
        this.plugin = plugin;
        this.moduleId = moduleId;
    }

    /**
     * @param pluginJar the plugin under test, usually {@code target/<artifactId>-<version>.jar}
     * @param moduleId  the id its {@code RelataModule} declares
     */
    public static RelataDistribution withPlugin(String pluginJar, String moduleId) {
        return new RelataDistribution(Path.of(pluginJar).toAbsolutePath(), moduleId);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String distribution = System.getProperty("relata.distribution");
        if (distribution == null) {
            throw new IllegalStateException("set the system property relata.distribution to the Relata tar.gz");
        }
        if (!Files.exists(plugin)) {
            throw new IllegalStateException(plugin + " does not exist: run the tests after 'package' (failsafe)");
        }
        home = Files.createTempDirectory(Path.of("target"), "relata-").toAbsolutePath();
        run(new ProcessBuilder("tar", "xzf", distribution, "--strip-components=1", "-C", home.toString()));
        httpPort = freePort();
        ProcessBuilder server = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        server.environment().putAll(Map.of(
                "RELATA_HTTP_PORT", String.valueOf(httpPort),
                "RELATA_SSH_PORT", String.valueOf(freePort()),
                "RELATA_RMI_REGISTRY_PORT", String.valueOf(freePort()),
                "RELATA_RMI_SERVER_PORT", String.valueOf(freePort()),
                "RELATA_ADMIN_PASSWORD", adminPassword));
        process = server.start();
        try {
            awaitStatus("/api/v1/health", 200);
            adminToken = signIn("admin", adminPassword);
            Path partial = home.resolve("deploy/plugin.jar.part");
            Files.copy(plugin, partial);
            Files.move(partial, home.resolve("deploy").resolve(plugin.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            awaitModuleActive();
        } catch (RuntimeException | IOException | InterruptedException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends the request as the {@code admin} user. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, adminToken);
    }

    /** Sends the request with another user's API token (from {@link #signIn}). */
    public HttpResponse<String> send(HttpRequest.Builder request, String apiToken) {
        return anonymous(request.setHeader("Authorization", "Bearer " + apiToken));
    }

    /** Sends the request without credentials. */
    public HttpResponse<String> anonymous(HttpRequest.Builder request) {
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

    /**
     * Signs a user in and creates a personal API token for them, valid for a day.
     *
     * @return the token, for {@link #send(HttpRequest.Builder, String)}
     */
    public String signIn(String username, String password) {
        HttpResponse<String> login = anonymous(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":" + quoted(username) + ",\"password\":"
                        + quoted(password) + "}")));
        Matcher csrf = CSRF_TOKEN.matcher(login.body());
        Matcher session = SESSION_COOKIE.matcher(login.headers().firstValue("Set-Cookie").orElse(""));
        if (login.statusCode() != 200 || !csrf.find() || !session.find()) {
            throw new IllegalStateException("cannot sign in as " + username + ": " + login.statusCode() + " "
                    + login.body());
        }
        HttpResponse<String> created = anonymous(HttpRequest.newBuilder(uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .header("Cookie", "RELATA_SESSION=" + session.group(1))
                .header("X-CSRF-Token", csrf.group(1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"plugin tests\",\"expiresAt\":\""
                        + Instant.now().plus(Duration.ofDays(1)) + "\"}")));
        Matcher token = API_TOKEN.matcher(created.body());
        if (created.statusCode() != 201 || !token.find()) {
            throw new IllegalStateException("cannot create an API token for " + username + ": "
                    + created.statusCode() + " " + created.body());
        }
        return token.group(1);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The server's log, for assertions and for finding out why something failed. */
    public String log() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private void awaitModuleActive() throws InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        String last = "not listed";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> module = get("/api/v1/modules/" + moduleId);
            if (module.statusCode() == 200) {
                Matcher state = MODULE_STATE.matcher(module.body());
                last = module.body();
                if (state.find() && state.group(1).equals("ACTIVE")) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("module " + moduleId + " did not become ACTIVE: " + last + "; see " + home);
    }

    private void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Relata exited; see " + home.resolve("console.out"));
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (IOException notYet) {
                // the port opens part way through the boot
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(path + " did not answer " + status + " within " + BOOT + "; see " + home);
    }

    private void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(30, TimeUnit.SECONDS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        process = null;
    }

    private static void run(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("failed: " + command.command());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
