package io.relata.core.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

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
import io.relata.api.security.UserPrincipal;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/admin/teams}: teams, whose members share TEAM-scoped records. */
@Component(service = TeamsResource.class)
@CoreRoute
@Path("admin/teams")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("teams:write")
public class TeamsResource {

    @Reference
    private SecurityService security;

    @Reference
    private Transactions transactions;

    @GET
    @RequiresPermission("teams:read")
    public Page<Views.TeamView> list() {
        return Page.last(security.directory().teams().stream().map(Views.TeamView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Views.TeamChanges request) {
        Views.TeamChanges team = validate(request);
        String id = transactions.required(() -> {
            if (security.directory().teams().stream().anyMatch(other -> other.name().equals(team.name()))) {
                throw Problem.conflict("a team named " + team.name() + " exists").toException();
            }
            String created = security.directory().createTeam(team.name(), team.members());
            audit("created " + team.name() + " with " + team.members());
            return created;
        });
        Directory.TeamRecord created = security.directory().team(id).orElseThrow();
        return Response.created(URI.create("admin/teams/" + id)).entity(Views.TeamView.of(created))
                .tag(EntityTag.valueOf(new EntityVersion(created.version()).etag())).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        Directory.TeamRecord team = security.directory().team(id)
                .orElseThrow(() -> Problem.notFound("no team with id " + id).toException());
        new EntityVersion(team.version()).requireMatch(ifMatch);
        Views.TeamChanges changes = validate(patch.applyTo(new Views.TeamChanges(team.name(), team.members()),
                Views.TeamChanges.class));
        transactions.required(() -> {
            if (!security.directory().updateTeam(id, team.version(), changes.name(), changes.members())) {
                throw Problem.preconditionFailed("the team changed since you read it").toException();
            }
            audit(team.name() + ": " + team.members() + " -> " + changes.name() + ": " + changes.members());
            return null;
        });
        Directory.TeamRecord changed = security.directory().team(id).orElseThrow();
        return Response.ok(Views.TeamView.of(changed))
                .tag(EntityTag.valueOf(new EntityVersion(changed.version()).etag())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Directory.TeamRecord team = security.directory().team(id)
                .orElseThrow(() -> Problem.notFound("no team with id " + id).toException());
        transactions.required(() -> {
            security.directory().deleteTeam(id);
            audit("deleted " + team.name());
            return null;
        });
        return Response.noContent().build();
    }

    private Views.TeamChanges validate(Views.TeamChanges team) {
        List<FieldError> errors = new ArrayList<>();
        String name = team == null || team.name() == null ? "" : team.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.add(new FieldError("name", "1 to 100 characters"));
        }
        List<String> members = team == null || team.members() == null ? List.of() : team.members();
        if (members.size() > 1000) {
            errors.add(new FieldError("members", "at most 1000 members"));
        }
        for (String member : members) {
            if (member == null || security.directory().user(member).isEmpty()) {
                errors.add(new FieldError("members", "no user with id " + member));
            }
        }
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return new Views.TeamChanges(name, members);
    }

    private void audit(String detail) {
        UserPrincipal actor = security.require();
        security.audit().record(SecurityAudit.Type.TEAM_CHANGED, true, actor.username(), actor.id(), security.source(),
                detail);
    }
}
