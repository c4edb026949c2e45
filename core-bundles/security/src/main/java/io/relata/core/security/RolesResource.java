package io.relata.core.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.persistence.Transactions;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/admin/roles}: the role editor. Built-in roles are read-only; custom roles are the admin's. */
@Component(service = RolesResource.class)
@CoreRoute
@Path("admin/roles")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("roles:write")
public class RolesResource {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{1,63}");
    private static final Pattern PERMISSION = Pattern.compile("(\\*|[a-z*][a-z0-9.*-]*:[a-z*][a-z0-9-]*)");
    private static final Pattern RECORD_TYPE = Pattern.compile("(\\*|[a-z][a-z0-9.-]{0,99})");

    @Reference
    private SecurityService security;

    @Reference
    private Transactions transactions;

    @GET
    @RequiresPermission("roles:read")
    public Page<Views.RoleView> list() {
        return Page.last(security.directory().roles().stream().map(Views.RoleView::of).toList());
    }

    @GET
    @Path("{id}")
    @RequiresPermission("roles:read")
    public Response one(@PathParam("id") String id) {
        Directory.RoleRecord role = find(id);
        return Response.ok(Views.RoleView.of(role)).tag(tag(role)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Views.RoleChanges request) {
        Views.RoleChanges role = validate(request == null ? new Views.RoleChanges(null, null, null, null) : request, true);
        String id = transactions.required(() -> {
            if (security.directory().roleByName(role.name()).isPresent()) {
                throw Problem.conflict("a role named " + role.name() + " exists").toException();
            }
            String created = security.directory().createRole(role.name(), role.description(), false,
                    role.permissions(), role.scopes());
            audit(SecurityAudit.Type.ROLE_CREATED, role.name() + ": " + role.permissions() + " " + role.scopes());
            return created;
        });
        Directory.RoleRecord created = find(id);
        return Response.created(URI.create("admin/roles/" + id)).entity(Views.RoleView.of(created)).tag(tag(created))
                .build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        Directory.RoleRecord role = editable(id);
        new EntityVersion(role.version()).requireMatch(ifMatch);
        Views.RoleChanges changes = validate(patch.applyTo(new Views.RoleChanges(role.name(), role.description(),
                role.permissions(), role.scopes()), Views.RoleChanges.class), false);
        if (!changes.name().equals(role.name())) {
            throw Problem.validation("name", "a role keeps its name; create another role instead").toException();
        }
        transactions.required(() -> {
            if (!security.directory().updateRole(id, role.version(), changes.description(), changes.permissions(),
                    changes.scopes())) {
                throw Problem.preconditionFailed("the role changed since you read it").toException();
            }
            audit(SecurityAudit.Type.ROLE_CHANGED, role.name() + ": " + role.permissions() + " " + role.scopes()
                    + " -> " + changes.permissions() + " " + changes.scopes());
            return null;
        });
        Directory.RoleRecord changed = find(id);
        return Response.ok(Views.RoleView.of(changed)).tag(tag(changed)).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Directory.RoleRecord role = editable(id);
        transactions.required(() -> {
            long holders = security.directory().countHolders(id);
            if (holders > 0) {
                throw Problem.conflict("role " + role.name() + " is held by " + holders
                        + " user(s); take it from them first").toException();
            }
            security.directory().deleteRole(id);
            audit(SecurityAudit.Type.ROLE_DELETED, role.name());
            return null;
        });
        return Response.noContent().build();
    }

    private Directory.RoleRecord find(String id) {
        return security.directory().role(id).orElseThrow(() -> Problem.notFound("no role with id " + id).toException());
    }

    private Directory.RoleRecord editable(String id) {
        Directory.RoleRecord role = find(id);
        if (role.builtIn()) {
            throw Problem.conflict("built-in role " + role.name() + " cannot be changed; create a custom role")
                    .toException();
        }
        return role;
    }

    private static Views.RoleChanges validate(Views.RoleChanges role, boolean creating) {
        List<FieldError> errors = new ArrayList<>();
        if (role.name() == null || !NAME.matcher(role.name()).matches()) {
            errors.add(new FieldError("name", "2 to 64 characters: letters, digits, spaces, '_' or '-'"));
        }
        if (role.description() != null && role.description().length() > 500) {
            errors.add(new FieldError("description", "at most 500 characters"));
        }
        List<String> permissions = role.permissions() == null ? List.of() : role.permissions();
        if (permissions.size() > 500) {
            errors.add(new FieldError("permissions", "at most 500 permissions"));
        }
        for (String permission : permissions) {
            if (permission == null || !PERMISSION.matcher(permission).matches()) {
                errors.add(new FieldError("permissions", "not a permission pattern: " + permission));
            }
        }
        Map<String, ScopeKind> scopes = role.scopes() == null ? new LinkedHashMap<>(Map.of("*", ScopeKind.OWN))
                : new LinkedHashMap<>(role.scopes());
        if (scopes.size() > 200) {
            errors.add(new FieldError("scopes", "at most 200 record types"));
        }
        for (Map.Entry<String, ScopeKind> scope : scopes.entrySet()) {
            if (!RECORD_TYPE.matcher(scope.getKey()).matches() || scope.getValue() == null) {
                errors.add(new FieldError("scopes", "not a record type and scope: " + scope.getKey()));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new Views.RoleChanges(role.name(), role.description(), permissions, scopes);
    }

    private void audit(SecurityAudit.Type type, String detail) {
        UserPrincipal actor = security.require();
        security.audit().record(type, true, actor.username(), actor.id(), security.source(), detail);
    }

    private static EntityTag tag(Directory.RoleRecord role) {
        return EntityTag.valueOf(new EntityVersion(role.version()).etag());
    }
}
