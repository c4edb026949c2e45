package io.relata.core.rest.openapi;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

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
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import io.relata.api.rest.PublicEndpoint;
import io.relata.api.rest.RestResource;

/** Builds the OpenAPI document from resource classes with swagger-core's JAX-RS reader. */
final class OpenApiDocument {

    private static final String PROBLEM = "Problem";
    private static final String API_TOKEN = "apiToken";
    private static final String SESSION = "session";

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
        addSecurity(openApi, publicOperations(resources));
        return Json.pretty(openApi);
    }

    /**
     * Every operation needs an API token or a session, except the public ones, which say so with an empty
     * {@code security} list: clients (and Relata's own tests) can tell from the document which calls are open.
     */
    private static void addSecurity(OpenAPI openApi, Set<String> publicOperations) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(API_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("A personal API token (POST /me/tokens)"))
                .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.COOKIE).name("RELATA_SESSION")
                        .description("The session of POST /auth/login; unsafe methods also send X-CSRF-Token"));
        openApi.setSecurity(List.of(new SecurityRequirement().addList(API_TOKEN),
                new SecurityRequirement().addList(SESSION)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (publicOperations.contains(method.name() + " " + normalised(path))) {
                operation.setSecurity(List.of());
            }
        }));
    }

    /** "GET health", "POST auth/login": the resource methods marked {@link PublicEndpoint}. */
    private static Set<String> publicOperations(Set<Class<?>> resources) {
        Set<String> operations = new HashSet<>();
        for (Class<?> type : resources) {
            boolean publicType = type.isAnnotationPresent(PublicEndpoint.class);
            Path typePath = type.getAnnotation(Path.class);
            for (Method method : type.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod != null && (publicType || method.isAnnotationPresent(PublicEndpoint.class))) {
                    Path methodPath = method.getAnnotation(Path.class);
                    operations.add(httpMethod + " " + normalised((typePath == null ? "" : typePath.value()) + "/"
                            + (methodPath == null ? "" : methodPath.value())));
                }
            }
        }
        return operations;
    }

    private static String httpMethod(Method method) {
        for (var annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** Without slashes at the ends, doubled slashes or parameter patterns: {@code {id: [0-9]+}} is {@code {id}}. */
    private static String normalised(String path) {
        return path.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/")
                .replaceAll("^/|/$", "");
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
