package io.relata.core.rest.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.rest.PublicEndpoint;
import io.relata.core.rest.health.HealthResource;

class OpenApiDocumentTest {

    @Path("/things/")
    public static class Things {
        @GET
        @Path("{id: [a-z]+}")
        public String one(@PathParam("id") String id) {
            return id;
        }

        @POST
        @Path("{id}/open")
        @PublicEndpoint
        public String open(@PathParam("id") String id) {
            return id;
        }
    }

    @Test
    void documentsResourcePathsAndProblemResponses() {
        String document = OpenApiDocument.render(Set.of(HealthResource.class, OpenApiResource.class), "1.2.3");
        assertThat(document).contains("\"/health\"").contains("\"/openapi.json\"")
                .contains("\"url\" : \"/api/v1\"").contains("application/problem+json").contains("\"1.2.3\"");
    }

    @Test
    void everyOperationNeedsCredentialsExceptThePublicOnes() throws Exception {
        JsonNode document = new ObjectMapper().readTree(
                OpenApiDocument.render(Set.of(HealthResource.class, Things.class), "1"));

        assertThat(document.path("components").path("securitySchemes").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("apiToken", "session");
        assertThat(document.path("security").findValuesAsText("apiToken")).isNotNull();
        assertThat(document.path("security")).hasSize(2);
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/health").path("get").path("security").isArray()).isTrue();
        assertThat(paths.path("/health").path("get").path("security")).isEmpty();
        assertThat(paths.path("/things/{id}/open").path("post").path("security").isArray()).isTrue();
        assertThat(paths.path("/things/{id}").path("get").has("security"))
                .as("inherits the document's requirement").isFalse();
    }
}
