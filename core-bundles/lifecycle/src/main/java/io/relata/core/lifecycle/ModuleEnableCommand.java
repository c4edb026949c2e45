package io.relata.core.lifecycle;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

@Component
@CommandSpec(name = "module-enable", description = "Installs a module's feature once its license and required modules allow it",
        usage = "relata:module-enable <module-id>")
public class ModuleEnableCommand implements ConsoleCommand {

    @Reference
    private ModuleLifecycle lifecycle;

    @Override
    public void execute(CommandInvocation invocation) throws Exception {
        invocation.out().println(lifecycle.enable(invocation.argument(0, "module-id")));
    }
}
