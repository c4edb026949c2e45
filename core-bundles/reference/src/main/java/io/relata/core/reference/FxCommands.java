package io.relata.core.reference;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.reference.ExchangeRate;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;

/** The exchange rate commands of the console. */
final class FxCommands {

    private FxCommands() {
    }

    /**
     * The day of {@code --date=2024-03-31}, or of {@code --date 2024-03-31} as people also type it (the console
     * reads that as a flag and one more argument).
     *
     * @param position where the day is among the arguments in the second form
     * @return the day as typed, or {@code null} when there is none
     */
    static String date(CommandInvocation invocation, int position) {
        if (invocation.option("date").isPresent()) {
            return invocation.option("date").get();
        }
        if (invocation.flag("date")) {
            if (position < 0 || invocation.arguments().size() <= position) {
                throw new CommandFailedException("--date needs a day as yyyy-MM-dd");
            }
            return invocation.arguments().get(position);
        }
        return null;
    }

    /** The problem's field errors as one line, naming the arguments and options the user typed. */
    static CommandFailedException failure(ProblemException refused) {
        List<FieldError> errors = refused.problem().errors();
        if (errors.isEmpty()) {
            return new CommandFailedException(refused.getMessage(), refused);
        }
        return new CommandFailedException(errors.stream()
                .map(error -> switch (error.field()) {
                    case "effectiveDate" -> "--date";
                    case "limit" -> "--limit";
                    default -> "<" + error.field() + ">";
                } + " " + error.message())
                .collect(Collectors.joining("; ")), refused);
    }

    @Component
    @CommandSpec(name = "fx-set", description = "Records an exchange rate: 1 <from> buys <rate> <to>, from a day on"
            + " (today, UTC, without --date); replaces the pair's rate of that day",
            usage = "relata:fx-set <from> <to> <rate> [--date=yyyy-MM-dd]")
    public static class SetRate implements ConsoleCommand {

        private final JdbcExchangeRates rates;

        @Activate
        public SetRate(@Reference JdbcExchangeRates rates) {
            this.rates = rates;
        }

        @Override
        public void execute(CommandInvocation invocation) {
            String from = invocation.argument(0, "from");
            String to = invocation.argument(1, "to");
            String rate = invocation.argument(2, "rate");
            String date = date(invocation, 3);
            int expected = invocation.flag("date") ? 4 : 3;
            if (invocation.arguments().size() > expected) {
                throw new CommandFailedException("unexpected " + invocation.arguments().subList(expected,
                        invocation.arguments().size()) + "; usage: relata:fx-set <from> <to> <rate> [--date=yyyy-MM-dd]");
            }
            JdbcExchangeRates.Recorded recorded;
            try {
                recorded = rates.record(from, to, rate, date);
            } catch (ProblemException refused) {
                throw failure(refused);
            }
            ExchangeRate saved = recorded.rate();
            invocation.out().println((recorded.created() ? "Recorded" : "Replaced the rate of the day:") + " 1 "
                    + saved.from() + " = " + saved.rate().toPlainString() + " " + saved.to() + " from "
                    + saved.effectiveDate());
        }
    }

    @Component
    @CommandSpec(name = "fx-list", description = "Lists recorded exchange rates, newest first; with <from> and <to>"
            + " also the rate that applies on the day (today, UTC, without --date)",
            usage = "relata:fx-list [<from> [<to>]] [--date=yyyy-MM-dd] [--limit=50]")
    public static class ListRates implements ConsoleCommand {

        private final JdbcExchangeRates rates;
        private final JdbcCurrencies currencies;

        @Activate
        public ListRates(@Reference JdbcExchangeRates rates, @Reference JdbcCurrencies currencies) {
            this.rates = rates;
            this.currencies = currencies;
        }

        @Override
        public void execute(CommandInvocation invocation) {
            List<String> arguments = new ArrayList<>(invocation.arguments());
            String dateText = date(invocation, arguments.size() - 1);
            if (invocation.flag("date")) {
                arguments.remove(arguments.size() - 1);
            }
            if (arguments.size() > 2) {
                throw new CommandFailedException("unexpected " + arguments.subList(2, arguments.size())
                        + "; usage: relata:fx-list [<from> [<to>]] [--date=yyyy-MM-dd] [--limit=50]");
            }
            Currency from;
            Currency to;
            LocalDate date;
            PageRequest page;
            try {
                from = arguments.isEmpty() ? null : JdbcCurrencies.requireCirculating(arguments.get(0), "from");
                to = arguments.size() < 2 ? null : JdbcCurrencies.requireCirculating(arguments.get(1), "to");
                date = Queries.date(dateText, "effectiveDate");
                page = PageRequest.of(invocation.option("limit").orElse(null), null);
            } catch (ProblemException refused) {
                throw failure(refused);
            }
            invocation.out().println("Base currency: " + currencies.baseCurrency());
            List<ExchangeRate> found = rates.list(from, to, date, page).items();
            if (found.isEmpty()) {
                invocation.out().println("No exchange rates recorded" + (from == null ? "" : " for " + from
                        + (to == null ? "" : " to " + to)) + (date == null ? "" : " on or before " + date));
            } else {
                String row = "%-4s | %-4s | %-22s | %-10s | %s%n";
                invocation.out().printf(row, "FROM", "TO", "RATE", "EFFECTIVE", "RECORDED BY");
                for (ExchangeRate rate : found) {
                    invocation.out().printf(row, rate.from(), rate.to(), rate.rate().toPlainString(),
                            rate.effectiveDate(), rate.recordedBy());
                }
            }
            if (from != null && to != null) {
                LocalDate day = date != null ? date : rates.today();
                invocation.out().println(rates.applicable(from, to, day)
                        .map(applied -> "On " + day + ": 1 " + from + " = " + applied.rate().toPlainString() + " "
                                + to + (applied.inverse() ? " (inverse of the " + to + "->" + from + " rate of "
                                + applied.recorded().effectiveDate() + ")" : ""))
                        .orElse("On " + day + " no rate converts " + from + " to " + to));
            }
        }
    }
}
