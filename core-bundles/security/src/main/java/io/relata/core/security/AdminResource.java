package io.relata.core.security;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.module.ModuleRegistry;
import io.relata.api.module.ModuleStatus;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.Permission;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/admin/permissions}: every permission the installed modules declare, for the role editor; and
 * {@code /api/v1/admin/security-events}: the security audit trail.
 */
@Component(service = AdminResource.class)
@CoreRoute
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Reference
    private SecurityService security;

    @Reference
    private ModuleRegistry modules;

    @GET
    @Path("permissions")
    @RequiresPermission("roles:read")
    public Page<Views.PermissionView> permissions() {
        List<Views.PermissionView> permissions = new ArrayList<>();
        for (ModuleStatus module : modules.modules()) {
            for (Permission permission : module.descriptor().permissions()) {
                permissions.add(new Views.PermissionView(permission.id(), permission.description(), module.id()));
            }
        }
        return Page.last(permissions);
    }

    @GET
    @Path("security-events")
    @RequiresPermission("security-events:read")
    public Page<SecurityAudit.Event> events(@QueryParam("type") String type, @QueryParam("username") String username,
                                            @QueryParam("from") String from, @QueryParam("to") String to,
                                            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Instant since = instant("from", from);
        Instant until = instant("to", to);
        if (since != null && until != null && !since.isBefore(until)) {
            throw Problem.validation("to", "must be after from").toException();
        }
        return security.audit().list(type, username, since, until, PageRequest.of(limit, cursor));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Problem.validation(field, "must be a UTC time such as 2026-11-29T08:00:00Z").toException();
        }
    }
}
