package io.relata.core.dashboard;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.metric.MetricData;
import io.relata.api.metric.MetricDescriptor;
import io.relata.api.metric.MetricRequest;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;
import io.relata.core.dashboard.MetricViews.MetricView;
import io.relata.core.dashboard.MetricViews.ResultView;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/dashboard/metrics}: the charts of the home dashboard the caller may see, and
 * {@code GET /api/v1/dashboard/metrics/{id}?weeks=}: one of them computed for the caller. Each metric is asked
 * for on its own so that one slow or failing provider delays or fails its own card alone.
 */
@Component(service = DashboardResource.class)
@CoreRoute
@Path("dashboard/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardResource.class);

    private final MetricRegistry registry;
    private final CurrentUser currentUser;
    private final AccessControl access;

    @Activate
    public DashboardResource(@Reference MetricRegistry registry, @Reference CurrentUser currentUser,
                             @Reference AccessControl access) {
        this.registry = registry;
        this.currentUser = currentUser;
        this.access = access;
    }

    @GET
    public Response list() {
        return Response.ok(metrics()).cacheControl(noStore()).build();
    }

    /**
     * @param weeks for a metric over a period: how many weeks, 1 to 52; its default when left out
     */
    @GET
    @Path("{id}")
    public Response metric(@PathParam("id") String id, @QueryParam("weeks") String weeks) {
        return Response.ok(compute(id, weeks)).cacheControl(noStore()).build();
    }

    /** @return the metrics the caller may see, in dashboard order */
    Page<MetricView> metrics() {
        UserPrincipal user = currentUser.require();
        String language = language(user);
        return Page.last(registry.visibleTo(user).stream()
                .map(entry -> MetricView.of(entry.descriptor(), language)).toList());
    }

    /** @return the metric computed for the caller */
    ResultView compute(String id, String weeks) {
        UserPrincipal user = currentUser.require();
        MetricRegistry.Entry entry = registry.find(id)
                .orElseThrow(() -> Problem.notFound("no metric " + id).toException());
        MetricDescriptor descriptor = entry.descriptor();
        if (descriptor.permission() != null) {
            access.require(descriptor.permission());
        }
        int chosen = weeks(weeks, descriptor);
        ZoneId zone = zone(user);
        MetricData data;
        try {
            data = entry.provider().compute(new MetricRequest(chosen, zone, language(user)));
        } catch (ProblemException problem) {
            throw problem;
        } catch (RuntimeException failed) {
            LOG.warn("Metric {} failed for user {}", id, user.username(), failed);
            throw Problem.of(500, "metric-failed", "Metric failed",
                    "the metric " + id + " could not be computed; the other metrics are not affected").toException();
        }
        if (data == null) {
            data = MetricData.of(List.of());
        }
        return ResultView.of(descriptor, descriptor.periodic() ? chosen : null, zone.getId(), data);
    }

    static int weeks(String weeks, MetricDescriptor descriptor) {
        if (weeks == null || weeks.isBlank()) {
            return Math.max(1, descriptor.defaultWeeks());
        }
        try {
            int value = Integer.parseInt(weeks.strip());
            if (value >= 1 && value <= MetricRequest.MAX_WEEKS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problem.validation("weeks", "is a whole number from 1 to " + MetricRequest.MAX_WEEKS).toException();
    }

    static ZoneId zone(UserPrincipal user) {
        try {
            return user.timeZone() == null || user.timeZone().isBlank() ? ZoneOffset.UTC : ZoneId.of(user.timeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static String language(UserPrincipal user) {
        return user.locale() != null && user.locale().toLowerCase(java.util.Locale.ROOT).startsWith("zh") ? "zh-CN"
                : "en";
    }

    private static CacheControl noStore() {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return noStore;
    }
}
