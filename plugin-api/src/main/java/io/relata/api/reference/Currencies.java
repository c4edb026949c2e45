package io.relata.api.reference;

import java.util.Currency;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ISO 4217 currencies in circulation, which of them the organisation uses, and its base currency. Validate a
 * record's currency with {@link #isActive(String)}; an inactive currency stays valid on records that have it.
 */
@ProviderType
public interface Currencies {

    /** @return the currency the organisation reports in */
    Currency baseCurrency();

    /**
     * @param code an ISO 4217 code such as {@code CNY}, case-sensitive
     * @return whether new records may use the currency; {@code false} for codes that are not ISO 4217 currencies
     *         in circulation, and for {@code null}
     */
    boolean isActive(String code);

    /** @return every currency in circulation, active or not, by code */
    List<CurrencyEntry> list();
}
