package io.relata.core.customers.transfer;

import java.io.InputStream;
import java.net.URI;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.job.JobStatus;
import io.relata.api.rest.Page;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/imports}: CSV imports of customers, contacts and leads. Upload the file, look at the headers and
 * the suggested mapping, start (a dry run first, if you like), follow the job, read the rejected rows.
 */
@Component(service = ImportsResource.class)
@CoreRoute
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission(ImportService.IMPORT)
public class ImportsResource {

    @Reference
    private ImportService imports;

    /**
     * The raw CSV file as the body. {@code encoding} (UTF-8, GBK, GB18030) defaults to the {@code charset} of the
     * Content-Type, then to UTF-8; {@code fileName} names the import's job.
     */
    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@QueryParam("recordType") String recordType, @QueryParam("encoding") String encoding,
                           @QueryParam("fileName") String fileName, @Context HttpHeaders headers, InputStream body) {
        String charset = encoding;
        if ((charset == null || charset.isBlank()) && headers.getMediaType() != null) {
            charset = headers.getMediaType().getParameters().get(MediaType.CHARSET_PARAMETER);
        }
        ImportView created = imports.upload(recordType, charset, fileName, body);
        return Response.created(URI.create("imports/" + created.id())).entity(created).build();
    }

    @GET
    @Path("{id}")
    public ImportView one(@PathParam("id") String id) {
        return imports.find(id);
    }

    /** Answers 202 with the job; follow it at {@code /api/v1/jobs/{id}}. */
    @POST
    @Path("{id}/start")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("id") String id, StartRequest request) {
        JobStatus job = imports.start(id, request);
        return Response.accepted(job).location(URI.create("jobs/" + job.id())).build();
    }

    /** The rows the last run rejected or skipped, in row order: {@code {row, field, message, kind}}. */
    @GET
    @Path("{id}/errors")
    public Page<RowIssue> errors(@PathParam("id") String id, @QueryParam("limit") String limit,
                                 @QueryParam("cursor") String cursor) {
        return imports.issues(id, limit, cursor);
    }
}
