package io.relata.core.reference;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.relata.api.money.Money;
import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.reference.ExchangeRate;
import io.relata.api.reference.ExchangeRates;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.UserPrincipal;

/** The {@code core_exchange_rate} table: one rate per currency pair and day, recorded by administrators. */
@Component(service = {ExchangeRates.class, JdbcExchangeRates.class})
public class JdbcExchangeRates implements ExchangeRates {

    static final int MAX_DECIMAL_PLACES = 12;
    /** What NUMERIC(30,12) leaves before the decimal point. */
    static final int MAX_INTEGER_DIGITS = 18;
    /** An inverted rate is not recorded anywhere; sixteen significant digits are more than any rate carries. */
    private static final MathContext INVERSION = MathContext.DECIMAL64;

    private static final String COLUMNS =
            "id, from_currency, to_currency, rate, effective_date, recorded_at, recorded_by";

    private final Jdbc jdbc;
    private final Transactions transactions;
    private final JdbcCurrencies currencies;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CurrentUser currentUser;

    @Activate
    public JdbcExchangeRates(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                             @Reference(target = ReferenceSchema.READY) SchemaStatus schema,
                             @Reference Transactions transactions, @Reference JdbcCurrencies currencies) {
        this(dataSource, transactions, currencies, Clock.systemUTC());
    }

    JdbcExchangeRates(DataSource dataSource, Transactions transactions, JdbcCurrencies currencies, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.transactions = transactions;
        this.currencies = currencies;
        this.clock = clock;
    }

    /**
     * The rate a lookup found: recorded in the asked direction, or the inverse of one recorded the other way.
     *
     * @param rate     units of {@code to} per unit of {@code from}
     * @param recorded the recorded rate it comes from; {@code null} when from and to are the same currency
     * @param inverse  whether {@code recorded} is the other direction
     */
    record AppliedRate(Currency from, Currency to, LocalDate date, BigDecimal rate, ExchangeRate recorded,
                       boolean inverse) {

        /**
         * Converts with one rounding only: dividing by the recorded rate is exact up to the rounding to the target's
         * minor unit, where multiplying by the rounded inverse would round twice.
         */
        BigDecimal convert(BigDecimal amount, int scale) {
            return inverse ? amount.divide(recorded.rate(), scale, RoundingMode.HALF_EVEN)
                    : amount.multiply(rate).setScale(scale, RoundingMode.HALF_EVEN);
        }
    }

    @Override
    public Optional<BigDecimal> rate(Currency from, Currency to, LocalDate date) {
        return applicable(from, to, date).map(AppliedRate::rate);
    }

    @Override
    public Optional<Money> convert(Money money, Currency to, LocalDate date) {
        Objects.requireNonNull(money, "money");
        if (money.currency().equals(Objects.requireNonNull(to, "to"))) {
            return Optional.of(money);
        }
        // currencies without a minor unit (-1) are not in circulation, so no rate reaches them; 0 places is safe
        int scale = Math.max(0, to.getDefaultFractionDigits());
        return applicable(money.currency(), to, date)
                .map(applied -> new Money(applied.convert(money.amount(), scale), to));
    }

