package io.relata.example.hello;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;
import io.relata.api.rest.PageRequest;

/** {@code relata:hello}: lists greetings, or stores one for the name given. */
@Component
@CommandSpec(name = "hello", description = "Greets someone and stores the greeting, or lists greetings",
        usage = "relata:hello [<name>] [--message=<text>]")
public class HelloCommand implements ConsoleCommand {

    @Reference
    private GreetingStore store;

    @Override
    public void execute(CommandInvocation invocation) {
        if (invocation.arguments().isEmpty()) {
            var page = store.list(new PageRequest(PageRequest.MAX_LIMIT, null));
            page.items().forEach(greeting -> invocation.out().println(greeting.name() + ": " + greeting.message()));
            invocation.out().println(store.count() + " greeting(s)");
            return;
        }
        GreetingView greeting = store.create(new GreetingChanges(String.join(" ", invocation.arguments()),
                invocation.option("message").orElse(null)));
        invocation.out().println(greeting.message() + " (stored as " + greeting.id() + ")");
    }
}
