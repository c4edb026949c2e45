package io.relata.core.audit;

import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.audit.AuditEntry;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/audit?recordType=&recordId=}: one record's history, newest first. There is no permission of
 * its own: whoever may see the record (its module's read permission and data scope) may see its history, and
 * anyone else gets the 404 they would get from the module.
 */
@Component(service = AuditResource.class)
@CoreRoute
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final JdbcAuditTrail trail;

    @Activate
    public AuditResource(@Reference JdbcAuditTrail trail) {
        this.trail = trail;
    }

    @GET
    public Page<AuditEntry> history(@QueryParam("recordType") String recordType,
                                    @QueryParam("recordId") String recordId, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor) {
        List<FieldError> missing = new ArrayList<>();
        if (recordType == null || recordType.isBlank()) {
            missing.add(new FieldError("recordType", "is required"));
        }
        if (recordId == null || recordId.isBlank()) {
            missing.add(new FieldError("recordId", "is required"));
        }
        if (!missing.isEmpty()) {
            throw Problem.validation(missing).toException();
        }
        return trail.history(recordType, recordId, PageRequest.of(limit, cursor));
    }
}
