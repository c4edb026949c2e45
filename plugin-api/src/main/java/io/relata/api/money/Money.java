package io.relata.api.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency. On the wire: {@code {"amount":"123.45","currency":"CNY"}}, the amount
 * as a string so no client rounds it through a binary floating point number.
 *
 * @param amount   the amount, any scale (unit prices may carry more digits than the currency's minor unit)
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    /**
     * @param amount       a plain decimal such as {@code 123.45}
     * @param currencyCode an ISO 4217 code such as {@code CNY}
     * @throws IllegalArgumentException when either is not valid
     */
    public static Money of(String amount, String currencyCode) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currencyCode, "currency");
        try {
            return new Money(new BigDecimal(amount.trim()), Currency.getInstance(currencyCode.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal amount: " + amount, e);
        }
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** Equal amounts regardless of scale: 1.5 CNY and 1.50 CNY are the same money. */
    public boolean sameValueAs(Money other) {
        return currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
        return other;
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
