package io.relata.api.reference;

import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;

/**
 * A legal entity or branch of the organisation. Subsidiaries form a tree: each has at most one parent.
 *
 * @param id           the subsidiary's id
 * @param name         what people call it, unique in the organisation
 * @param parentId     the id of the subsidiary it belongs to, or {@code null} for a top-level one
 * @param baseCurrency the currency it keeps its books in
 * @param timeZone     the time zone it works in
 * @param version      the optimistic-lock version, answered as ETag
 */
public record Subsidiary(String id, String name, String parentId, Currency baseCurrency, ZoneId timeZone,
                         long version) {

    public Subsidiary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseCurrency, "baseCurrency");
        Objects.requireNonNull(timeZone, "timeZone");
    }
}
