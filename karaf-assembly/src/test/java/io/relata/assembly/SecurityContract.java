package io.relata.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Security of a running server, on top of the rest of the distribution contract: who may call what, who sees
 * which records, sessions, tokens, lockout, the console, and the audit trail. Runs while the example plugin is
 * deployed, so its resources and records are covered like core's.
 */
abstract class SecurityContract extends DistributionContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Correct-horse-42";
    /** Operations open without credentials, by design; every other one must answer 401. */
    private static final Set<String> PUBLIC = Set.of("GET /health", "POST /auth/login", "GET /openapi.json",
            "GET /calendar-feeds/{token}.ics");

    @Test
    @Order(50)
    void everyOperationOfEveryBundleRequiresAuthenticationUnlessDeclaredPublic() {
        JsonNode document = Json.body(server().get("/api/v1/openapi.json"));
        JsonNode paths = document.path("paths");
        assertThat(paths.has("/hello/greetings")).as("the plugin's resources are in the sweep").isTrue();
        assertThat(paths.has("/admin/users")).isTrue();

        Set<String> declaredPublic = new TreeSet<>();
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = ops.next();
                String method = operation.getKey().toUpperCase();
                String name = method + " " + path.getKey();
                if (operation.getValue().path("security").isArray() && operation.getValue().path("security").isEmpty()) {
                    declaredPublic.add(name);
                    continue;
                }
                String uri = "/api/v1" + path.getKey().replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000000");
                // a well-formed request, as the operation documents it, only without credentials
                Iterator<String> mediaTypes = operation.getValue().path("requestBody").path("content").fieldNames();
                HttpRequest.Builder request = HttpRequest.newBuilder(server().uri(uri)).method(method,
                        mediaTypes.hasNext() ? BodyPublishers.ofString("{}") : BodyPublishers.noBody());
                if (mediaTypes.hasNext()) {
                    request.header("Content-Type", mediaTypes.next());
                }
                HttpResponse<String> response = server().anonymous(request);
                checked++;
                if (response.statusCode() != 401) {
                    open.add(name + " answered " + response.statusCode());
                } else {
                    assertProblem(response, 401, "unauthenticated");
                }
            }
        }
        assertThat(open).as("operations reachable without credentials").isEmpty();
        assertThat(declaredPublic).as("operations declared public").isEqualTo(PUBLIC);
        assertThat(checked).isGreaterThan(30);

        // the public ones really are public
        assertThat(server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/health"))).statusCode())
                .isEqualTo(200);
        assertThat(server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/health"))
                .header("Authorization", "Bearer rlt_stale")).statusCode()).isEqualTo(200);
        // and a forged or unknown token is no credential
        assertProblem(server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/me"))
                .header("Authorization", "Bearer rlt_forged")), 401, "invalid-token");
        assertProblem(server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/me"))
                .header("Cookie", "RELATA_SESSION=rls_forged")), 401, "unauthenticated");
    }

    @Test
    @Order(51)
    void cookieSessionsNeedTheCsrfTokenForEveryUnsafeMethod() {
        createUser("csrf.user", "SALES_REP");
        HttpResponse<String> login = login("csrf.user", PASSWORD);
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("RELATA_SESSION=rls_").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/");
        JsonNode body = Json.body(login);
        assertThat(body.path("user").path("username").asText()).isEqualTo("csrf.user");
        assertThat(login.body()).doesNotContain("password").doesNotContain("rls_");
        String cookie = setCookie.split(";")[0];
        String csrf = body.path("csrfToken").asText();

        HttpRequest.Builder me = HttpRequest.newBuilder(server().uri("/api/v1/me")).header("Cookie", cookie);
        assertThat(server().anonymous(me).statusCode()).as("safe methods need no CSRF token").isEqualTo(200);

        // a reloaded page finds its session again
        HttpResponse<String> resumed = server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/auth/session"))
                .header("Cookie", cookie));
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(Json.body(resumed).path("csrfToken").asText()).isEqualTo(csrf);
        assertThat(Json.body(resumed).path("user").path("username").asText()).isEqualTo("csrf.user");
        assertThat(resumed.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertProblem(server().get("/api/v1/auth/session"), 404, "not-found"); // an API token has no session

        assertProblem(server().anonymous(newToken(cookie, null)), 403, "csrf");
        assertProblem(server().anonymous(newToken(cookie, "not-the-token")), 403, "csrf");
        assertProblem(server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/auth/logout"))
                .header("Cookie", cookie).POST(BodyPublishers.noBody())), 403, "csrf");
        HttpResponse<String> created = server().anonymous(newToken(cookie, csrf));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // an API token needs no CSRF token: it is never sent by a browser on its own
        String token = Json.body(created).path("token").asText();
        assertThat(server().as(token, HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"second\"}"))).statusCode()).isEqualTo(201);

        HttpResponse<String> logout = server().anonymous(HttpRequest.newBuilder(server().uri("/api/v1/auth/logout"))
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).POST(BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie")).hasValueSatisfying(v -> assertThat(v).contains("Max-Age=0"));
        assertProblem(server().anonymous(me), 401, "unauthenticated");
    }

    @Test
    @Order(52)
    void revokedAndExpiredTokensAreRejected() throws Exception {
        createUser("token.user", "SALES_REP");
        String token = server().createToken("token.user", PASSWORD);
        HttpRequest.Builder me = HttpRequest.newBuilder(server().uri("/api/v1/me"));
        assertThat(server().as(token, me).statusCode()).isEqualTo(200);

        JsonNode tokens = Json.body(server().as(token, HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))));
        assertThat(tokens.toString()).as("a token is shown only once").doesNotContain(token).doesNotContain("rlt_");
        String id = tokens.path("items").get(0).path("id").asText();
        HttpResponse<String> revoked = server().as(token, HttpRequest.newBuilder(server().uri("/api/v1/me/tokens/" + id))
                .DELETE());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        assertProblem(server().as(token, me), 401, "invalid-token");
        // nobody else's token can be revoked: it is simply not found
        String other = Json.body(server().get("/api/v1/me/tokens")).path("items").get(0).path("id").asText();
        String stillValid = server().createToken("token.user", PASSWORD);
        assertProblem(server().as(stillValid, HttpRequest.newBuilder(server().uri("/api/v1/me/tokens/" + other))
                .DELETE()), 404, "not-found");

        // expiry: a token that runs out in two seconds
        String shortLived = Json.body(server().send(HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"short\",\"expiresAt\":\"" + Instant.now().plusSeconds(2)
                        + "\"}")))).path("token").asText();
        assertThat(server().as(shortLived, me).statusCode()).isEqualTo(200);
        Thread.sleep(2_500);
        assertProblem(server().as(shortLived, me), 401, "invalid-token");

        // a token that has already expired, or a name that is too long, is refused up front
        assertFieldProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"past\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}"))), "expiresAt");
        assertFieldProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"" + "n".repeat(300) + "\"}"))), "name");

        // the console makes tokens for integrations
        RelataServer.ConsoleResult made = server().console("relata:token-create token.user nightly-sync");
        assertThat(made.exitStatus()).as(made.all()).isZero();
        java.util.regex.Matcher printed = java.util.regex.Pattern.compile("rlt_[A-Za-z0-9_-]+").matcher(made.out());
        assertThat(printed.find()).as(made.out()).isTrue();
        assertThat(Json.body(server().as(printed.group(), me)).path("username").asText()).isEqualTo("token.user");

        JsonNode events = Json.body(server().get("/api/v1/admin/security-events?username=token.user&limit=50"));
        assertThat(events.path("items").findValuesAsText("type")).contains("TOKEN_CREATED", "TOKEN_REVOKED");
    }

    @Test
    @Order(53)
    void repeatedFailedSignInsLockTheAccountUntilAnAdminUnlocksIt() {
        String id = createUser("lock.user", "SALES_REP");
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertProblem(login("lock.user", "Wrong-password-" + attempt), 401, "invalid-credentials");
        }
        HttpResponse<String> locked = login("lock.user", PASSWORD);
        assertProblem(locked, 429, "account-locked");
        assertThat(Json.body(locked).path("retryAfter").asText()).endsWith("Z");
        // an unknown name answers the same way, so lockout does not tell which usernames exist
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertProblem(login("no.such.user", "Wrong-password-" + attempt), 401, "invalid-credentials");
        }
        assertProblem(login("no.such.user", PASSWORD), 429, "account-locked");

        JsonNode user = Json.body(server().get("/api/v1/admin/users/" + id));
        assertThat(user.path("locked").asBoolean()).isTrue();
        assertThat(server().send(HttpRequest.newBuilder(server().uri("/api/v1/admin/users/" + id + "/unlock"))
                .POST(BodyPublishers.noBody())).statusCode()).isEqualTo(204);
        assertThat(login("lock.user", PASSWORD).statusCode()).isEqualTo(200);

        JsonNode failures = Json.body(server().get("/api/v1/admin/security-events?type=LOGIN&username=lock.user&limit=50"));
        assertThat(failures.path("items")).anySatisfy(event -> {
            assertThat(event.path("outcome").asText()).isEqualTo("FAILURE");
            assertThat(event.path("source").asText()).isEqualTo("127.0.0.1");
            assertThat(event.path("occurredAt").asText()).endsWith("Z");
        });
        assertThat(failures.path("items")).anySatisfy(event ->
                assertThat(event.path("outcome").asText()).isEqualTo("SUCCESS"));
        assertThat(failures.toString()).doesNotContain(PASSWORD).doesNotContain("Wrong-password");

        // a time range: the failures happened within the last hour, none in the future
        java.time.Instant now = java.time.Instant.now();
        assertThat(Json.body(server().get("/api/v1/admin/security-events?type=LOGIN&username=lock.user&from="
                + now.minusSeconds(3600) + "&limit=50")).path("items")).isNotEmpty();
        assertThat(Json.body(server().get("/api/v1/admin/security-events?type=LOGIN&username=lock.user&from="
                + now.plusSeconds(3600))).path("items")).isEmpty();
        HttpResponse<String> badRange = server().get("/api/v1/admin/security-events?from=yesterday");
        assertProblem(badRange, 400, "validation");
        assertThat(badRange.body()).contains("\"field\":\"from\"");
    }

    @Test
    @Order(54)
    void theConsoleIsForAdministratorsOnly() throws IOException {
        createUser("console.rep", "SALES_REP");
        assertThatThrownBy(() -> server().console("console.rep", PASSWORD, "relata:user-list"))
                .as("a sales rep may not use the console").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> server().console("karaf", "karaf", "relata:user-list"))
                .as("Karaf's default account does not exist").isInstanceOf(IOException.class);

        String admin2 = createUser("second.admin", "ADMIN");
        RelataServer.ConsoleResult list = server().console("second.admin", PASSWORD, "relata:user-list");
        assertThat(list.exitStatus()).as(list.all()).isZero();
        assertThat(list.out()).contains("console.rep").contains("second.admin");

        // console user administration, acting as the signed-in administrator
        RelataServer.ConsoleResult added = server().console("relata:user-add console.made --display-name=Console.Made"
                + " --roles=READ_ONLY --password=" + PASSWORD);
        assertThat(added.exitStatus()).as(added.all()).isZero();
        RelataServer.ConsoleResult weak = server().console("relata:user-passwd console.made --password=short");
        assertThat(weak.exitStatus()).isNotZero();
        assertThat(weak.all()).contains("password").doesNotContain("Exception");
        assertThat(server().console("relata:user-disable console.made").exitStatus()).isZero();
        assertThat(login("console.made", PASSWORD).statusCode()).isEqualTo(401);
        JsonNode events = Json.body(server().get("/api/v1/admin/security-events?type=CONSOLE_LOGIN&limit=50"));
        assertThat(events.path("items")).anySatisfy(event -> {
            assertThat(event.path("username").asText()).isEqualTo("console.rep");
            assertThat(event.path("outcome").asText()).isEqualTo("FAILURE");
        });
        assertThat(admin2).isNotBlank();
    }

    @Test
    @Order(55)
    void adminEndpointsAreForbiddenToOthersAndDenialsAreAudited() {
        createUser("nosy.rep", "SALES_REP");
        String rep = server().createToken("nosy.rep", PASSWORD);
        assertProblem(server().as(rep, HttpRequest.newBuilder(server().uri("/api/v1/admin/users"))), 403, "forbidden");
        assertProblem(server().as(rep, HttpRequest.newBuilder(server().uri("/api/v1/admin/license"))), 403, "forbidden");
        assertProblem(server().as(rep, HttpRequest.newBuilder(server().uri("/api/v1/hello/greetings"))), 403, "forbidden");
        // users change their own profile, never their roles
        HttpResponse<String> profile = server().as(rep, json("PATCH", "/api/v1/me",
                Map.of("locale", "zh-CN", "timeZone", "Asia/Shanghai")));
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
        assertThat(Json.body(profile).path("locale").asText()).isEqualTo("zh-CN");
        HttpResponse<String> escalate = server().as(rep, json("PATCH", "/api/v1/me", Map.of("roles", List.of("ADMIN"))));
        assertThat(escalate.statusCode()).isEqualTo(400);
        assertThat(Json.body(server().as(rep, HttpRequest.newBuilder(server().uri("/api/v1/me")))).path("roles")
                .toString()).doesNotContain("ADMIN");

        JsonNode denied = Json.body(server().get("/api/v1/admin/security-events?type=PERMISSION_DENIED&username=nosy.rep"));
        assertThat(denied.path("items").findValuesAsText("detail")).anySatisfy(detail ->
                assertThat(detail).contains("users:read"));
    }

    @Test
    @Order(56)
    void userAndRoleInputIsValidatedFieldByField() {
        HttpResponse<String> bad = server().send(json("POST", "/api/v1/admin/users", Map.of(
                "username", "Bad Name!", "email", "not-mail", "locale", "fr", "timeZone", "Mars/Base",
                "password", "short", "roles", List.of("NO_SUCH_ROLE"))));
        assertProblem(bad, 400, "validation");
        assertThat(Json.body(bad).path("errors").findValuesAsText("field"))
                .contains("username", "email", "locale", "timeZone", "password", "roles");
        assertThat(bad.body()).doesNotContain("short");

        HttpResponse<String> longName = server().send(json("POST", "/api/v1/admin/users", Map.of(
                "username", "long.name", "displayName", "x".repeat(5000), "password", PASSWORD)));
        assertFieldProblem(longName, "displayName");

        HttpResponse<String> role = server().send(json("POST", "/api/v1/admin/roles", Map.of(
                "name", "Bad role", "permissions", List.of("DROP TABLE"), "scopes", Map.of("customer", "EVERYTHING"))));
        assertThat(role.statusCode()).isEqualTo(400);

        // HTML is kept as text, for the UI to escape
        String id = createUser("html.user", "READ_ONLY", Map.of("displayName", "<script>alert(1)</script>"));
        assertThat(Json.body(server().get("/api/v1/admin/users/" + id)).path("displayName").asText())
                .isEqualTo("<script>alert(1)</script>");
        assertThat(server().get("/api/v1/admin/users?limit=201").statusCode()).isEqualTo(400);

        // passwords never come back, in any answer
        assertThat(server().get("/api/v1/admin/users?limit=200").body()).doesNotContain(PASSWORD)
                .doesNotContain("argon2").doesNotContain("password");
    }

    /**
     * The record-level matrix on the example plugin's greetings: every user creates one, then each must see
     * exactly what their scope allows — in the list, the count, a single read — and anything else answers 404,
     * for a change and a delete too.
     */
    @Test
    @Order(57)
    void everyUserSeesExactlyTheGreetingsTheirScopeAllows() {
        String greeter = createRole("GREETER", List.of("hello.greetings:*"), Map.of());
        createRole("REGIONAL_LEAD", List.of("hello.greetings:*"), Map.of("hello.greeting", "SUBSIDIARY"));

        String manager = createUser("m.manager", "SALES_MANAGER", Map.of("roles", List.of("SALES_MANAGER", "GREETER")));
        String repA = createUser("a.rep", null, Map.of("roles", List.of("SALES_REP", "GREETER"), "managerId", manager));
        String repB = createUser("b.rep", null, Map.of("roles", List.of("SALES_REP", "GREETER"), "managerId", manager));
        String agent = createUser("s.agent", null, Map.of("roles", List.of("SERVICE_AGENT", "GREETER")));
        String repC = createUser("c.rep", null, Map.of("roles", List.of("SALES_REP", "GREETER"), "subsidiaryId", "cn"));
        String lead = createUser("cn.lead", null, Map.of("roles", List.of("REGIONAL_LEAD"), "subsidiaryId", "cn"));
        String partner1 = createUser("p1.acme", null, Map.of("roles", List.of("PARTNER_USER", "GREETER"), "partnerId", "acme"));
        String partner2 = createUser("p2.acme", null, Map.of("roles", List.of("PARTNER_USER", "GREETER"), "partnerId", "acme"));
        String partner3 = createUser("p3.globex", null, Map.of("roles", List.of("PARTNER_USER", "GREETER"), "partnerId", "globex"));
        createUser("auditor", "READ_ONLY");
        createTeam("East", List.of(repA, repB, agent));
        createTeam("West", List.of(repC));
        assertThat(List.of(partner1, partner2, partner3, lead)).doesNotContainNull();

        List<String> writers = List.of("m.manager", "a.rep", "b.rep", "s.agent", "c.rep", "cn.lead", "p1.acme",
                "p2.acme", "p3.globex");
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, String> greetingIds = new LinkedHashMap<>();
        for (String user : writers) {
            tokens.put(user, server().createToken(user, PASSWORD));
            HttpResponse<String> created = server().as(tokens.get(user), json("POST", "/api/v1/hello/greetings",
                    Map.of("name", "scope " + user)));
            assertThat(created.statusCode()).as(user + ": " + created.body()).isEqualTo(201);
            greetingIds.put(user, Json.body(created).path("id").asText());
        }
        tokens.put("auditor", server().createToken("auditor", PASSWORD));

        Map<String, Set<String>> expected = new LinkedHashMap<>();
        expected.put("a.rep", Set.of("a.rep"));
        expected.put("b.rep", Set.of("b.rep"));
        expected.put("m.manager", Set.of("m.manager", "a.rep", "b.rep"));
        expected.put("s.agent", Set.of("s.agent", "a.rep", "b.rep"));
        expected.put("c.rep", Set.of("c.rep"));
        expected.put("cn.lead", Set.of("cn.lead", "c.rep"));
        expected.put("p1.acme", Set.of("p1.acme", "p2.acme"));
        expected.put("p2.acme", Set.of("p1.acme", "p2.acme"));
        expected.put("p3.globex", Set.of("p3.globex"));
        expected.put("auditor", Set.copyOf(writers));

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, Set<String>> viewer : expected.entrySet()) {
            String token = tokens.get(viewer.getKey());
            Set<String> listed = new TreeSet<>();
            for (JsonNode item : Json.body(server().as(token, get("/api/v1/hello/greetings?limit=200"))).path("items")) {
                String name = item.path("name").asText();
                if (name.startsWith("scope ")) {
                    listed.add(name.substring("scope ".length()));
                }
            }
            if (!listed.equals(new TreeSet<>(viewer.getValue()))) {
                leaks.add(viewer.getKey() + " lists " + listed + ", expected " + new TreeSet<>(viewer.getValue()));
            }
            for (Map.Entry<String, String> greeting : greetingIds.entrySet()) {
                int status = server().as(token, get("/api/v1/hello/greetings/" + greeting.getValue())).statusCode();
                int wanted = viewer.getValue().contains(greeting.getKey()) ? 200 : 404;
                if (status != wanted) {
                    leaks.add(viewer.getKey() + " reads " + greeting.getKey() + "'s greeting: " + status);
                }
                if (wanted == 404) {
                    int changed = server().as(token, json("PATCH", "/api/v1/hello/greetings/" + greeting.getValue(),
                            Map.of("message", "hijacked"))).statusCode();
                    int deleted = server().as(token, HttpRequest.newBuilder(
                            server().uri("/api/v1/hello/greetings/" + greeting.getValue())).DELETE()).statusCode();
                    if (changed != 404 || deleted != 404) {
                        leaks.add(viewer.getKey() + " changes/deletes " + greeting.getKey() + "'s: " + changed + "/" + deleted);
                    }
                }
            }
        }
        assertThat(leaks).as("scope violations").isEmpty();

        // the count the plugin shows agrees with the list
        assertThat(Json.body(server().as(tokens.get("a.rep"), get("/api/v1/hello"))).path("greetings").asLong())
                .isEqualTo(1);
        // read-only users read everything and change nothing
        assertProblem(server().as(tokens.get("auditor"), json("POST", "/api/v1/hello/greetings",
                Map.of("name", "by the auditor"))), 403, "forbidden");
        // the administrator sees all of them
        String all = server().get("/api/v1/hello/greetings?limit=200").body();
        writers.forEach(user -> assertThat(all).contains("scope " + user));
        // nothing was changed or deleted by the attempts above
        assertThat(all).doesNotContain("hijacked");
        // a role in use stays
        assertProblem(server().send(HttpRequest.newBuilder(server().uri("/api/v1/admin/roles/" + greeter)).DELETE()),
                409, "conflict");
    }

    @Test
    @Order(58)
    void theLicensedUserCountLimitsActiveUsers() throws Exception {
        installTestVendorKey();
        int active = 0;
        for (JsonNode user : Json.body(server().get("/api/v1/admin/users?limit=200")).path("items")) {
            if (user.path("active").asBoolean()) {
                active++;
            }
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> installed = server().send(HttpRequest.newBuilder(server().uri("/api/v1/admin/license"))
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(issue("L-SEATS", today.minusDays(1), today.plusDays(30), "sales", active + 1))));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
        try {
            String last = createUser("seat.last", "READ_ONLY");
            HttpResponse<String> over = server().send(json("POST", "/api/v1/admin/users", Map.of(
                    "username", "seat.over", "password", PASSWORD, "roles", List.of("READ_ONLY"))));
            assertProblem(over, 409, "seat-limit");
            assertThat(Json.body(over).path("maxActiveUsers").asInt()).isEqualTo(active + 1);
            // a disabled user frees the seat; enabling them again needs one
            assertThat(server().send(post("/api/v1/admin/users/" + last + "/disable")).statusCode()).isEqualTo(204);
            String over2 = createUser("seat.over", "READ_ONLY");
            assertProblem(server().send(post("/api/v1/admin/users/" + last + "/enable")), 409, "seat-limit");
            assertThat(over2).isNotBlank();
        } finally {
            assertThat(server().console("relata:license-remove --yes").exitStatus()).isZero();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    String createUser(String username, String role) {
        return createUser(username, role, Map.of());
    }

    /** Creates a user with {@link #PASSWORD}; {@code fields} add to or replace the defaults. */
    String createUser(String username, String role, Map<String, Object> fields) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("displayName", username);
        user.put("email", username + "@example.com");
        user.put("password", PASSWORD);
        if (role != null) {
            user.put("roles", List.of(role));
        }
        user.putAll(fields);
        HttpResponse<String> created = server().send(json("POST", "/api/v1/admin/users", user));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD);
        return Json.body(created).path("id").asText();
    }

    private String createRole(String name, List<String> permissions, Map<String, String> scopes) {
        HttpResponse<String> created = server().send(json("POST", "/api/v1/admin/roles", Map.of("name", name,
                "permissions", permissions, "scopes", scopes)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.body(created).path("id").asText();
    }

    private void createTeam(String name, List<String> members) {
        HttpResponse<String> created = server().send(json("POST", "/api/v1/admin/teams", Map.of("name", name,
                "members", members)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> login(String username, String password) {
        return server().anonymous(json("POST", "/api/v1/auth/login", Map.of("username", username, "password", password)));
    }

    private HttpRequest.Builder newToken(String cookie, String csrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server().uri("/api/v1/me/tokens"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .POST(BodyPublishers.ofString("{\"name\":\"from the browser\"}"));
        return csrf == null ? request : request.header("X-CSRF-Token", csrf);
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(server().uri(path)).GET();
    }

    HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(server().uri(path)).POST(BodyPublishers.noBody());
    }

    HttpRequest.Builder json(String method, String path, Map<String, ?> body) {
        ObjectNode node = JSON.valueToTree(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(server().uri(path))
                .method(method, BodyPublishers.ofString(node.toString()));
        // changes here never race, so they apply to whatever version is current
        return method.equals("PATCH")
                ? request.header("Content-Type", "application/merge-patch+json").header("If-Match", "*")
                : request.header("Content-Type", "application/json");
    }
}
