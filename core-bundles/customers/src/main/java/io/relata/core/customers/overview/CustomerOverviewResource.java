package io.relata.core.customers.overview;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/**
 * {@code GET /api/v1/customers/{id}/overview}: a customer's 360 view.
 *
 * <p>A root resource of its own, with the whole sub-path as its {@code @Path}: JAX-RS picks the root resource
 * with the longest literal path first, so this one takes exactly {@code customers/{id}/overview} and leaves every
 * other path below {@code customers} to the customers resource. A second class at {@code @Path("customers")}
 * would compete with that resource for all of them.
 */
@Component(service = CustomerOverviewResource.class)
@CoreRoute
@Path("customers/{id}/overview")
@Produces(MediaType.APPLICATION_JSON)
@RequiresPermission("customers:read")
public class CustomerOverviewResource {

    @Reference
    private CustomerOverviews overviews;

    @GET
    public CustomerOverview overview(@PathParam("id") String id) {
        return overviews.of(id);
    }
}