    /** The rate of the pair on the day, see {@link ExchangeRates}. */
    Optional<AppliedRate> applicable(Currency from, Currency to, LocalDate date) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(date, "date");
        if (from.equals(to)) {
            return Optional.of(new AppliedRate(from, to, date, BigDecimal.ONE, null, false));
        }
        Optional<ExchangeRate> direct = latest(from, to, date);
        Optional<ExchangeRate> opposite = latest(to, from, date);
        if (direct.isPresent()
                && (opposite.isEmpty() || !direct.get().effectiveDate().isBefore(opposite.get().effectiveDate()))) {
            return Optional.of(new AppliedRate(from, to, date, direct.get().rate(), direct.get(), false));
        }
        return opposite.map(recorded -> new AppliedRate(from, to, date,
                Jdbc.plain(BigDecimal.ONE.divide(recorded.rate(), INVERSION)), recorded, true));
    }

    private Optional<ExchangeRate> latest(Currency from, Currency to, LocalDate date) {
        return jdbc.first("SELECT " + COLUMNS + " FROM core_exchange_rate WHERE from_currency = ? AND to_currency = ?"
                        + " AND effective_date <= ? ORDER BY effective_date DESC", JdbcExchangeRates::read,
                from.getCurrencyCode(), to.getCurrencyCode(), date);
    }

    /** What {@link #record} did: added a rate, or replaced the pair's rate of that day. */
    record Recorded(ExchangeRate rate, boolean created) {
    }

    /**
     * Records the rate of a pair from a day on, replacing a rate of the same pair and day. Takes the values as a
     * person typed them, and names the field of each that is not valid.
     *
     * @param effectiveDate {@code yyyy-MM-dd}; {@code null} or blank for today (UTC)
     * @throws ProblemException 400 naming {@code from}, {@code to}, {@code rate} or {@code effectiveDate}
     */
    Recorded record(String from, String to, String rate, String effectiveDate) {
        List<FieldError> errors = new ArrayList<>();
        Currency source = currency(from, "from", errors);
        Currency target = currency(to, "to", errors);
        if (source != null && source.equals(target)) {
            errors.add(new FieldError("to", "is the same currency as from"));
        }
        BigDecimal value = rate(rate, errors);
        LocalDate date = date(effectiveDate, "effectiveDate", errors);
        if (!errors.isEmpty()) {
            throw Problem.validation(errors).toException();
        }
        return transactions.required(() -> {
            Optional<ExchangeRate> sameDay = jdbc.first("SELECT " + COLUMNS + " FROM core_exchange_rate"
                            + " WHERE from_currency = ? AND to_currency = ? AND effective_date = ?",
                    JdbcExchangeRates::read, source.getCurrencyCode(), target.getCurrencyCode(), date);
            ExchangeRate recorded = new ExchangeRate(sameDay.map(ExchangeRate::id).orElseGet(() ->
                    UUID.randomUUID().toString()), source, target, value, date, clock.instant(), recordedBy());
            if (sameDay.isPresent()) {
                jdbc.update("UPDATE core_exchange_rate SET rate = ?, recorded_at = ?, recorded_by = ? WHERE id = ?",
                        recorded.rate(), recorded.recordedAt(), recorded.recordedBy(), recorded.id());
            } else {
                jdbc.update("INSERT INTO core_exchange_rate (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                        recorded.id(), source.getCurrencyCode(), target.getCurrencyCode(), recorded.rate(),
                        recorded.effectiveDate(), recorded.recordedAt(), recorded.recordedBy());
            }
            return new Recorded(find(recorded.id()).orElseThrow(), sameDay.isEmpty());
        });
    }

    Optional<ExchangeRate> find(String id) {
        return jdbc.first("SELECT " + COLUMNS + " FROM core_exchange_rate WHERE id = ?", JdbcExchangeRates::read, id);
    }

    /** @return whether there was such a rate */
    boolean delete(String id) {
        return jdbc.update("DELETE FROM core_exchange_rate WHERE id = ?", id) > 0;
    }

    /**
     * Recorded rates, newest effective date first; the cursor is the last rate's effective date and id.
     *
     * @param from       only rates from this currency, or {@code null}
     * @param to         only rates to this currency, or {@code null}
     * @param onOrBefore only rates effective on or before this day, or {@code null}
     */
    Page<ExchangeRate> list(Currency from, Currency to, LocalDate onOrBefore, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM core_exchange_rate WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (from != null) {
            sql.append(" AND from_currency = ?");
            parameters.add(from.getCurrencyCode());
        }
        if (to != null) {
            sql.append(" AND to_currency = ?");
            parameters.add(to.getCurrencyCode());
        }
        if (onOrBefore != null) {
            sql.append(" AND effective_date <= ?");
            parameters.add(onOrBefore);
        }
        if (page.cursor() != null) {
            LocalDate after = cursorDate(page.cursor());
            sql.append(" AND (effective_date < ? OR (effective_date = ? AND id < ?))");
            parameters.add(after);
            parameters.add(after);
            parameters.add(page.cursor().key(1));
        }
        sql.append(" ORDER BY effective_date DESC, id DESC");
        List<ExchangeRate> rates = jdbc.query(page.limit() + 1, sql.toString(), JdbcExchangeRates::read,
                parameters.toArray());
        if (rates.size() <= page.limit()) {
            return Page.last(rates);
        }
        ExchangeRate last = rates.get(page.limit() - 1);
        return new Page<>(rates.subList(0, page.limit()),
                Cursor.of(last.effectiveDate().toString(), last.id()).encode());
    }

    private Currency currency(String code, String field, List<FieldError> errors) {
        try {
            return currencies.requireActive(code, field);
        } catch (ProblemException e) {
            errors.addAll(e.problem().errors());
            return null;
        }
    }

    private static BigDecimal rate(String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            errors.add(new FieldError("rate", "is required"));
            return null;
        }
        BigDecimal rate;
        try {
            rate = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError("rate", "is not a decimal number"));
            return null;
        }
        BigDecimal plain = Jdbc.plain(rate);
        if (plain.signum() <= 0) {
            errors.add(new FieldError("rate", "must be greater than 0"));
        } else if (plain.scale() > MAX_DECIMAL_PLACES) {
            errors.add(new FieldError("rate", "at most " + MAX_DECIMAL_PLACES + " decimal places"));
        } else if (plain.precision() - plain.scale() > MAX_INTEGER_DIGITS) {
            errors.add(new FieldError("rate", "at most " + MAX_INTEGER_DIGITS + " digits before the decimal point"));
        }
        return plain;
    }

    /** The day a rate recorded without one takes effect. */
    LocalDate today() {
        return LocalDate.now(clock);
    }

    /** @return the day, today (UTC) when none is given, or {@code null} after adding an error */
    private LocalDate date(String text, String field, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return today();
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "is not a date as yyyy-MM-dd"));
            return null;
        }
    }

    private static LocalDate cursorDate(Cursor cursor) {
        try {
            if (cursor.keys().size() != 2) {
                throw new IllegalArgumentException("two keys expected");
            }
            return LocalDate.parse(cursor.key(0));
        } catch (RuntimeException e) {
            throw Problem.validation("cursor", "is not a cursor of this list").toException();
        }
    }

    private String recordedBy() {
        CurrentUser user = currentUser;
        return user == null ? UserPrincipal.SYSTEM
                : user.get().map(UserPrincipal::username).orElse(UserPrincipal.SYSTEM);
    }

    private static ExchangeRate read(ResultSet row) throws SQLException {
        return new ExchangeRate(row.getString("id"), Currency.getInstance(row.getString("from_currency")),
                Currency.getInstance(row.getString("to_currency")), Jdbc.decimal(row, "rate"),
                Jdbc.date(row, "effective_date"), Jdbc.instant(row, "recorded_at"), row.getString("recorded_by"));
    }
}
