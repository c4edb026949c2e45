package io.relata.core.reference;

import static io.relata.testing.Refusals.fieldsRejectedBy;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Currency;
import java.util.List;

import io.relata.api.reference.CurrencyEntry;

/** The currencies in circulation, which of them records may use, and the base currency. */
class CurrenciesTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency CNY = Currency.getInstance("CNY");

    @OnEveryDatabase
    void seedsTheCurrenciesInCirculationAsActiveWithUsdAsBase(ReferenceFixture fixture) {
        List<CurrencyEntry> currencies = fixture.currencies.list();

        assertThat(currencies).extracting(entry -> entry.currency().getCurrencyCode())
                .contains("CNY", "USD", "EUR", "JPY", "HKD", "GBP", "KWD")
                .doesNotContain("DEM", "FRF", "HRK", "XAU", "XXX", "CLF")
                .isSorted()
                .hasSize(CirculatingCurrencies.all().size());
        assertThat(currencies.size()).isGreaterThan(140);
        assertThat(currencies).allMatch(CurrencyEntry::active);
        assertThat(currencies).filteredOn(CurrencyEntry::base).extracting(CurrencyEntry::currency).containsExactly(USD);
        assertThat(fixture.currencies.baseCurrency()).isEqualTo(USD);
    }

    @OnEveryDatabase
    void isActiveTakesExactIsoCodesOfCurrenciesInCirculation(ReferenceFixture fixture) {
        assertThat(fixture.currencies.isActive("CNY")).isTrue();
        assertThat(fixture.currencies.isActive("JPY")).isTrue();
        for (String code : new String[] {"cny", " CNY", "DEM", "XAU", "ABC", "", "CNYY"}) {
            assertThat(fixture.currencies.isActive(code)).as(code).isFalse();
        }
        assertThat(fixture.currencies.isActive(null)).isFalse();
    }

    @OnEveryDatabase
    void theConfiguredBaseCurrencyCountsAtTheFirstStartOnly(ReferenceFixture fixture) {
        fixture.execute("DELETE FROM core_reference_setting");

        assertThat(fixture.startCurrencies("CNY").baseCurrency()).isEqualTo(CNY);
        assertThat(fixture.startCurrencies("EUR").baseCurrency()).as("a later start keeps it").isEqualTo(CNY);
    }

    @OnEveryDatabase
    void aConfiguredBaseCurrencyOutOfCirculationFallsBackToUsd(ReferenceFixture fixture) {
        fixture.execute("DELETE FROM core_reference_setting");

        assertThat(fixture.startCurrencies("DEM").baseCurrency()).isEqualTo(USD);
    }

    @OnEveryDatabase
    void startingAgainAddsMissingCurrenciesAndKeepsWhatAdministratorsChanged(ReferenceFixture fixture) {
        fixture.currencies.setActive("EUR", false);
        fixture.execute("DELETE FROM core_currency WHERE code = 'NZD'");

        JdbcCurrencies restarted = fixture.startCurrencies("USD");

        assertThat(restarted.isActive("EUR")).isFalse();
        assertThat(restarted.isActive("NZD")).isTrue();
        assertThat(restarted.list()).hasSize(CirculatingCurrencies.all().size());
    }

    @OnEveryDatabase
    void administratorsDeactivateAndActivateCurrencies(ReferenceFixture fixture) {
        CurrencyEntry deactivated = fixture.currencies.setActive("eur", false);

        assertThat(deactivated).isEqualTo(new CurrencyEntry(EUR, false, false));
        assertThat(fixture.currencies.isActive("EUR")).isFalse();
        assertThat(fixture.currencies.list()).filteredOn(entry -> !entry.active()).extracting(CurrencyEntry::currency)
                .containsExactly(EUR);

        fixture.currencies.setActive("EUR", true);

        assertThat(fixture.currencies.isActive("EUR")).isTrue();
    }

    @OnEveryDatabase
    void theBaseCurrencyAndTheBooksOfSubsidiariesStayActive(ReferenceFixture fixture) {
        fixture.subsidiaries.create(new JdbcSubsidiaries.SubsidiaryFields("Relata China", null, "CNY",
                "Asia/Shanghai"));

        assertThat(refusal(() -> fixture.currencies.setActive("USD", false)).status()).isEqualTo(409);
        assertThat(refusal(() -> fixture.currencies.setActive("CNY", false)).detail()).contains("Relata China");
        assertThat(fixture.currencies.isActive("USD")).isTrue();
        assertThat(fixture.currencies.isActive("CNY")).isTrue();
    }

    @OnEveryDatabase
    void onlyCurrenciesInCirculationCanBeActivated(ReferenceFixture fixture) {
        for (String code : new String[] {"DEM", "XAU", "ABC"}) {
            assertThat(refusal(() -> fixture.currencies.setActive(code, true)).status()).as(code).isEqualTo(404);
        }
    }

    @OnEveryDatabase
    void theBaseCurrencyChangesOnlyWhileNoExchangeRateIsRecorded(ReferenceFixture fixture) {
        assertThat(fixture.currencies.changeBase(" eur ")).isEqualTo(EUR);
        assertThat(fixture.currencies.baseCurrency()).isEqualTo(EUR);
        assertThat(fixture.currencies.list()).filteredOn(CurrencyEntry::base).extracting(CurrencyEntry::currency)
                .containsExactly(EUR);

        fixture.rates.record("USD", "CNY", "7.1", null);

        assertThat(refusal(() -> fixture.currencies.changeBase("CNY")).status()).isEqualTo(409);
        assertThat(fixture.currencies.changeBase("EUR")).as("no change is no problem").isEqualTo(EUR);
        assertThat(fixture.currencies.baseCurrency()).isEqualTo(EUR);
    }

    @OnEveryDatabase
    void theBaseCurrencyMustBeAnActiveCurrencyInCirculation(ReferenceFixture fixture) {
        fixture.currencies.setActive("GBP", false);

        for (String code : new String[] {"GBP", "DEM", "ABC", "", null}) {
            assertThat(fieldsRejectedBy(() -> fixture.currencies.changeBase(code))).as(code)
                    .containsExactly("currency");
        }
        assertThat(fixture.currencies.baseCurrency()).isEqualTo(USD);
    }
}
