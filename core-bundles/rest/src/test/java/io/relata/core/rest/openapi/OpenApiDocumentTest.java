package io.relata.core.rest.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relata.core.rest.health.HealthResource;

class OpenApiDocumentTest {

    @Test
    void documentsResourcePathsAndProblemResponses() {
        String document = OpenApiDocument.render(Set.of(HealthResource.class, OpenApiResource.class), "1.2.3");
        assertThat(document).contains("\"/health\"").contains("\"/openapi.json\"")
                .contains("\"url\" : \"/api/v1\"").contains("application/problem+json").contains("\"1.2.3\"");
    }
}
