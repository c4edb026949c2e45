package io.relata.core.customers.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;

/** A command line as the console bridge hands it over: {@code --name=value} options, {@code --flags}, arguments. */
public final class FakeInvocation implements CommandInvocation {

    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    public FakeInvocation(String... tokens) {
        for (String token : tokens) {
            int equals = token.indexOf('=');
            if (!token.startsWith("--")) {
                arguments.add(token);
            } else if (equals > 2) {
                options.put(token.substring(2, equals), token.substring(equals + 1));
            } else {
                flags.add(token.substring(2));
            }
        }
    }

    public String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    public List<String> lines() {
        return printed().lines().toList();
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
