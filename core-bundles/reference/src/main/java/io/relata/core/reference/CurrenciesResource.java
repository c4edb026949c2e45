package io.relata.core.reference;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/currencies}: the currencies in circulation, which ones records may use, and the base currency. */
@Component(service = CurrenciesResource.class)
@CoreRoute
@Path("currencies")
@Produces(MediaType.APPLICATION_JSON)
public class CurrenciesResource {

    @Reference
    private JdbcCurrencies currencies;

    /** By code, all in one page: there are fewer than 200 currencies in circulation. */
    @GET
    public Page<Views.CurrencyView> list(@QueryParam("active") String active) {
        Boolean onlyActive = Queries.flag(active, "active");
        List<Views.CurrencyView> views = currencies.list().stream()
                .filter(entry -> onlyActive == null || entry.active() == onlyActive)
                .map(Views.CurrencyView::of).toList();
        return Page.last(views);
    }

    @GET
    @Path("base")
    public Views.BaseCurrency base() {
        return new Views.BaseCurrency(currencies.baseCurrency().getCurrencyCode());
    }

    /** Refused with 409 once exchange rates are recorded. */
    @PUT
    @Path("base")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("reference-data:write")
    public Views.BaseCurrency changeBase(Views.BaseCurrency request) {
        return new Views.BaseCurrency(currencies.changeBase(request == null ? null : request.currency())
                .getCurrencyCode());
    }

    @GET
    @Path("{code}")
    public Views.CurrencyView one(@PathParam("code") String code) {
        return JdbcCurrencies.circulating(code).flatMap(currencies::entry).map(Views.CurrencyView::of)
                .orElseThrow(() -> Problem.notFound("no currency " + code + " in circulation").toException());
    }

    @POST
    @Path("{code}/activate")
    @RequiresPermission("reference-data:write")
    public Views.CurrencyView activate(@PathParam("code") String code) {
        return Views.CurrencyView.of(currencies.setActive(code, true));
    }

    /** Refused with 409 for the base currency and for currencies subsidiaries keep their books in. */
    @POST
    @Path("{code}/deactivate")
    @RequiresPermission("reference-data:write")
    public Views.CurrencyView deactivate(@PathParam("code") String code) {
        return Views.CurrencyView.of(currencies.setActive(code, false));
    }
}
