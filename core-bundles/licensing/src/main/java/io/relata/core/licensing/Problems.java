package io.relata.core.licensing;

import javax.ws.rs.core.Response;

import io.relata.api.license.License;
import io.relata.api.license.LicenseStatus;
import io.relata.api.rest.Problem;

/** License problems as responses (the REST application's mappers only see exceptions, not aborted requests). */
final class Problems {

    private Problems() {
    }

    static Response forbidden(String detail, LicenseStatus status) {
        Problem problem = Problem.of(403, "license-read-only", "Licensed module is read-only", detail)
                .with("license", status.current().map(License::id).orElse(null))
                .with("licenseState", status.state().name());
        return Response.status(403).type("application/problem+json").entity(problem).build();
    }
}
