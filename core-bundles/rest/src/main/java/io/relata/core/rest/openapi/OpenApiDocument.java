package io.relata.core.rest.openapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.Components;

import io.relata.api.rest.RestResource;

/** Builds the OpenAPI document from resource classes with swagger-core's JAX-RS reader. */
final class OpenApiDocument {

    private static final String PROBLEM = "Problem";

    private OpenApiDocument() {
    }

    static String render(Set<Class<?>> resources, String version) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Relata REST API").version(version)
                        .description("Every module's REST resources. Errors are RFC 9457 problem details.")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url(RestResource.BASE_PATH)));
        OpenAPI openApi = new Reader(base).read(resources);
        addProblemResponses(openApi);
        return Json.pretty(openApi);
    }

    /** Every operation can answer with a problem; say so once, in the shape clients should parse. */
    @SuppressWarnings("rawtypes")
    private static void addProblemResponses(OpenAPI openApi) {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldError));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM, problem);
        ApiResponse problemResponse = new ApiResponse().description("Problem details")
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema().$ref("#/components/schemas/" + PROBLEM))));
        if (openApi.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Operation operation : path.getValue().readOperations()) {
                if (operation.getResponses() != null) {
                    operation.getResponses().addApiResponse("4XX", problemResponse);
                    operation.getResponses().addApiResponse("5XX", problemResponse);
                }
            }
        }
    }
}
