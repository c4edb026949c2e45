package io.relata.core.jobs;

import java.time.Instant;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.job.JobState;
import io.relata.api.job.JobStatus;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code /api/v1/jobs}: the caller's background jobs and their progress. Every signed-in user may follow and
 * cancel their own; {@value JobService#READ_ALL} shows everyone's and {@value JobService#MANAGE} cancels them.
 */
@Component(service = JobResource.class)
@CoreRoute
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    /**
     * A job as the API answers it: its status plus {@code percent}, which JSON would otherwise leave out.
     *
     * @param percent 0 to 100, or -1 while the total is unknown
     */
    public record JobView(String id, String kind, String title, JobState state, long total, long processed,
                          long succeeded, long failed, int percent, String message, Map<String, Object> result,
                          String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt) {

        static JobView of(JobStatus job) {
            return new JobView(job.id(), job.kind(), job.title(), job.state(), job.total(), job.processed(),
                    job.succeeded(), job.failed(), job.percent(), job.message(), job.result(), job.createdBy(),
                    job.createdAt(), job.startedAt(), job.finishedAt());
        }
    }

    private final JobService jobs;
    private final AccessControl access;

    @Activate
    public JobResource(@Reference JobService jobs, @Reference AccessControl access) {
        this.jobs = jobs;
        this.access = access;
    }

    /**
     * Newest first.
     *
     * @param mine {@code false} lists everyone's jobs, which needs {@value JobService#READ_ALL}
     * @param kind only jobs of this kind, e.g. {@code customer.import}
     */
    @GET
    public Page<JobView> list(@QueryParam("mine") String mine, @QueryParam("kind") String kind,
                              @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Page<JobStatus> page = jobs.list(onlyMine(mine), kind == null || kind.isBlank() ? null : kind.strip(),
                PageRequest.of(limit, cursor));
        return new Page<>(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }

    @GET
    @Path("{id}")
    public JobView one(@PathParam("id") String id) {
        return JobView.of(jobs.find(id).orElseThrow(() -> notFound(id)));
    }

    /**
     * A queued job ends CANCELLED at once, a running one once its work next checks, so the answer (the job as
     * stored now) may still say RUNNING.
     */
    @POST
    @Path("{id}/cancel")
    public JobView cancel(@PathParam("id") String id) {
        return switch (jobs.cancelForCaller(id)) {
            case NOT_FOUND -> throw notFound(id);
            case NOT_ALLOWED -> {
                access.require(JobService.MANAGE); // answers 403 and records the denial in the security audit
                throw Problem.of(403, "forbidden", "Forbidden", "this needs the permission " + JobService.MANAGE)
                        .toException();
            }
            case FINISHED -> throw Problem.conflict("job " + id + " has finished; there is nothing to cancel")
                    .toException();
            // read without the visibility rule: a manager may cancel jobs without the right to list them all
            case CANCELLING -> JobView.of(jobs.stored(id).orElseThrow(() -> notFound(id)));
        };
    }

    private static boolean onlyMine(String mine) {
        if (mine == null || mine.isBlank() || mine.strip().equalsIgnoreCase("true")) {
            return true;
        }
        if (mine.strip().equalsIgnoreCase("false")) {
            return false;
        }
        throw Problem.validation("mine", "must be true or false").toException();
    }

    private static ProblemException notFound(String id) {
        return Problem.notFound("no job with id " + id).toException();
    }
}
