package io.relata.api.reference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.relata.api.money.Money;

/**
 * Dated exchange rates. The rate of a pair on a day is the latest one recorded with an effective date on or before
 * that day, in either direction: a rate recorded only as {@code CNY→USD} also answers {@code USD→CNY}, inverted.
 * When both directions have a rate of the same day, the one recorded in the asked direction wins.
 */
@ProviderType
public interface ExchangeRates {

    /**
     * @return units of {@code to} per unit of {@code from} on {@code date}; {@code 1} when both are the same
     *         currency; empty when no rate of the pair is effective on that day
     */
    Optional<BigDecimal> rate(Currency from, Currency to, LocalDate date);

    /**
     * Converts an amount at the rate of {@code date}, rounded half-even to the target currency's minor unit
     * (2 places for CNY, 0 for JPY). An amount already in {@code to} comes back unchanged.
     *
     * @return the converted money; empty when no rate of the pair is effective on that day
     */
    Optional<Money> convert(Money money, Currency to, LocalDate date);
}
