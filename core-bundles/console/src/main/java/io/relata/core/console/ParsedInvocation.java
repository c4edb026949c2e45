package io.relata.core.console;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.relata.api.console.CommandFailedException;
import io.relata.api.console.CommandInvocation;

/** Splits a command line into {@code --name=value} options, {@code --flag}s and positional arguments. */
final class ParsedInvocation implements CommandInvocation {

    private final List<String> arguments = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final PrintStream out;
    private final String user;
    private final String usage;

    ParsedInvocation(List<?> tokens, PrintStream out, String user, String usage) {
        this.out = out;
        this.user = user;
        this.usage = usage;
        boolean onlyArguments = false;
        for (Object token : tokens) {
            String text = String.valueOf(token);
            if (onlyArguments || !text.startsWith("--") || text.length() == 2) {
                if (text.equals("--") && !onlyArguments) {
                    onlyArguments = true;
                } else {
                    arguments.add(text);
                }
                continue;
            }
            int equals = text.indexOf('=');
            if (equals > 2) {
                options.put(text.substring(2, equals), text.substring(equals + 1));
            } else {
                flags.add(text.substring(2));
            }
        }
    }

    @Override
    public List<String> arguments() {
        return List.copyOf(arguments);
    }

    @Override
    public String argument(int index, String name) {
        if (index >= arguments.size()) {
            throw new CommandFailedException("missing argument <" + name + ">; usage: " + usage);
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
        return user;
    }
}
