package io.relata.core.lifecycle;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.relata.api.console.CommandInvocation;
import io.relata.api.console.CommandSpec;
import io.relata.api.console.ConsoleCommand;

@Component
@CommandSpec(name = "module-disable", description = "Uninstalls a module's feature unless another module needs it; data is kept",
        usage = "relata:module-disable <module-id>")
public class ModuleDisableCommand implements ConsoleCommand {

    @Reference
    private ModuleLifecycle lifecycle;

    @Override
    public void execute(CommandInvocation invocation) throws Exception {
        invocation.out().println(lifecycle.disable(invocation.argument(0, "module-id")));
    }
}
