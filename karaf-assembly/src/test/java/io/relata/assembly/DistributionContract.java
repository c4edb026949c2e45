package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * What every Relata server must do, whatever its database. Subclasses boot one real server from the built
 * distribution for all of these tests, which run in order: the core alone, then with the example plugin
 * hot-deployed, then after the plugin is removed again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DistributionContract {

    static final String PLUGIN_JAR = "relata-example-hello.jar";
    /** Liquibase's bundle, by the name bundle:list shows. */
    static final String LIQUIBASE = "liquibase-core";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(60);

    /** The server under test, booted by the subclass. */
    protected abstract RelataServer server();

    @Test
    @Order(1)
    void everyBundleIsActive() throws IOException {
        List<String> inactive = bundles().entrySet().stream()
                .filter(bundle -> !bundle.getValue().startsWith("Active") && !bundle.getValue().contains("Hosts:"))
                // started by the schema migrator when a changelog needs it (not at a boot with nothing to migrate)
                .filter(bundle -> !bundle.getValue().equals("Resolved | " + LIQUIBASE))
                .map(bundle -> bundle.getKey() + " " + bundle.getValue())
                .toList();
        assertThat(inactive).as("bundles that are neither active nor fragments").isEmpty();
        assertThat(bundles().values()).anyMatch(line -> line.contains("io.relata.core.rest") || line.contains("Core :: REST"));
    }

    /**
     * The bundles that the distribution leaves out of upstream features (the blacklist of its
     * {@code etc/org.apache.karaf.features.xml}) stay out; CXF's WADL, one of them, no longer answers
     * {@code ?_wadl}.
     */
    @Test
    @Order(2)
    void bundlesThatNothingNeedsAreLeftOut() throws IOException {
        RelataServer.ConsoleResult list = server().console("bundle:list -s -t 0 --no-format");
        assertThat(list.exitStatus()).as(list.all()).isZero();
        assertThat(list.out()).contains("org.apache.cxf.cxf-core").doesNotContain(
                "org.apache.cxf.cxf-rt-rs-service-description", "org.apache.servicemix.bundles.jaxb-xjc",
                "org.codehaus.jettison.jettison", "org.apache.servicemix.bundles.cglib");
        HttpResponse<String> wadl = server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/health?_wadl")));
        assertThat(wadl.statusCode()).isEqualTo(200);
        assertThat(wadl.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    /**
     * Relata's core bundles start after every bundle of the platform. The JAX-RS whiteboard's activator walks the
     * services already registered without guarding against more arriving on other threads (a
     * ConcurrentModificationException at boot, and no REST API), so Relata's resources must not be registering yet.
     */
    @Test
    @Order(2)
    void relataStartsAfterThePlatform() throws IOException {
        RelataServer.ConsoleResult list = server().console("bundle:list -s -t 0 --no-format");
        assertThat(list.exitStatus()).as(list.all()).isZero();
        Map<String, Integer> relata = new LinkedHashMap<>();
        Map<String, Integer> platform = new LinkedHashMap<>();
        for (String line : list.out().split("\\R")) {
            String[] columns = line.trim().split("\t");
            if (columns.length >= 5 && columns[0].trim().matches("\\d+")) {
                String name = columns[4].trim();
                int level = Integer.parseInt(columns[2].trim());
                (name.startsWith("io.relata.core.") || name.equals("io.relata.plugin.api") ? relata : platform)
                        .put(name, level);
            }
        }
        assertThat(relata).containsKeys("io.relata.plugin.api", "io.relata.core.rest", "io.relata.core.customers");
        int lastOfPlatform = platform.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(platform).containsKey("org.apache.aries.jax.rs.whiteboard");
        assertThat(relata).as("Relata's core bundles start after the platform's (last at level %d)", lastOfPlatform)
                .allSatisfy((name, level) -> assertThat(level).as(name).isGreaterThan(lastOfPlatform));
    }

    /** pax-transx registers one transaction manager, from its configuration (docs/stack.md, the XA data source). */
    @Test
    @Order(2)
    void theTransactionManagerWaitsForItsConfiguration() throws IOException {
        RelataServer.ConsoleResult property = server().console("system:property org.ops4j.pax.transx.requireConfigAdminConfig");
        assertThat(property.exitStatus()).as(property.all()).isZero();
        assertThat(property.out().trim()).isEqualTo("true");
        RelataServer.ConsoleResult managers = server().console("service:list -n javax.transaction.TransactionManager");
        assertThat(managers.out().lines().filter(line -> line.contains("javax.transaction.TransactionManager")))
                .as(managers.all()).hasSize(1);
    }

    /**
     * What spares CXF work it would repeat at every request (docs/stack.md, CXF's work per request): the interceptors
     * on the application's endpoint and the bus's class loader, without which CXF looks for one through the class
     * path's jars at each request (ApplicationInterceptors). The whiteboard must have taken them.
     */
    @Test
    @Order(2)
    void theWhiteboardTookWhatSparesCxfWorkPerRequest() throws IOException {
        RelataServer.ConsoleResult features = server().console("service:list org.apache.cxf.feature.Feature");
        assertThat(features.exitStatus()).as(features.all()).isZero();
        assertThat(features.out()).as(features.all())
                .contains("osgi.jaxrs.name = relata.cxf-interceptors", "osgi.jaxrs.extension = true",
                        "osgi.jaxrs.application.select = (osgi.jaxrs.name=relata)")
                .containsPattern("Used by:(\\s+Relata :: Core :: REST \\(\\d+\\))?\\s+Apache CXF Core");
    }

    /**
     * Karaf's SSH server registers Bouncy Castle as a JCE provider when it can see it, loading some 770 classes at
     * boot; Relata ships it for Argon2 only (its lightweight API, no provider), and the SSH server uses the JDK's.
     */
    @Test
    @Order(2)
    void theSshServerLeavesBouncyCastleAlone() throws Exception {
        assertThat(server().console("relata:user-list").exitStatus()).as("the console answers over SSH").isZero();
        String classes = server().jcmd("VM.classloaders", "show-classes=true");
        assertThat(classes).as("Bouncy Castle's JCE provider was not loaded")
                .doesNotContain("org.bouncycastle.jce.provider.BouncyCastleProvider")
                .doesNotContain("org.bouncycastle.jcajce.provider.");
    }

    /**
     * RELATA_MAX_MEMORY reaches the JVM (Karaf 4.4's scripts ignore JAVA_MAX_MEM), with the idle-friendly GC and
     * native memory given back.
     */
    @Test
    @Order(2)
    void theServerJvmRunsWithTheMemorySettingsOfSetenv() throws Exception {
        String flags = server().jcmd("VM.flags");
        assertThat(flags).as("RelataServer sets RELATA_MAX_MEMORY=768M")
                .contains("-XX:MaxHeapSize=" + 768L * 1024 * 1024)
                .contains("-XX:InitialHeapSize=" + 64L * 1024 * 1024)
                .contains("-XX:+UseG1GC")
                .contains("-XX:G1PeriodicGCInterval=15000")
                .contains("-XX:MaxHeapFreeRatio=20")
                .contains("-XX:SoftRefLRUPolicyMSPerMB=20")
                .contains("-XX:MetaspaceReclaimPolicy=aggressive");
        // bin/setenv gives the trimming option only to a Java that knows it
        Runtime.Version java = Runtime.Version.parse(server().jcmd("VM.version").lines()
                .filter(line -> line.startsWith("JDK ")).findFirst().orElseThrow().substring(4).trim());
        if (java.compareTo(Runtime.Version.parse("17.0.9")) >= 0) {
            assertThat(flags).contains("-XX:TrimNativeHeapInterval=5000");
        } else {
            assertThat(flags).doesNotContain("TrimNativeHeapInterval");
        }
    }

    /**
     * bin/karaf launches with the JDK's own modules, since Karaf's patches of java.base and java.xml turn class data
     * sharing off, and with the class archive of bin/setenv under cds/. The registry of Karaf's factory finders,
     * now on the class path, still serves its spec activator.
     */
    @Test
    @Order(2)
    void theServerLaunchesWithTheJdksOwnModulesAndItsClassArchive() throws Exception {
        assertThat(server().jcmd("VM.command_line")).doesNotContain("--patch-module").containsPattern(
                "-XX:(ArchiveClassesAtExit|SharedArchiveFile)=" + Pattern.quote(server().home.resolve("cds").toString()));
        assertThat(server().jcmd("VM.system_properties")).doesNotContain("jdk.module.patch");
        assertThat(server().log()).doesNotContain("OsgiLocator");
    }

    /**
     * RebuildWait knows CXF's null-pointer failure during a rebuild of the application by the frame it was thrown
     * from. Left to its defaults, the JIT makes compiled code that often throws the same implicit exception throw
     * it without a stack trace, and such a request was answered 500 (5 in 50,784 health checks during 200 fast
     * plugin deploy cycles).
     */
    @Test
    @Order(2)
    void exceptionsKeepTheirStackTraces() throws Exception {
        assertThat(server().jcmd("VM.flags")).contains("-XX:-OmitStackTraceInFastThrow");
    }

    @Test
    @Order(2)
    void healthIsUpAndPublic() {
        HttpResponse<String> health = server().get("/api/v1/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.body(health).path("status").asText()).isEqualTo("UP");
        assertThat(health.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        // one Date, in RFC 9110's format, the current one (DateHeader writes it, once a second)
        assertThat(health.headers().allValues("Date")).hasSize(1);
        ZonedDateTime date = ZonedDateTime.parse(health.headers().firstValue("Date").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(health.headers().firstValue("Date").orElseThrow()).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(Duration.between(date.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        // the body with its length, in one write (JsonBodies), not in chunks
        assertThat(health.headers().firstValue("Content-Length"))
                .hasValue(String.valueOf(health.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(health.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    /**
     * Core's forty routes join the application in one build at boot (docs/performance.md, "Twelfth slice"): the
     * whiteboard used to rebuild the whole application for each of them. And only one: a {@code cxf.extension}
     * service made Aries build it first without the extension, then again with it (twenty-third slice). The boots'
     * builds run on the thread that publishes core's routes; a plugin's resource rebuilds on its own.
     */
    @Test
    @Order(2)
    void coreRoutesBuildTheApplicationOnceAtBoot() throws IOException {
        String log = server().log();
        Matcher served = Pattern.compile("Serving /api/v1 with (\\d+) core routes").matcher(log);
        int boots = 0;
        while (served.find()) {
            boots++;
            assertThat(Integer.parseInt(served.group(1))).as("core routes").isGreaterThanOrEqualTo(35);
        }
        assertThat(boots).as("boots that served the core routes").isPositive();
        assertThat(log).doesNotContain("without core routes").doesNotContain("core bundle is still not active");
        long builds = log.lines().filter(line -> line.contains("| relata-core-routes |")
                && line.contains("Setting the server's publish address")).count();
        assertThat(builds).as("CXF servers built by the boots, %d boots", boots).isEqualTo(boots);
    }

    @Test
    @Order(3)
    void coreIsListedAsAnActiveModuleOverRestAndConsole() throws IOException {
        JsonNode core = module("core");
        assertThat(core.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(core.path("since").asText()).endsWith("Z");

        RelataServer.ConsoleResult list = server().console("relata:module-list");
        assertThat(list.exitStatus()).as(list.all()).isZero();
        assertThat(list.out()).contains("ID").contains("core").contains("ACTIVE");
    }

    @Test
    @Order(4)
    void unknownRoutesAndBarePathsAnswerProblems() {
        assertProblem(server().get("/api/v1/no-such-thing"), 404, "no-route");
        assertProblem(server().get("/api/v1/modules/no-such-module"), 404, "not-found");
        // the whiteboard also routes the default application's path to Relata's resources: they must refuse it
        assertProblem(server().get("/health"), 404, "no-route");
        assertProblem(server().get("/modules"), 404, "no-route");
        assertProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/modules"))
                .DELETE()), 405, "method-not-allowed");
    }

    @Test
    @Order(5)
    void pagingParametersAreValidated() {
        assertThat(Json.body(server().get("/api/v1/recycle-bin")).has("items")).isTrue();
        assertFieldProblem(server().get("/api/v1/recycle-bin?limit=abc"), "limit");
        assertFieldProblem(server().get("/api/v1/recycle-bin?limit=0"), "limit");
        assertFieldProblem(server().get("/api/v1/recycle-bin?limit=201"), "limit");
        assertFieldProblem(server().get("/api/v1/recycle-bin?cursor=forged"), "cursor");
    }

    @Test
    @Order(6)
    void openApiDocumentsTheCoreResources() {
        HttpResponse<String> response = server().get("/api/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
        assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/health", "/modules", "/modules/{id}",
                "/recycle-bin", "/openapi.json");
        assertThat(parsed.getOpenAPI().getPaths()).doesNotContainKey("/hello/greetings");
        assertThat(server().get("/api/v1/hello").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void hotDeployActivatesThePluginWithoutRestartingCore() throws Exception {
        Map<String, String> before = coreBundles();

        deployPlugin();

        JsonNode hello = Json.body(server().get("/api/v1/hello"));
        assertThat(hello.path("message").asText()).isEqualTo("Hello from a Relata plugin");
        assertThat(awaitModule("example-hello", "ACTIVE").path("permissions").findValuesAsText("id"))
                .contains("hello.greetings:read", "hello.greetings:write");
        assertThat(server().get("/api/v1/openapi.json").body()).contains("/hello/greetings");
        assertThat(coreBundles()).as("core bundles keep their ids and stay active").isEqualTo(before);
    }

    @Test
    @Order(11)
    void pluginCommandRunsInTheConsole() throws IOException {
        RelataServer.ConsoleResult greet = server().console("relata:hello Grace --message=\"Hi Grace\"");
        assertThat(greet.exitStatus()).as(greet.all()).isZero();
        assertThat(greet.out()).contains("Hi Grace").contains("stored as");

        RelataServer.ConsoleResult list = server().console("relata:hello");
        assertThat(list.out()).contains("Grace: Hi Grace");

        RelataServer.ConsoleResult help = server().console("relata:hello --help");
        assertThat(help.out()).contains("Usage: relata:hello");
    }

    @Test
    @Order(12)
    void consoleErrorsAreOneLineWithoutStackTraces() throws IOException {
        RelataServer.ConsoleResult duplicate = server().console("relata:hello Grace");
        assertThat(duplicate.exitStatus()).isNotZero();
        assertThat(duplicate.all()).contains("Error").contains("a greeting for 'Grace' already exists")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");

        RelataServer.ConsoleResult blank = server().console("relata:hello \"   \"");
        assertThat(blank.all()).contains("name").contains("required").doesNotContain("\tat ");
    }

    @Test
    @Order(20)
    void greetingsFollowTheRestConventions() {
        HttpResponse<String> created = post("/api/v1/hello/greetings", "{\"name\":\"Ada\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode greeting = Json.body(created);
        String id = greeting.path("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(created.headers().firstValue("Location")).hasValue(server().uri("/api/v1/hello/greetings/" + id).toString());
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(greeting.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        HttpResponse<String> read = server().get("/api/v1/hello/greetings/" + id);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");

        assertProblem(patch(id, null, "{\"message\":\"Hi\"}"), 428, "precondition-required");
        HttpResponse<String> changed = patch(id, "\"1\"", "{\"message\":\"Hi Ada\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(Json.body(changed).path("message").asText()).isEqualTo("Hi Ada");
        assertThat(Json.body(changed).path("name").asText()).as("untouched by the patch").isEqualTo("Ada");
        assertThat(changed.headers().firstValue("ETag")).hasValue("\"2\"");
        assertProblem(patch(id, "\"1\"", "{\"message\":\"lost update\"}"), 412, "precondition-failed");
        assertThat(Json.body(server().get("/api/v1/hello/greetings/" + id)).path("message").asText()).isEqualTo("Hi Ada");

        HttpResponse<String> deleted = server().send(HttpRequest.newBuilder(server().uri("/api/v1/hello/greetings/" + id)).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertProblem(server().get("/api/v1/hello/greetings/" + id), 404, "not-found");
        JsonNode bin = Json.body(server().get("/api/v1/recycle-bin"));
        assertThat(bin.path("items").findValuesAsText("recordId")).contains(id);
        assertThat(bin.path("items").get(0).path("recordType").asText()).isEqualTo("hello.greeting");
    }

    @Test
    @Order(21)
    void listsArePagedWithCursors() {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/hello/greetings", "{\"name\":\"Page " + i + "\"}").statusCode()).isEqualTo(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = Json.body(server().get("/api/v1/hello/greetings?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.path("items").forEach(item -> seen.add(item.path("name").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).contains("Page 0", "Page 4").doesNotHaveDuplicates();
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(22)
    void badInputIsAProblemNamingTheField() {
        assertFieldProblem(post("/api/v1/hello/greetings", "{\"name\":\"\"}"), "name");
        assertFieldProblem(post("/api/v1/hello/greetings", "{\"name\":\"" + "x".repeat(101) + "\"}"), "name");
        assertFieldProblem(post("/api/v1/hello/greetings", "{\"name\":\"ok\",\"colour\":\"red\"}"), "colour");
        assertFieldProblem(post("/api/v1/hello/greetings", "{\"name\":42}"), "name");
        assertProblem(post("/api/v1/hello/greetings", "{\"name\":"), 400, "malformed-json");
        assertProblem(post("/api/v1/hello/greetings", "[1,2]"), 400, "bad-request");
        assertProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/hello/greetings"))
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("Ada"))), 415, "unsupported-media-type");
        assertProblem(patch("00000000-0000-0000-0000-000000000000", "\"1\"", "{}"), 404, "not-found");
    }

    @Test
    @Order(23)
    void oversizedBodiesAreRefusedWhetherDeclaredOrStreamed() {
        String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(post("/api/v1/hello/greetings", huge), 413, "payload-too-large");
        // no Content-Length: the body arrives in chunks and is cut off while it is read
        HttpResponse<String> streamed = server().send(HttpRequest.newBuilder(server().uri("/api/v1/hello/greetings"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes()))));
        assertProblem(streamed, 413, "payload-too-large");
    }

    @Test
    @Order(24)
    void eventsReachListenersOnlyAfterCommit() throws InterruptedException, IOException {
        assertThat(post("/api/v1/hello/greetings", "{\"name\":\"Evented\"}").statusCode()).isEqualTo(201);
        // same live name: the insert fails at flush, the transaction rolls back, its event must never arrive
        assertProblem(post("/api/v1/hello/greetings", "{\"name\":\"EVENTED\"}"), 409, "conflict");
        // an answer, not a failure: Aries JPA's warning with a stack trace is kept out of the log (etc/)
        assertThat(server().log()).doesNotContain("Beginning rollback logic due to exception");

        JsonNode events = awaitJson("/api/v1/hello/events",
                body -> body.path("items").findValuesAsText("name").contains("Evented"));
        List<String> names = events.path("items").findValuesAsText("name");
        assertThat(names.stream().filter(name -> name.equalsIgnoreCase("evented")).count()).isEqualTo(1);
        assertThat(events.path("items").findValuesAsText("topic")).contains("hello.greeting.created",
                "hello.greeting.changed", "hello.greeting.deleted");
    }

    @Test
    @Order(25)
    void unexpectedFailuresNeverShowAStackTrace() {
        HttpResponse<String> response = server().get("/api/v1/hello/greetings/%00");
        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @Order(30)
    void aBrokenPluginIsReportedFailedWithItsReasonAndCoreKeepsServing() throws Exception {
        Path deploy = server().home.resolve("deploy");
        Path jar = deploy.resolve("relata-test-broken.jar");
        Files.copy(Path.of(System.getProperty("relata.broken.jar")), deploy.resolve("broken.part"));
        Files.move(deploy.resolve("broken.part"), jar, StandardCopyOption.ATOMIC_MOVE);

        JsonNode broken = awaitModule("test-broken", "FAILED");
        assertThat(broken.path("reason").asText()).containsAnyOf("test_broken", "deliberately broken");
        assertThat(server().get("/api/v1/health").statusCode()).isEqualTo(200);
        assertThat(module("example-hello").path("state").asText()).isEqualTo("ACTIVE");
        assertThat(server().get("/api/v1/hello").statusCode()).isEqualTo(200);
        RelataServer.ConsoleResult list = server().console("relata:module-list");
        assertThat(list.out()).contains("test-broken").contains("FAILED");

        Files.delete(jar);
        awaitModule("test-broken", "INACTIVE");
    }

    @Test
    @Order(40)
    void licensingGatesALicensedModuleWithoutRestarts() throws Exception {
        Path home = server().home;
        installTestVendorKey();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path jar = home.resolve("deploy/relata-test-licensed.jar");
        Files.copy(Path.of(System.getProperty("relata.licensed.jar")), home.resolve("deploy/licensed.part"));
        Files.move(home.resolve("deploy/licensed.part"), jar, StandardCopyOption.ATOMIC_MOVE);

        // installed but not licensed: listed with the reason, its components and endpoints absent
        JsonNode premium = awaitModule("test-premium", "UNLICENSED");
        assertThat(premium.path("reason").asText()).contains("no license is installed");
        assertThat(server().get("/api/v1/premium/notes").statusCode()).isEqualTo(404);
        assertThat(Json.body(server().get("/api/v1/admin/license")).path("state").asText()).isEqualTo("NONE");

        // only the holder of the private key can issue
        RelataServer.ConsoleResult keyless = server().console("relata:license-issue --id=X --licensee=Y --expires=2099-01-01 --modules=test-premium");
        assertThat(keyless.exitStatus()).isNotZero();
        assertThat(keyless.all()).contains("--private-key");

        String valid = issue("L-IT-1", today.minusDays(1), today.plusDays(365), "test-premium:10,sales");
        String tampered = valid.replaceFirst("\"payload\" : \"ew", "\"payload\" : \"eX");
        HttpResponse<String> rejected = putLicense(tampered);
        assertProblem(rejected, 400, "invalid-license");
        assertThat(Json.body(rejected).path("detail").asText()).contains("the license in force is unchanged");
        assertThat(Json.body(server().get("/api/v1/admin/license")).path("state").asText()).isEqualTo("NONE");

        // a license that includes the module starts it at once
        Files.writeString(home.resolve("l1.json"), valid);
        RelataServer.ConsoleResult installed = server().console("relata:license-install " + home.resolve("l1.json"));
        assertThat(installed.exitStatus()).as(installed.all()).isZero();
        assertThat(installed.out()).contains("VALID").contains("L-IT-1").contains("test-premium (10 seats)");
        awaitModule("test-premium", "ACTIVE");
        awaitStatus("/api/v1/premium/notes", 200);
        assertThat(post("/api/v1/premium/notes", "{\"text\":\"kept across licenses\"}").statusCode()).isEqualTo(200);

        // a license without it stops it again; the data stays
        assertThat(putLicense(issue("L-IT-2", today.minusDays(1), today.plusDays(365), "sales")).statusCode()).isEqualTo(200);
        assertThat(awaitModule("test-premium", "UNLICENSED").path("reason").asText())
                .contains("license L-IT-2 does not include 'test-premium'");
        awaitNoRoute("/api/v1/premium/notes");

        // expired, within the grace period: everything works, every answer warns
        assertThat(putLicense(issue("L-IT-3", today.minusDays(100), today.minusDays(3), "test-premium")).statusCode())
                .isEqualTo(200);
        awaitStatus("/api/v1/premium/notes", 200);
        HttpResponse<String> notes = server().get("/api/v1/premium/notes");
        assertThat(notes.body()).contains("kept across licenses");
        assertThat(notes.headers().firstValue("Warning")).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("299 relata").contains("L-IT-3").contains("read-only on"));
        assertThat(post("/api/v1/premium/notes", "{\"text\":\"written in grace\"}").statusCode()).isEqualTo(200);
        assertThat(server().console("relata:license-show").out()).contains("GRACE").contains("WARNING");
        assertThat(server().console("relata:module-list").out()).startsWith("WARNING: license L-IT-3 expired");

        // past the grace period: read-only, nothing hidden
        assertThat(putLicense(issue("L-IT-4", today.minusDays(100), today.minusDays(20), "test-premium")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> refused = post("/api/v1/premium/notes", "{\"text\":\"too late\"}");
        assertProblem(refused, 403, "license-read-only");
        assertThat(Json.body(refused).path("detail").asText()).contains("L-IT-4");
        assertThat(server().get("/api/v1/premium/notes").body()).contains("kept across licenses", "written in grace");
        assertThat(module("test-premium").path("reason").asText()).startsWith("read-only");
        assertThat(post("/api/v1/hello/greetings", "{\"name\":\"Unlicensed modules still write\"}").statusCode())
                .isEqualTo(201);

        RelataServer.ConsoleResult removed = server().console("relata:license-remove --yes");
        assertThat(removed.exitStatus()).as(removed.all()).isZero();
        awaitModule("test-premium", "UNLICENSED");
        Files.delete(jar);
        awaitModule("test-premium", "INACTIVE");
    }

    /** The test vendor's private key, next to the server, for {@code relata:license-issue}. */
    protected void installTestVendorKey() throws IOException {
        try (var pem = getClass().getClassLoader().getResourceAsStream("license/vendor-test-private.pem")) {
            Files.copy(pem, server().home.resolve("vendor-test-private.pem"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String issue(String id, LocalDate issued, LocalDate expires, String modules) throws IOException {
        return issue(id, issued, expires, modules, 50);
    }

    protected String issue(String id, LocalDate issued, LocalDate expires, String modules, int maxUsers)
            throws IOException {
        Path out = server().home.resolve(id + ".json");
        RelataServer.ConsoleResult issued1 = server().console("relata:license-issue --private-key="
                + server().home.resolve("vendor-test-private.pem") + " --id=" + id + " --licensee=\"IT Corp\""
                + " --issued=" + issued + " --expires=" + expires + " --modules=" + modules + " --max-users=" + maxUsers
                + " --out=" + out);
        assertThat(issued1.exitStatus()).as(issued1.all()).isZero();
        return Files.readString(out);
    }

    private HttpResponse<String> putLicense(String document) {
        return server().send(HttpRequest.newBuilder(server().uri("/api/v1/admin/license"))
                .header("Content-Type", "application/json").PUT(BodyPublishers.ofString(document)));
    }

    @Test
    @Order(92)
    void modulesAreEnabledAndDisabledByFeatureAfterLicenseAndRequirementChecks() throws Exception {
        Map<String, String> before = coreBundles();
        assertThat(server().get("/api/v1/hello").statusCode()).as("hot-deployed copy removed").isEqualTo(404);

        RelataServer.ConsoleResult enabled = server().console("relata:module-enable example-hello");
        assertThat(enabled.exitStatus()).as(enabled.all()).isZero();
        assertThat(enabled.out()).contains("enabled (feature relata-example-hello");
        awaitModule("example-hello", "ACTIVE");
        awaitStatus("/api/v1/hello", 200);

        // a partner's features repository: a licensed module that requires example-hello
        Path repository = server().home.resolve("premium-features.xml");
        Files.writeString(repository, "<features name=\"premium\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + "<feature name=\"relata-test-premium\" version=\"1.0.0\">"
                + "<capability>relata.module;relata.module=test-premium;license=test-premium;requires:List&lt;String&gt;=\"example-hello\"</capability>"
                + "<bundle>" + Path.of(System.getProperty("relata.licensed.jar")).toUri() + "</bundle>"
                + "</feature></features>");
        assertThat(server().console("feature:repo-add " + repository.toUri()).exitStatus()).isZero();

        RelataServer.ConsoleResult unlicensed = server().console("relata:module-enable test-premium");
        assertThat(unlicensed.exitStatus()).isNotZero();
        assertThat(unlicensed.all()).contains("needs a license for 'test-premium'");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Files.writeString(server().home.resolve("premium.json"),
                issue("L-IT-5", today.minusDays(1), today.plusDays(30), "test-premium"));
        assertThat(server().console("relata:license-install " + server().home.resolve("premium.json")).exitStatus()).isZero();
        RelataServer.ConsoleResult premium = server().console("relata:module-enable test-premium");
        assertThat(premium.exitStatus()).as(premium.all()).isZero();
        awaitModule("test-premium", "ACTIVE");

        RelataServer.ConsoleResult needed = server().console("relata:module-disable example-hello");
        assertThat(needed.exitStatus()).isNotZero();
        assertThat(needed.all()).contains("required by test-premium");

        assertThat(server().console("relata:module-disable test-premium").exitStatus()).isZero();
        awaitModule("test-premium", "INACTIVE");
        RelataServer.ConsoleResult disabled = server().console("relata:module-disable example-hello");
        assertThat(disabled.exitStatus()).as(disabled.all()).isZero();
        assertThat(disabled.out()).contains("data is kept");
        awaitModule("example-hello", "INACTIVE");
        awaitNoRoute("/api/v1/hello");

        RelataServer.ConsoleResult requirement = server().console("relata:module-enable test-premium");
        assertThat(requirement.exitStatus()).isNotZero();
        assertThat(requirement.all()).contains("requires example-hello");
        assertThat(server().console("relata:module-disable core").all()).contains("core cannot be disabled");

        assertThat(coreBundles()).as("no core bundle or component restarted").isEqualTo(before);
        assertThat(server().console("relata:license-remove --yes").exitStatus()).isZero();
    }

    @Test
    @Order(90)
    void hotUndeployRemovesThePluginAndKeepsCoreHealthy() throws Exception {
        Map<String, String> before = coreBundles();
        Files.delete(server().home.resolve("deploy").resolve(PLUGIN_JAR));

        // the whiteboard rebuilds the application when a resource leaves: wait for Relata's own answer, not Jetty's
        awaitNoRoute("/api/v1/hello");
        assertProblem(server().get("/api/v1/hello/greetings"), 404, "no-route");
        assertThat(server().get("/api/v1/health").statusCode()).isEqualTo(200);
        // the deployer stops the bundle before it uninstalls it, so "not active" comes first for a moment
        JsonNode module = awaitJson("/api/v1/modules/example-hello",
                m -> "INACTIVE".equals(m.path("state").asText()) && !m.path("reason").asText().contains("not active"));
        assertThat(module.path("reason").asText()).contains("not installed");
        assertThat(server().get("/api/v1/openapi.json").body()).doesNotContain("/hello/greetings");
        RelataServer.ConsoleResult gone = server().console("relata:hello");
        assertThat(gone.exitStatus()).isNotZero();
        assertThat(coreBundles()).isEqualTo(before);
    }

    /**
     * A core bundle that stops takes its routes out of the running application, and brings them back when it
     * starts again, while the rest of the API keeps answering.
     */
    @Test
    @Order(96)
    void aCoreBundleTakesItsRoutesAlongWhenItStopsAndStarts() throws Exception {
        String metrics = "/api/v1/dashboard/metrics";
        assertThat(server().get(metrics).statusCode()).isEqualTo(200);
        RelataServer.ConsoleResult stop = server().console("bundle:stop io.relata.core.dashboard");
        assertThat(stop.exitStatus()).as(stop.all()).isZero();
        try {
            awaitNoRoute(metrics);
            assertThat(server().get("/api/v1/modules").statusCode()).isEqualTo(200);
        } finally {
            RelataServer.ConsoleResult start = server().console("bundle:start io.relata.core.dashboard");
            assertThat(start.exitStatus()).as(start.all()).isZero();
        }
        awaitStatus(metrics, 200);
        awaitStatus("/api/v1/health", 200);
        assertThat(server().get("/api/v1/openapi.json").body()).contains("/dashboard/metrics");
    }

    // ---------------------------------------------------------------------------------------------------------

    protected void deployPlugin() throws Exception {
        Path jar = Path.of(System.getProperty("relata.example.jar"));
        Path deploy = server().home.resolve("deploy");
        // copy under another name and rename, so the deployer never sees half a jar
        Path partial = deploy.resolve(PLUGIN_JAR + ".part");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, deploy.resolve(PLUGIN_JAR), StandardCopyOption.ATOMIC_MOVE);
        awaitStatus("/api/v1/hello", 200);
    }

    protected HttpResponse<String> post(String path, String json) {
        return server().send(HttpRequest.newBuilder(server().uri(path)).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> patch(String id, String ifMatch, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server().uri("/api/v1/hello/greetings/" + id))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return server().send(request);
    }

    protected static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.body(response);
        assertThat(problem.path("type").asText()).isEqualTo("https://relata.io/problems/" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    protected static void assertFieldProblem(HttpResponse<String> response, String field) {
        assertProblem(response, 400, "validation");
        assertThat(Json.body(response).path("errors").findValuesAsText("field")).contains(field);
    }

    protected JsonNode module(String id) {
        HttpResponse<String> response = server().get("/api/v1/modules/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.body(response);
    }

    protected JsonNode awaitModule(String id, String state) throws InterruptedException {
        return awaitJson("/api/v1/modules/" + id, module -> state.equals(module.path("state").asText()));
    }

    protected JsonNode awaitJson(String path, Predicate<JsonNode> condition) throws InterruptedException {
        return awaitJson(path, condition, DEPLOY_TIMEOUT);
    }

    protected JsonNode awaitJson(String path, Predicate<JsonNode> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = server().get(path);
            if (response.statusCode() == 200) {
                last = Json.body(response);
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met for " + path + "; last answer: " + last);
    }

    protected void awaitNoRoute(String path) throws InterruptedException {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = server().get(path);
            if (last.statusCode() == 404 && last.body().contains("/problems/no-route")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " still answers " + last.statusCode() + " " + last.body());
    }

    protected void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = server().get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " answered " + last + " instead of " + status + " within " + DEPLOY_TIMEOUT);
    }

    /** The state of the installed bundle named {@code name} (bundle:list's name column), e.g. "Active". */
    protected String bundleState(String name) throws IOException {
        return bundles().values().stream().filter(bundle -> bundle.endsWith(" | " + name))
                .map(bundle -> bundle.substring(0, bundle.indexOf(" | "))).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle named " + name + " installed"));
    }

    /** Bundle id to "state | name" for every installed bundle, from the console. */
    protected Map<String, String> bundles() throws IOException {
        RelataServer.ConsoleResult list = server().console("bundle:list -t 0 --no-format");
        assertThat(list.exitStatus()).as(list.all()).isZero();
        Map<String, String> bundles = new LinkedHashMap<>();
        for (String line : list.out().split("\\R")) {
            String[] columns = line.trim().split("\t");
            if (columns.length >= 5 && columns[0].trim().matches("\\d+")) {
                bundles.put(columns[0].trim(), columns[1].trim() + " | " + columns[4].trim());
            }
        }
        return bundles;
    }

    /**
     * Bundle ids and states of core, and the service ids of core's services: a core bundle restarted, or a core
     * component re-activated, by a plugin coming or going shows up as a new service id.
     */
    private Map<String, String> coreBundles() throws IOException {
        Map<String, String> core = bundles().entrySet().stream()
                .filter(bundle -> bundle.getValue().contains("Relata :: Core") || bundle.getValue().contains("Plugin API"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        for (String service : List.of("io.relata.api.module.ModuleRegistry", "io.relata.api.persistence.Transactions",
                "io.relata.api.event.DomainEvents", "io.relata.api.recyclebin.RecycleBin",
                "io.relata.api.license.Licensing", "io.relata.core.rest.health.HealthResource")) {
            RelataServer.ConsoleResult listed = server().console("service:list " + service);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("service\\.id = (\\d+)").matcher(listed.out());
            assertThat(id.find()).as(service + " is registered: " + listed.all()).isTrue();
            core.put(service, id.group(1));
        }
        return core;
    }
}
