package io.relata.core.rest.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.module.ModuleRegistry;
import io.relata.api.module.ModuleState;
import io.relata.api.rest.PublicEndpoint;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/health}: UP only while the database answers and every core bundle runs, so "UP" means
 * ready to serve. Load balancers and start scripts poll it, so it is public and never cached, and it answers
 * 503 rather than waiting when the database is gone.
 */
@Component(service = HealthResource.class)
@CoreRoute
@PublicEndpoint
@Path("health")
public class HealthResource {

    private static final int TIMEOUT_SECONDS = 2;

    @Reference(target = "(osgi.jndi.service.name=relata)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DataSource dataSource;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ModuleRegistry modules;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        Map<String, String> problems = new LinkedHashMap<>();
        String database = databaseProblem();
        if (database != null) {
            problems.put("database", database);
        }
        String core = coreProblem();
        if (core != null) {
            problems.put("core", core);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        if (!problems.isEmpty()) {
            body.put("checks", problems);
        }
        CacheControl noCache = new CacheControl();
        noCache.setNoStore(true);
        return Response.status(problems.isEmpty() ? 200 : 503).entity(body).cacheControl(noCache).build();
    }

    private String coreProblem() {
        ModuleRegistry registry = modules;
        if (registry == null) {
            return "starting: the module registry is not running yet";
        }
        return registry.module("core")
                .filter(core -> core.state() != ModuleState.ACTIVE)
                .map(core -> core.state() + (core.reason() == null ? "" : ": " + core.reason()))
                .orElse(null);
    }

    private String databaseProblem() {
        DataSource database = dataSource;
        if (database == null) {
            return "no data source is configured (etc/org.ops4j.datasource-relata.cfg)";
        }
        try (Connection connection = database.getConnection()) {
            return connection.isValid(TIMEOUT_SECONDS) ? null : "the database did not answer within " + TIMEOUT_SECONDS + " s";
        } catch (SQLException e) {
            return "the database refused a connection: " + e.getMessage();
        }
    }
}
