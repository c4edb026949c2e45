package io.relata.core.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;

/** {@code relata:fx-set} and {@code relata:fx-list}, with their arguments as the console hands them over. */
class FxCommandsTest {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency CNY = Currency.getInstance("CNY");

    @OnEveryDatabase
    void fxSetRecordsARateForTodayAndConfirmsIt(ReferenceFixture fixture) throws Exception {
        Console console = new Console("usd", "CNY", "7.10");

        new FxCommands.SetRate(fixture.rates).execute(console);

        assertThat(console.printed()).isEqualTo("Recorded 1 USD = 7.1 CNY from 2024-03-15\n");
        assertThat(fixture.rates.rate(USD, CNY, ReferenceFixture.TODAY)).hasValue(new BigDecimal("7.1"));
    }

    @OnEveryDatabase
    void fxSetTakesTheDayInEitherForm(ReferenceFixture fixture) throws Exception {
        new FxCommands.SetRate(fixture.rates).execute(new Console("USD", "CNY", "7.0", "--date=2024-01-01"));
        Console again = new Console("USD", "CNY", "7.05", "--date", "2024-01-01");

        new FxCommands.SetRate(fixture.rates).execute(again);

        assertThat(again.printed()).isEqualTo("Replaced the rate of the day: 1 USD = 7.05 CNY from 2024-01-01\n");
        assertThat(fixture.rates.rate(USD, CNY, LocalDate.of(2024, 1, 1))).hasValue(new BigDecimal("7.05"));
    }

    @OnEveryDatabase
    void fxSetSaysWhatIsWrongWithTheInput(ReferenceFixture fixture) {
        FxCommands.SetRate command = new FxCommands.SetRate(fixture.rates);

        assertThatThrownBy(() -> command.execute(new Console("USD", "CNY", "-7")))
                .isInstanceOf(CommandFailedException.class).hasMessage("<rate> must be greater than 0");
        assertThatThrownBy(() -> command.execute(new Console("USD", "XYZ", "7", "--date=2024-02-30")))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("<to> XYZ is not an ISO 4217 currency code in circulation; --date is not a date as"
                        + " yyyy-MM-dd");
        assertThatThrownBy(() -> command.execute(new Console("USD", "USD", "1")))
                .isInstanceOf(CommandFailedException.class).hasMessage("<to> is the same currency as from");
        assertThatThrownBy(() -> command.execute(new Console("USD", "CNY")))
                .isInstanceOf(CommandFailedException.class).hasMessageStartingWith("missing argument <rate>");
        assertThatThrownBy(() -> command.execute(new Console("USD", "CNY", "7", "8")))
                .isInstanceOf(CommandFailedException.class).hasMessageStartingWith("unexpected [8]");
        assertThatThrownBy(() -> command.execute(new Console("USD", "CNY", "7", "--date")))
                .isInstanceOf(CommandFailedException.class).hasMessage("--date needs a day as yyyy-MM-dd");
        assertThat(fixture.count("SELECT COUNT(*) FROM core_exchange_rate")).isZero();
    }

    @OnEveryDatabase
    void fxListShowsTheRatesAndTheOneThatApplies(ReferenceFixture fixture) throws Exception {
        fixture.rates.record("CNY", "USD", "0.125", "2024-01-01");
        fixture.rates.record("EUR", "USD", "1.08", "2024-02-01");
        Console console = new Console("USD", "CNY", "--date=2024-02-01");

        new FxCommands.ListRates(fixture.rates, fixture.currencies).execute(console);

        assertThat(console.printed()).isEqualTo("""
                Base currency: USD
                No exchange rates recorded for USD to CNY on or before 2024-02-01
                On 2024-02-01: 1 USD = 8 CNY (inverse of the CNY->USD rate of 2024-01-01)
                """);

        Console all = new Console();
        new FxCommands.ListRates(fixture.rates, fixture.currencies).execute(all);

        assertThat(all.printed().lines().toList()).containsExactly(
                "Base currency: USD",
                "FROM | TO   | RATE                   | EFFECTIVE  | RECORDED BY",
                "EUR  | USD  | 1.08                   | 2024-02-01 | system",
                "CNY  | USD  | 0.125                  | 2024-01-01 | system");
    }

    @OnEveryDatabase
    void fxListSaysWhatIsWrongWithTheInput(ReferenceFixture fixture) {
        FxCommands.ListRates command = new FxCommands.ListRates(fixture.rates, fixture.currencies);

        assertThatThrownBy(() -> command.execute(new Console("USD", "DEM")))
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("<to> DEM is not an ISO 4217 currency code in circulation");
        assertThatThrownBy(() -> command.execute(new Console("--limit=0")))
                .isInstanceOf(CommandFailedException.class).hasMessage("--limit must be between 1 and 200");
        assertThatThrownBy(() -> command.execute(new Console("USD", "CNY", "EUR")))
                .isInstanceOf(CommandFailedException.class).hasMessageStartingWith("unexpected [EUR]");
        assertThatThrownBy(() -> command.execute(new Console("--date")))
                .isInstanceOf(CommandFailedException.class).hasMessage("--date needs a day as yyyy-MM-dd");
        assertThatThrownBy(() -> command.execute(new Console("USD", "--date=yesterday")))
                .isInstanceOf(CommandFailedException.class).hasMessage("--date is not a date as yyyy-MM-dd");
    }

    /** A command line split the way the console does: {@code --name=value}, {@code --flag} and arguments. */
    private static final class Console implements CommandInvocation {

        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> options = new HashMap<>();
        private final Set<String> flags = new HashSet<>();
        private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        Console(String... tokens) {
            for (String token : tokens) {
                if (!token.startsWith("--")) {
                    arguments.add(token);
                } else if (token.contains("=")) {
                    options.put(token.substring(2, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
                } else {
                    flags.add(token.substring(2));
                }
            }
        }

        String printed() {
            return printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        }

        @Override
        public List<String> arguments() {
            return List.copyOf(arguments);
        }

        @Override
        public String argument(int index, String name) {
            if (index >= arguments.size()) {
                throw new CommandFailedException("missing argument <" + name + ">");
            }
            return arguments.get(index);
        }

        @Override
        public Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        @Override
        public boolean flag(String name) {
            return flags.contains(name);
        }

        @Override
        public PrintStream out() {
            return out;
        }

        @Override
        public String user() {
            return "admin";
        }
    }
}
