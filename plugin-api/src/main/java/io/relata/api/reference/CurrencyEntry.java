package io.relata.api.reference;

import java.util.Currency;
import java.util.Objects;

/**
 * A currency as the organisation uses it.
 *
 * @param currency the ISO 4217 currency
 * @param active   whether new records may use it
 * @param base     whether it is the organisation's base currency (always active)
 */
public record CurrencyEntry(Currency currency, boolean active, boolean base) {

    public CurrencyEntry {
        Objects.requireNonNull(currency, "currency");
    }
}
