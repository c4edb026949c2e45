package io.relata.core.customfields;

import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/custom-fields}: every signed-in user reads the definitions, since every form shows custom fields;
 * changing them needs {@code custom-fields:write}.
 */
@Component(service = CustomFieldsResource.class)
@CoreRoute
@Path("custom-fields")
@Produces(MediaType.APPLICATION_JSON)
public class CustomFieldsResource {

    @Reference
    private JdbcCustomFields fields;

    /**
     * By record type, position and key; a record type has too few fields to page through.
     *
     * @param recordType      only this record type's fields; left out, every record type's
     * @param includeInactive {@code true} adds the deleted fields, which an administrator may make active again
     */
    @GET
    public Page<Views.FieldView> list(@QueryParam("recordType") String recordType,
                                      @QueryParam("includeInactive") String includeInactive) {
        String type = recordType == null || recordType.isBlank() ? null : recordType.strip();
        if (type != null && !DefinitionRules.RECORD_TYPE.matcher(type).matches()) {
            throw Problem.validation("recordType", "is not a record type such as customer").toException();
        }
        boolean inactiveToo = flag(includeInactive, "includeInactive");
        return Page.last(fields.list(type, inactiveToo).stream().map(Views.FieldView::of).toList());
    }

    @GET
    @Path("{id}")
    public Response one(@PathParam("id") String id) {
        CustomFieldDefinition field = fields.find(id).orElseThrow(() -> JdbcCustomFields.notFound(id));
        return withTag(Response.ok(Views.FieldView.of(field)), field).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("custom-fields:write")
    public Response create(Views.FieldChanges request) {
        if (request == null) {
            throw Problem.validation("recordType", "is required").toException();
        }
        CustomFieldDefinition created = fields.create(request.toFields());
        return withTag(Response.created(URI.create("custom-fields/" + created.id()))
                .entity(Views.FieldView.of(created)), created).build();
    }

    /** Also makes a deleted field active again, with {@code {"active": true}}. */
    @PATCH
    @Path("{id}")
    @Consumes(MergePatch.MEDIA_TYPE)
    @RequiresPermission("custom-fields:write")
    public Response change(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           MergePatch patch) {
        CustomFieldDefinition current = fields.find(id).orElseThrow(() -> JdbcCustomFields.notFound(id));
        new EntityVersion(current.version()).requireMatch(ifMatch);
        Views.FieldChanges changed = patch.applyTo(Views.FieldChanges.of(current), Views.FieldChanges.class);
        CustomFieldDefinition updated = fields.change(id, current.version(), changed.toFields());
        return withTag(Response.ok(Views.FieldView.of(updated)), updated).build();
    }

    /**
     * Deactivates the field: forms no longer show it and writes no longer take it, but records keep their values
     * for it, which come back should it be made active again.
     */
    @DELETE
    @Path("{id}")
    @RequiresPermission("custom-fields:write")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        CustomFieldDefinition current = fields.find(id).orElseThrow(() -> JdbcCustomFields.notFound(id));
        if (ifMatch != null && !ifMatch.isBlank()) {
            new EntityVersion(current.version()).requireMatch(ifMatch);
        }
        fields.deactivate(id);
        return Response.noContent().build();
    }

    private static boolean flag(String value, String name) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problem.validation(name, "is true or false").toException();
        };
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder response, CustomFieldDefinition field) {
        return response.tag(EntityTag.valueOf(new EntityVersion(field.version()).etag()));
    }
}
