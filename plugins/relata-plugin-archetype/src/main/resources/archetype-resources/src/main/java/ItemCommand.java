package ${package};

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

/** {@code relata:${moduleId}-items}: lists items, or adds one with {@code --add=<name>}. */
@Component
@CommandSpec(name = "${moduleId}-items", description = "Lists or adds ${moduleName} items",
        usage = "relata:${moduleId}-items [--add=<name>]")
public class ItemCommand implements ConsoleCommand {

    @Reference
    private ItemStore store;

    @Override
    public void execute(CommandInvocation invocation) {
        invocation.option("add").ifPresent(name ->
                invocation.out().println("added " + store.create(new NewItem(name).validName()).id()));
        store.list(50).forEach(item -> invocation.out().println(item.name()));
    }
}
