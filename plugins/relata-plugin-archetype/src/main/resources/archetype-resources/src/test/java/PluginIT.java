package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.relata.plugin.testing.RelataDistribution;

/** Boots Relata with this plugin hot-deployed, then talks to it over HTTP (runs in 'mvn verify'). */
class PluginIT {

    @RegisterExtension
    static RelataDistribution relata = RelataDistribution.withPlugin("target/${artifactId}-${version}.jar", "${moduleId}");

    @Test
    void createsAndListsItems() {
        HttpResponse<String> created = relata.postJson("/api/v1/${resourcePath}/items", "{\"name\":\"First item\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> list = relata.get("/api/v1/${resourcePath}/items");
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("First item"), list.body());
    }

    @Test
    void usersSeeOnlyTheItemsTheirScopeAllows() {
        // a role that may use the items, each user seeing their own (OWN scope)
        assertEquals(201, relata.postJson("/api/v1/admin/roles", "{\"name\":\"ITEM_KEEPER\","
                + "\"permissions\":[\"${moduleId}.items:*\"],\"scopes\":{\"${moduleId}.item\":\"OWN\"}}").statusCode());
        String ann = userWithRole("ann");
        String bob = userWithRole("bob");

        assertEquals(201, post(ann, "{\"name\":\"Ann's item\"}").statusCode());
        assertEquals(201, post(bob, "{\"name\":\"Bob's item\"}").statusCode());

        String annSees = get(ann).body();
        assertTrue(annSees.contains("Ann's item") && !annSees.contains("Bob's item"), annSees);
        String adminSees = relata.get("/api/v1/${resourcePath}/items").body();
        assertTrue(adminSees.contains("Ann's item") && adminSees.contains("Bob's item"), adminSees);
        assertEquals(401, relata.anonymous(HttpRequest.newBuilder(relata.uri("/api/v1/${resourcePath}/items")))
                .statusCode());
    }

    private String userWithRole(String username) {
        String password = "Item-keeper-2024";
        assertEquals(201, relata.postJson("/api/v1/admin/users", "{\"username\":\"" + username + "\","
                + "\"displayName\":\"" + username + "\",\"password\":\"" + password + "\","
                + "\"roles\":[\"ITEM_KEEPER\"]}").statusCode());
        return relata.signIn(username, password);
    }

    private HttpResponse<String> post(String token, String json) {
        return relata.send(HttpRequest.newBuilder(relata.uri("/api/v1/${resourcePath}/items"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private HttpResponse<String> get(String token) {
        return relata.send(HttpRequest.newBuilder(relata.uri("/api/v1/${resourcePath}/items")).GET(), token);
    }

    @Test
    void contributesAPageToTheWebUi() {
        HttpResponse<String> modules = relata.get("/api/v1/ui/modules");
        assertEquals(200, modules.statusCode());
        assertTrue(modules.body().contains("\"id\":\"${moduleId}.items\""), modules.body());
        HttpResponse<String> script = relata.anonymous(HttpRequest.newBuilder(relata.uri("/plugins/${moduleId}/items.js")));
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("export async function mount"), script.body());
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        HttpResponse<String> rejected = relata.postJson("/api/v1/${resourcePath}/items", "{\"name\":\"\"}");
        assertEquals(400, rejected.statusCode());
        assertTrue(rejected.body().contains("\"field\":\"name\""), rejected.body());
    }
}
