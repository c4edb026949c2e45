package io.relata.core.reference;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.relata.api.reference.CurrencyEntry;
import io.relata.api.reference.ExchangeRate;
import io.relata.api.reference.Subsidiary;

/**
 * What the reference data resources answer and take. Currencies travel as ISO codes and rates as decimal strings,
 * like money amounts, so no client rounds a rate through a binary floating point number.
 */
final class Views {

    private Views() {
    }

    public record SubsidiaryView(String id, String name, String parentId, String baseCurrency, String timeZone,
                                 long version) {
        static SubsidiaryView of(Subsidiary subsidiary) {
            return new SubsidiaryView(subsidiary.id(), subsidiary.name(), subsidiary.parentId(),
                    subsidiary.baseCurrency().getCurrencyCode(), subsidiary.timeZone().getId(), subsidiary.version());
        }
    }

    /** A new subsidiary, and the fields a merge patch changes. */
    public record SubsidiaryChanges(String name, String parentId, String baseCurrency, String timeZone) {
        static SubsidiaryChanges of(Subsidiary subsidiary) {
            return new SubsidiaryChanges(subsidiary.name(), subsidiary.parentId(),
                    subsidiary.baseCurrency().getCurrencyCode(), subsidiary.timeZone().getId());
        }

        JdbcSubsidiaries.SubsidiaryFields toFields() {
            return new JdbcSubsidiaries.SubsidiaryFields(name, parentId, baseCurrency, timeZone);
        }
    }

    public record CurrencyView(String code, String name, int fractionDigits, boolean active, boolean base) {
        static CurrencyView of(CurrencyEntry entry) {
            return new CurrencyView(entry.currency().getCurrencyCode(),
                    entry.currency().getDisplayName(Locale.ENGLISH), entry.currency().getDefaultFractionDigits(),
                    entry.active(), entry.base());
        }
    }

    public record BaseCurrency(String currency) {
    }

    public record ExchangeRateView(String id, String from, String to, String rate, LocalDate effectiveDate,
                                   Instant recordedAt, String recordedBy) {
        static ExchangeRateView of(ExchangeRate rate) {
            return new ExchangeRateView(rate.id(), rate.from().getCurrencyCode(), rate.to().getCurrencyCode(),
                    rate.rate().toPlainString(), rate.effectiveDate(), rate.recordedAt(), rate.recordedBy());
        }
    }

    /** @param effectiveDate {@code yyyy-MM-dd}; today (UTC) when left out */
    public record NewExchangeRate(String from, String to, String rate, String effectiveDate) {
    }

    /**
     * The rate of a pair on a day.
     *
     * @param inverse  whether it is the inverse of a rate recorded the other way
     * @param recorded the recorded rate it comes from; {@code null} for a currency against itself
     */
    public record EffectiveRateView(String from, String to, LocalDate date, String rate, boolean inverse,
                                    ExchangeRateView recorded) {
        static EffectiveRateView of(JdbcExchangeRates.AppliedRate applied) {
            return new EffectiveRateView(applied.from().getCurrencyCode(), applied.to().getCurrencyCode(),
                    applied.date(), applied.rate().toPlainString(), applied.inverse(),
                    applied.recorded() == null ? null : ExchangeRateView.of(applied.recorded()));
        }
    }

    public record PicklistView(String name, List<PicklistValueView> values) {
    }

    public record PicklistValueView(String key, Map<String, String> labels, int position, boolean active,
                                    long version) {
        static PicklistValueView of(JdbcPicklists.StoredValue stored) {
            return new PicklistValueView(stored.value().key(), stored.value().labels(), stored.value().position(),
                    stored.value().active(), stored.version());
        }
    }

    /**
     * @param labels   by locale ({@code en}, {@code zh-CN}); replaces every label the value had
     * @param position left out: a changed value keeps its place, a new one goes last
     * @param active   left out: a changed value keeps its state, a new one is active
     */
    public record PicklistValueChanges(Map<String, String> labels, Integer position, Boolean active) {
        JdbcPicklists.ValueFields toFields() {
            return new JdbcPicklists.ValueFields(labels, position, active);
        }
    }
}
