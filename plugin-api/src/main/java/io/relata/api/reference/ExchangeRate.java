package io.relata.api.reference;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Objects;

/**
 * A rate an administrator recorded: one unit of {@code from} buys {@code rate} units of {@code to}, from
 * {@code effectiveDate} until a later rate of the same pair takes over.
 *
 * @param id            the rate's id
 * @param from          the currency converted from
 * @param to            the currency converted to
 * @param rate          units of {@code to} per unit of {@code from}, positive, at most 12 decimal places
 * @param effectiveDate the first day the rate applies
 * @param recordedAt    when it was recorded
 * @param recordedBy    who recorded it (a username, or {@code system})
 */
public record ExchangeRate(String id, Currency from, Currency to, BigDecimal rate, LocalDate effectiveDate,
                           Instant recordedAt, String recordedBy) {

    public ExchangeRate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
    }
}
