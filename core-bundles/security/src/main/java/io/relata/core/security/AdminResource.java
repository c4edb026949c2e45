package io.relata.core.security;

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
import io.relata.api.rest.RestResource;
import io.relata.api.security.Permission;
import io.relata.api.security.RequiresPermission;

/**
 * {@code /api/v1/admin/permissions}: every permission the installed modules declare, for the role editor; and
 * {@code /api/v1/admin/security-events}: the security audit trail.
 */
@Component(service = AdminResource.class)
@RestResource
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
                                            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return security.audit().list(type, username, PageRequest.of(limit, cursor));
    }
}
