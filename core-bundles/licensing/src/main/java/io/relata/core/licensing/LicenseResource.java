package io.relata.core.licensing;

import java.sql.SQLException;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.Problem;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/admin/license}: show, install (the signed document as the body) and remove the license. */
@Component(service = LicenseResource.class)
@CoreRoute
@Path("admin/license")
@RequiresPermission("license:manage")
@Produces(MediaType.APPLICATION_JSON)
public class LicenseResource {

    @Reference
    private LicenseService licenses;

    @Reference
    private CurrentUser caller;

    @GET
    @RequiresPermission("license:read")
    public LicenseView show() {
        return LicenseView.of(licenses.status());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public LicenseView install(String document) throws SQLException {
        try {
            return LicenseView.of(licenses.install(document, caller.require().username()));
        } catch (InvalidLicenseException e) {
            throw Problem.of(400, "invalid-license", "Invalid license",
                    e.getMessage() + "; the license in force is unchanged").toException();
        }
    }

    @DELETE
    public LicenseView remove() throws SQLException {
        return LicenseView.of(licenses.remove(caller.require().username()));
    }
}
