package io.relata.core.reference;

import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.reference.Currencies;
import io.relata.api.reference.CurrencyEntry;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/**
 * The {@code core_currency} table and the base currency. At every start the currencies in circulation that are
 * not in the table yet are added as active, so a newer JDK's currencies appear without a migration.
 */
@Component(service = {Currencies.class, JdbcCurrencies.class}, configurationPid = ReferenceSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ReferenceSettings.class)
public class JdbcCurrencies implements Currencies {

    static final String BASE_CURRENCY = "base-currency";
    static final Currency FALLBACK_BASE = Currency.getInstance("USD");
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCurrencies.class);

    private final Jdbc jdbc;
    private final Transactions transactions;

    @Activate
    public JdbcCurrencies(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                          @Reference(target = ReferenceSchema.READY) SchemaStatus schema,
                          @Reference Transactions transactions, ReferenceSettings settings) {
        this.jdbc = new Jdbc(dataSource);
        this.transactions = transactions;
        Seeding.run(transactions, "currencies", () -> seed(settings.base_currency()));
    }

    private void seed(String configuredBase) {
        Set<String> present = new HashSet<>(jdbc.list("SELECT code FROM core_currency", row -> row.getString(1)));
        CirculatingCurrencies.codes().filter(code -> !present.contains(code))
                .forEach(code -> jdbc.update("INSERT INTO core_currency (code, active) VALUES (?, ?)", code, true));
        if (storedBase().isEmpty()) {
            Currency base = circulating(configuredBase).orElseGet(() -> {
                LOG.warn("{} base.currency '{}' is not an ISO 4217 currency in circulation; the base currency is {}",
                        ReferenceSettings.PID, configuredBase, FALLBACK_BASE);
                return FALLBACK_BASE;
            });
            jdbc.update("UPDATE core_currency SET active = ? WHERE code = ?", true, base.getCurrencyCode());
            jdbc.update("INSERT INTO core_reference_setting (name, setting_value) VALUES (?, ?)", BASE_CURRENCY,
                    base.getCurrencyCode());
        }
    }

    @Override
    public Currency baseCurrency() {
        return storedBase().map(Currency::getInstance).orElse(FALLBACK_BASE);
    }

    @Override
    public boolean isActive(String code) {
        return code != null && jdbc.first("SELECT active FROM core_currency WHERE code = ?",
                row -> row.getBoolean(1), code).orElse(false);
    }

    @Override
    public List<CurrencyEntry> list() {
        Currency base = baseCurrency();
        return jdbc.list("SELECT code, active FROM core_currency ORDER BY code", row -> {
            Currency currency = Currency.getInstance(row.getString("code"));
            return new CurrencyEntry(currency, row.getBoolean("active"), currency.equals(base));
        });
    }

    Optional<CurrencyEntry> entry(Currency currency) {
        Currency base = baseCurrency();
        return jdbc.first("SELECT active FROM core_currency WHERE code = ?",
                row -> new CurrencyEntry(currency, row.getBoolean(1), currency.equals(base)),
                currency.getCurrencyCode());
    }

    /**
     * Lets new records use the currency, or stops them. The base currency and the currencies subsidiaries keep
     * their books in stay active.
     *
     * @throws ProblemException 404 for a code that is not a currency in circulation; 409 when it must stay active
     */
    CurrencyEntry setActive(String code, boolean active) {
        Currency currency = circulating(code)
                .orElseThrow(() -> Problem.notFound("no currency " + code + " in circulation").toException());
        return transactions.required(() -> {
            if (!active) {
                if (currency.equals(baseCurrency())) {
                    throw Problem.conflict(currency.getCurrencyCode()
                            + " is the base currency; choose another base currency first").toException();
                }
                List<String> keepingBooks = jdbc.list("SELECT name FROM core_subsidiary WHERE base_currency = ?"
                        + " ORDER BY name", row -> row.getString(1), currency.getCurrencyCode());
                if (!keepingBooks.isEmpty()) {
                    throw Problem.conflict("subsidiaries keep their books in " + currency.getCurrencyCode() + ": "
                            + String.join(", ", keepingBooks)).toException();
                }
            }
            jdbc.update("UPDATE core_currency SET active = ? WHERE code = ?", active, currency.getCurrencyCode());
            return entry(currency).orElseThrow();
        });
    }

    /**
     * Makes another active currency the base. Only while no exchange rate is recorded: once rates exist, modules
     * may have converted amounts into the base currency and stored them, and those would silently change meaning.
     *
     * @throws ProblemException 400 naming {@code currency} when it is not an active currency; 409 when exchange
     *                          rates exist
     */
    Currency changeBase(String code) {
        Currency currency = requireActive(code, "currency");
        return transactions.required(() -> {
            if (currency.equals(baseCurrency())) {
                return currency;
            }
            long rates = jdbc.count("SELECT COUNT(*) FROM core_exchange_rate");
            if (rates > 0) {
                throw Problem.conflict("the base currency cannot change once exchange rates are recorded (" + rates
                        + " are): amounts already converted into " + baseCurrency().getCurrencyCode()
                        + " would change meaning").toException();
            }
            jdbc.update("UPDATE core_reference_setting SET setting_value = ? WHERE name = ?",
                    currency.getCurrencyCode(), BASE_CURRENCY);
            return currency;
        });
    }

    /**
     * Reads a currency code a person typed: surrounding blanks and lower case are forgiven.
     *
     * @throws ProblemException 400 naming the field when it is not an active currency in circulation
     */
    Currency requireActive(String code, String field) {
        Currency currency = requireCirculating(code, field);
        if (!isActive(currency.getCurrencyCode())) {
            throw Problem.validation(field, currency.getCurrencyCode() + " is not an active currency").toException();
        }
        return currency;
    }

    /** @throws ProblemException 400 naming the field when it is not an ISO 4217 currency in circulation */
    static Currency requireCirculating(String code, String field) {
        if (code == null || code.isBlank()) {
            throw Problem.validation(field, "is required").toException();
        }
        return circulating(code).orElseThrow(() -> Problem.validation(field,
                code.strip() + " is not an ISO 4217 currency code in circulation").toException());
    }

    static Optional<Currency> circulating(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String normalised = code.strip().toUpperCase(Locale.ROOT);
        return CirculatingCurrencies.all().stream()
                .filter(currency -> currency.getCurrencyCode().equals(normalised)).findFirst();
    }

    private Optional<String> storedBase() {
        return jdbc.first("SELECT setting_value FROM core_reference_setting WHERE name = ?",
                row -> row.getString(1), BASE_CURRENCY);
    }
}
