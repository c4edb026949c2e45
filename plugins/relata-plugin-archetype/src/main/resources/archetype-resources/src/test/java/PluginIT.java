package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void badInputIsAProblemNamingTheField() {
        HttpResponse<String> rejected = relata.postJson("/api/v1/${resourcePath}/items", "{\"name\":\"\"}");
        assertEquals(400, rejected.statusCode());
        assertTrue(rejected.body().contains("\"field\":\"name\""), rejected.body());
    }
}
