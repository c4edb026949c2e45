package io.relata.api.metric;

import java.math.BigDecimal;
import java.util.Objects;

import io.relata.api.money.Money;

/**
 * A number on a chart: a count, or an amount of money.
 *
 * @param amount   the value; a count has scale 0
 * @param currency the ISO 4217 code of money, {@code null} for a count
 */
public record MetricValue(BigDecimal amount, String currency) {

    public MetricValue {
        Objects.requireNonNull(amount, "amount");
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
    }

    public static MetricValue count(long count) {
        return new MetricValue(BigDecimal.valueOf(count), null);
    }

    public static MetricValue money(Money money) {
        return new MetricValue(money.amount(), money.currency().getCurrencyCode());
    }

    public boolean isMoney() {
        return currency != null;
    }
}
