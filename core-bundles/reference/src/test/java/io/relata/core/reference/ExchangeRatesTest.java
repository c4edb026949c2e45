package io.relata.core.reference;

import static io.relata.testing.Refusals.fieldsRejectedBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import io.relata.api.money.Money;
import io.relata.api.reference.ExchangeRate;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;

/** Recording dated rates, finding the one of a day (either direction), and converting money with it. */
class ExchangeRatesTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency CNY = Currency.getInstance("CNY");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency KWD = Currency.getInstance("KWD");
    private static final Currency EUR = Currency.getInstance("EUR");

    // ---- looking rates up ----------------------------------------------------------------------------------

    @OnEveryDatabase
    void theRateOfADayIsTheLatestOnOrBeforeIt(ReferenceFixture fixture) {
        fixture.rates.record("USD", "CNY", "7.0", "2024-01-01");
        fixture.rates.record("USD", "CNY", "7.2", "2024-02-01");

        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2023, 12, 31))).as("before the first").isEmpty();
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 1))).hasValue(new BigDecimal("7"));
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 31))).hasValue(new BigDecimal("7"));
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 2, 1))).hasValue(new BigDecimal("7.2"));
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2030, 1, 1))).hasValue(new BigDecimal("7.2"));
        assertThat(fixture.rates.rate(USD, EUR, LocalDate.of(2030, 1, 1))).as("another pair").isEmpty();
    }

    @OnEveryDatabase
    void aRateRecordedOnlyTheOtherWayAnswersInverted(ReferenceFixture fixture) {
        fixture.rates.record("CNY", "USD", "0.14", "2024-01-01");

        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 2)))
                .hasValue(BigDecimal.ONE.divide(new BigDecimal("0.14"), MathContext.DECIMAL64));
        assertThat(fixture.rates.rate(CNY, USD, LocalDate.of(2024, 1, 2))).hasValue(new BigDecimal("0.14"));
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2023, 12, 31))).isEmpty();

        fixture.rates.record("JPY", "USD", "0.008", "2024-01-01");

        assertThat(fixture.rates.rate(USD, JPY, LocalDate.of(2024, 1, 2))).as("no exponent form")
                .hasValueSatisfying(rate -> assertThat(rate.toString()).isEqualTo("125"));
    }

    @OnEveryDatabase
    void theNewerDirectionWinsAndTheAskedOneOnTheSameDay(ReferenceFixture fixture) {
        fixture.rates.record("USD", "CNY", "7.0", "2024-01-01");
        fixture.rates.record("CNY", "USD", "0.125", "2024-02-01");

        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 15))).hasValue(new BigDecimal("7"));
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 2, 15))).as("the newer, inverted")
                .hasValue(new BigDecimal("8"));

        fixture.rates.record("USD", "CNY", "7.5", "2024-02-01");

        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 2, 15))).hasValue(new BigDecimal("7.5"));
        assertThat(fixture.rates.rate(CNY, USD, LocalDate.of(2024, 2, 15))).hasValue(new BigDecimal("0.125"));
    }

    @OnEveryDatabase
    void aCurrencyConvertsIntoItselfAtOne(ReferenceFixture fixture) {
        Money price = Money.of("12.345", "CNY");

        assertThat(fixture.rates.rate(CNY, CNY, LocalDate.of(2024, 1, 1))).hasValue(BigDecimal.ONE);
        assertThat(fixture.rates.convert(price, CNY, LocalDate.of(2024, 1, 1))).as("unchanged, not rounded")
                .hasValue(price);
    }

    // ---- converting ----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void conversionRoundsHalfEvenToTheMinorUnitOfTheTarget(ReferenceFixture fixture) {
        fixture.rates.record("USD", "CNY", "7.125", "2024-01-01");
        fixture.rates.record("USD", "JPY", "150.5", "2024-01-01");
        fixture.rates.record("USD", "KWD", "0.30725", "2024-01-01");
        LocalDate day = LocalDate.of(2024, 6, 1);

        assertThat(convert(fixture, "1", "USD", CNY, day)).isEqualTo(Money.of("7.12", "CNY"));
        assertThat(convert(fixture, "3", "USD", CNY, day)).isEqualTo(Money.of("21.38", "CNY"));
        assertThat(convert(fixture, "1.01", "USD", CNY, day)).isEqualTo(Money.of("7.20", "CNY"));
        assertThat(convert(fixture, "1", "USD", JPY, day)).isEqualTo(Money.of("150", "JPY"));
        assertThat(convert(fixture, "3", "USD", JPY, day)).isEqualTo(Money.of("452", "JPY"));
        assertThat(convert(fixture, "10", "USD", KWD, day)).isEqualTo(Money.of("3.072", "KWD"));
        assertThat(convert(fixture, "-1", "USD", CNY, day)).as("credits too").isEqualTo(Money.of("-7.12", "CNY"));
    }

    @OnEveryDatabase
    void conversionWithAnInvertedRateRoundsOnce(ReferenceFixture fixture) {
        fixture.rates.record("CNY", "USD", "0.14", "2024-01-01");
        fixture.rates.record("JPY", "USD", "0.0066", "2024-01-01");
        LocalDate day = LocalDate.of(2024, 6, 1);

        assertThat(convert(fixture, "100", "USD", CNY, day)).isEqualTo(Money.of("714.29", "CNY"));
        assertThat(convert(fixture, "0.07", "USD", CNY, day)).isEqualTo(Money.of("0.50", "CNY"));
        assertThat(convert(fixture, "1000", "JPY", USD, day)).isEqualTo(Money.of("6.60", "USD"));
        assertThat(convert(fixture, "6.6", "USD", JPY, day)).isEqualTo(Money.of("1000", "JPY"));
    }

    @OnEveryDatabase
    void withoutARateThereIsNoConversion(ReferenceFixture fixture) {
        fixture.rates.record("USD", "CNY", "7.1", "2024-02-01");

        assertThat(fixture.rates.convert(Money.of("1", "USD"), CNY, LocalDate.of(2024, 1, 31))).isEmpty();
        assertThat(fixture.rates.convert(Money.of("1", "USD"), EUR, LocalDate.of(2024, 2, 1))).isEmpty();
    }

    // ---- recording -----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void recordsARateWithWhoAndWhen(ReferenceFixture fixture) {
        JdbcExchangeRates.Recorded recorded = fixture.rates.record(" usd", "cny ", "7.10", "2024-01-31");

        assertThat(recorded.created()).isTrue();
        ExchangeRate rate = recorded.rate();
        assertThat(rate.from()).isEqualTo(USD);
        assertThat(rate.to()).isEqualTo(CNY);
        assertThat(rate.rate()).isEqualTo(new BigDecimal("7.1"));
        assertThat(rate.effectiveDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(rate.recordedAt()).isEqualTo(fixture.clock.instant());
        assertThat(rate.recordedBy()).isEqualTo("system");
        assertThat(fixture.rates.find(rate.id())).hasValue(rate);
    }

    @OnEveryDatabase
    void withoutADayARateTakesEffectToday(ReferenceFixture fixture) {
        assertThat(fixture.rates.record("USD", "CNY", "7.1", null).rate().effectiveDate())
                .isEqualTo(ReferenceFixture.TODAY);
        assertThat(fixture.rates.record("USD", "EUR", "0.9", " ").rate().effectiveDate())
                .isEqualTo(ReferenceFixture.TODAY);
    }

    @OnEveryDatabase
    void recordingThePairOnTheSameDayAgainReplacesTheRate(ReferenceFixture fixture) {
        ExchangeRate first = fixture.rates.record("USD", "CNY", "7.1", "2024-01-31").rate();

        JdbcExchangeRates.Recorded second = fixture.rates.record("USD", "CNY", "7.15", "2024-01-31");

        assertThat(second.created()).isFalse();
        assertThat(second.rate().id()).isEqualTo(first.id());
        assertThat(second.rate().rate()).isEqualTo(new BigDecimal("7.15"));
        assertThat(fixture.count("SELECT COUNT(*) FROM core_exchange_rate")).isEqualTo(1);
    }

    @OnEveryDatabase
    void ratesKeepTwelveDecimalPlacesAndEighteenDigitsBeforeThePoint(ReferenceFixture fixture) {
        assertThat(fixture.rates.record("USD", "IRR", "42000.000000000001", "2024-01-01").rate().rate())
                .isEqualTo(new BigDecimal("42000.000000000001"));
        assertThat(fixture.rates.record("IDR", "USD", "0.000064000000000000", "2024-01-01").rate().rate())
                .as("trailing zeros are no decimal places").isEqualTo(new BigDecimal("0.000064"));
        assertThat(fixture.rates.record("USD", "VND", "999999999999999999", "2024-01-01").rate().rate())
                .isEqualTo(new BigDecimal("999999999999999999"));
    }

    @OnEveryDatabase
    void eachInvalidFieldIsNamed(ReferenceFixture fixture) {
        fixture.currencies.setActive("GBP", false);

        for (String rate : new String[] {"0", "-1", "0.0000000000000", "abc", "1,5", "1.0000000000001",
                "1000000000000000000", "", null}) {
            assertThat(fieldsRejectedBy(() -> fixture.rates.record("USD", "CNY", rate, null))).as(rate)
                    .containsExactly("rate");
        }
        for (String code : new String[] {"XYZ", "DEM", "XAU", "GBP", "US", "", null}) {
            assertThat(fieldsRejectedBy(() -> fixture.rates.record(code, "CNY", "1", null))).as(code)
                    .containsExactly("from");
            assertThat(fieldsRejectedBy(() -> fixture.rates.record("CNY", code, "1", null))).as(code)
                    .containsExactly("to");
        }
        assertThat(fieldsRejectedBy(() -> fixture.rates.record("CNY", "cny", "1", null))).containsExactly("to");
        for (String date : new String[] {"2024-13-01", "2024-02-30", "31.01.2024", "2024-1-5"}) {
            assertThat(fieldsRejectedBy(() -> fixture.rates.record("USD", "CNY", "7", date))).as(date)
                    .containsExactly("effectiveDate");
        }
        assertThat(fieldsRejectedBy(() -> fixture.rates.record("DEM", "DEM", "-1", "tomorrow")))
                .containsExactly("from", "to", "rate", "effectiveDate");
        assertThat(fixture.count("SELECT COUNT(*) FROM core_exchange_rate")).isZero();
    }

    // ---- listing and deleting ------------------------------------------------------------------------------

    @OnEveryDatabase
    void listsNewestFirstPageByPageAndFiltered(ReferenceFixture fixture) {
        for (int day = 1; day <= 5; day++) {
            fixture.rates.record("USD", "CNY", "7.0" + day, "2024-01-0" + day);
        }
        fixture.rates.record("EUR", "CNY", "7.8", "2024-01-03");

        List<ExchangeRate> all = new ArrayList<>();
        Page<ExchangeRate> page = fixture.rates.list(null, null, null, new PageRequest(4, null));
        all.addAll(page.items());
        assertThat(page.items()).hasSize(4);
        page = fixture.rates.list(null, null, null, PageRequest.of("4", page.nextCursor()));
        all.addAll(page.items());
        assertThat(page.nextCursor()).isNull();

        assertThat(all).extracting(ExchangeRate::effectiveDate).hasSize(6)
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(fixture.rates.list(USD, null, LocalDate.of(2024, 1, 3), new PageRequest(50, null)).items())
                .extracting(rate -> rate.rate().toPlainString()).containsExactly("7.03", "7.02", "7.01");
        assertThat(fixture.rates.list(null, CNY, null, new PageRequest(50, null)).items()).hasSize(6);
        assertThat(fixture.rates.list(CNY, null, null, new PageRequest(50, null)).items()).isEmpty();
    }

    @OnEveryDatabase
    void aCursorOfAnotherListIsRefused(ReferenceFixture fixture) {
        assertThat(fieldsRejectedBy(() -> fixture.rates.list(null, null, null, PageRequest.of("5",
                Cursor.of("not a date", "x").encode())))).containsExactly("cursor");
    }

    @OnEveryDatabase
    void aRateRecordedByMistakeIsDeleted(ReferenceFixture fixture) {
        ExchangeRate mistake = fixture.rates.record("USD", "CNY", "71", "2024-01-01").rate();

        assertThat(fixture.rates.delete(mistake.id())).isTrue();
        assertThat(fixture.rates.delete(mistake.id())).isFalse();
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 1))).isEmpty();
        assertThat(fixture.currencies.changeBase("CNY")).as("no rates left, so the base may change").isEqualTo(CNY);
    }

    private static Money convert(ReferenceFixture fixture, String amount, String currency, Currency to,
                                 LocalDate day) {
        return fixture.rates.convert(Money.of(amount, currency), to, day).orElseThrow();
    }
}
