package io.relata.core.reference;

import java.net.URI;
import java.time.LocalDate;
import java.util.Currency;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.reference.ExchangeRate;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.RequiresPermission;
import io.relata.core.rest.route.CoreRoute;

/** {@code /api/v1/exchange-rates}: dated rates, recorded by reference data administrators. */
@Component(service = ExchangeRatesResource.class)
@CoreRoute
@Path("exchange-rates")
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeRatesResource {

    @Reference
    private JdbcExchangeRates rates;

    /**
     * Recorded rates, newest effective date first.
     *
     * @param from only rates from this currency
     * @param to   only rates to this currency
     * @param date only rates effective on or before this day, {@code yyyy-MM-dd}
     */
    @GET
    public Page<Views.ExchangeRateView> list(@QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("date") String date, @QueryParam("limit") String limit,
                                             @QueryParam("cursor") String cursor) {
        Page<ExchangeRate> page = rates.list(Queries.currency(from, "from"),
                Queries.currency(to, "to"), Queries.date(date, "date"), PageRequest.of(limit, cursor));
        return new Page<>(page.items().stream().map(Views.ExchangeRateView::of).toList(), page.nextCursor());
    }

    /**
     * The rate that converts {@code from} into {@code to} on a day: the latest recorded on or before it, in either
     * direction (see {@link io.relata.api.reference.ExchangeRates}).
     *
     * @param date {@code yyyy-MM-dd}; today (UTC) when left out
     */
    @GET
    @Path("effective")
    public Views.EffectiveRateView effective(@QueryParam("from") String from, @QueryParam("to") String to,
                                             @QueryParam("date") String date) {
        Currency source = JdbcCurrencies.requireCirculating(from, "from");
        Currency target = JdbcCurrencies.requireCirculating(to, "to");
        LocalDate day = date == null || date.isBlank() ? rates.today() : Queries.date(date, "date");
        return rates.applicable(source, target, day).map(Views.EffectiveRateView::of)
                .orElseThrow(() -> Problem.notFound("no rate from " + source + " to " + target + " is effective on "
                        + day).toException());
    }

    @GET
    @Path("{id}")
    public Views.ExchangeRateView one(@PathParam("id") String id) {
        return rates.find(id).map(Views.ExchangeRateView::of).orElseThrow(() -> notFound(id));
    }

    /** Records a rate: 201 when it is new, 200 when it replaced the pair's rate of the same day. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission("reference-data:write")
    public Response record(Views.NewExchangeRate request) {
        Views.NewExchangeRate given = request == null ? new Views.NewExchangeRate(null, null, null, null) : request;
        JdbcExchangeRates.Recorded recorded = rates.record(given.from(), given.to(), given.rate(),
                given.effectiveDate());
        Views.ExchangeRateView view = Views.ExchangeRateView.of(recorded.rate());
        return recorded.created()
                ? Response.created(URI.create("exchange-rates/" + view.id())).entity(view).build()
                : Response.ok(view).build();
    }

    /** For a rate recorded by mistake; a rate that was merely superseded stays, as history. */
    @DELETE
    @Path("{id}")
    @RequiresPermission("reference-data:write")
    public Response delete(@PathParam("id") String id) {
        if (!rates.delete(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static RuntimeException notFound(String id) {
        return Problem.notFound("no exchange rate with id " + id).toException();
    }
}
